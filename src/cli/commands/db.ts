import type { Command } from 'commander';
import { openDatabase } from '../../storage/index.js';
import type { CommandContext } from '../context.js';

export function registerDb(program: Command, ctx: CommandContext): void {
  const db = program.command('db').description('database administration');

  db.command('migrate')
    .description('apply pending migrations (each in its own transaction)')
    .action(async () => {
      const config = ctx.config();
      const database = await openDatabase(config.database.url, {
        logger: ctx.logger(config),
        baseDir: ctx.io.cwd,
      });
      try {
        const applied = await database.migrate();
        const status = await database.migrationStatus();
        ctx.print(
          { database: database.url, dialect: database.dialect, applied, version: status.current },
          () =>
            applied.length === 0
              ? `${database.url}: already at version ${status.current}`
              : `${database.url}: applied migration${applied.length > 1 ? 's' : ''} ${applied.join(', ')}; now at version ${status.current}`,
        );
      } finally {
        await database.close();
      }
    });

  db.command('status')
    .description('show the schema version and pending migrations')
    .action(async () => {
      const config = ctx.config();
      const database = await openDatabase(config.database.url, {
        logger: ctx.logger(config),
        baseDir: ctx.io.cwd,
      });
      try {
        const status = await database.migrationStatus();
        ctx.print({ database: database.url, dialect: database.dialect, ...status }, () =>
          [
            `${database.url} (${database.dialect}): version ${status.current} of ${status.latest}`,
            ...status.pending.map((m) => `  pending ${m.version} ${m.name}`),
          ].join('\n'),
        );
      } finally {
        await database.close();
      }
    });
}
