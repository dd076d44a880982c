import type { Kysely } from 'kysely';
import { columnTypes, type MigrationContext, withSerialId } from '../types.js';

/** Strategies and what they produce: signals, backtest results; plus the append-only trade log. */
export async function createResearchTables(
  db: Kysely<unknown>,
  { dialect }: MigrationContext,
): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('strategies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('spec', t.json, (c) => c.notNull())
    .addColumn('params', t.json, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('strategies_name_idx').on('strategies').columns(['name', 'version']).execute();

  await withSerialId(db.schema.createTable('signals'), dialect)
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('ts', t.bigint, (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('signals_strategy_ts_idx')
    .on('signals')
    .columns(['strategy_id', 'ts'])
    .execute();

  await withSerialId(db.schema.createTable('trade_logs'), dialect)
    .addColumn('ts', t.bigint, (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details', t.json, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trade_logs_ts_idx').on('trade_logs').column('ts').execute();
  await db.schema
    .createIndex('trade_logs_subject_ts_idx')
    .on('trade_logs')
    .columns(['subject', 'ts'])
    .execute();

  await db.schema
    .createTable('backtest_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('params', t.json, (c) => c.notNull())
    .addColumn('config', t.json, (c) => c.notNull())
    .addColumn('metrics', t.json, (c) => c.notNull())
    .addColumn('equity', t.json, (c) => c.notNull())
    .addColumn('trades', t.json, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('backtest_results_strategy_idx')
    .on('backtest_results')
    .columns(['strategy', 'created_at'])
    .execute();
  await db.schema
    .createIndex('backtest_results_created_idx')
    .on('backtest_results')
    .column('created_at')
    .execute();
}
