import { type Database, openDatabase } from '../storage/index.js';
import type { CommandContext } from './context.js';

export interface WithDatabaseOptions {
  /**
   * Apply pending migrations first (idempotent). Verbs that write user data (`data import`, `data download`)
   * migrate so that they work on a fresh clone, as `start` does; `db status` must not.
   */
  migrate?: boolean;
}

/** Opens the configured database for one command and always closes it. */
export async function withDatabase<T>(
  ctx: CommandContext,
  work: (database: Database) => Promise<T>,
  options: WithDatabaseOptions = {},
): Promise<T> {
  const config = ctx.config();
  const database = await openDatabase(config.database.url, {
    logger: ctx.logger(config),
    baseDir: ctx.io.cwd,
  });
  try {
    if (options.migrate) await database.migrate();
    return await work(database);
  } finally {
    await database.close();
  }
}
