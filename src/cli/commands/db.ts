import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';

export function registerDb(program: Command, ctx: CommandContext): void {
  const db = program.command('db').description('database administration');

  db.command('migrate')
    .description('apply pending migrations (each in its own transaction)')
    .action(() =>
      withDatabase(ctx, async (database) => {
        const applied = await database.migrate();
        const { current } = await database.migrationStatus();
        ctx.print({ database: database.url, dialect: database.dialect, applied, version: current }, () =>
          applied.length === 0
            ? `${database.url}: already at version ${current}`
            : `${database.url}: applied migration${applied.length > 1 ? 's' : ''} ${applied.join(', ')}; now at version ${current}`,
        );
      }),
    );

  db.command('status')
    .description('show the schema version and pending migrations')
    .action(() =>
      withDatabase(ctx, async (database) => {
        const status = await database.migrationStatus();
        ctx.print({ database: database.url, dialect: database.dialect, ...status }, () =>
          [
            `${database.url} (${database.dialect}): version ${status.current} of ${status.latest}`,
            ...status.pending.map((m) => `  pending ${m.version} ${m.name}`),
          ].join('\n'),
        );
      }),
    );
}
