import type { Kysely } from 'kysely';
import { columnTypes, type MigrationContext } from '../types.js';

/**
 * Version 3, research: `optimization_runs`, one row per `quantlab optimize` run — the search (space,
 * method, objective, seed: enough to repeat it), every trial's parameters and metrics, the best result,
 * and the walk-forward and Monte Carlo analyses.
 */
export async function createOptimizationTables(
  db: Kysely<unknown>,
  { dialect }: MigrationContext,
): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('optimization_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('config', t.json, (c) => c.notNull())
    .addColumn('search', t.json, (c) => c.notNull())
    .addColumn('trials', t.json, (c) => c.notNull())
    .addColumn('best', t.json)
    .addColumn('analysis', t.json, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('optimization_runs_strategy_idx')
    .on('optimization_runs')
    .columns(['strategy', 'created_at'])
    .execute();
}
