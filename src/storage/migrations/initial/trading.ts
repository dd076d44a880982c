import type { Kysely } from 'kysely';
import { boolDefault, columnTypes, type MigrationContext } from '../types.js';

/** Trading state: orders, fills, positions, equity snapshots. */
export async function createTradingTables(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('orders')
    .addColumn('client_order_id', 'text', (c) => c.primaryKey())
    .addColumn('venue_order_id', 'text')
    .addColumn('strategy_id', 'text')
    .addColumn('exchange', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('time_in_force', 'text')
    .addColumn('qty', t.double, (c) => c.notNull())
    .addColumn('price', t.double)
    .addColumn('stop_price', t.double)
    .addColumn('reduce_only', t.bool, (c) => c.notNull().defaultTo(boolDefault(dialect, false)))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filled_qty', t.double, (c) => c.notNull().defaultTo(0))
    .addColumn('avg_fill_price', t.double)
    .addColumn('fees', t.double, (c) => c.notNull().defaultTo(0))
    .addColumn('fee_currency', 'text')
    .addColumn('external', t.bool, (c) => c.notNull().defaultTo(boolDefault(dialect, false)))
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addColumn('raw', t.json)
    .execute();
  await db.schema.createIndex('orders_status_idx').on('orders').columns(['status', 'exchange']).execute();
  await db.schema
    .createIndex('orders_venue_order_idx')
    .on('orders')
    .columns(['exchange', 'venue_order_id'])
    .execute();
  await db.schema
    .createIndex('orders_strategy_idx')
    .on('orders')
    .columns(['strategy_id', 'created_at'])
    .execute();

  // Fills are de-duplicated by the venue's trade id: the key is (exchange, trade_id).
  await db.schema
    .createTable('fills')
    .addColumn('exchange', 'text', (c) => c.notNull())
    .addColumn('trade_id', 'text', (c) => c.notNull())
    .addColumn('client_order_id', 'text')
    .addColumn('venue_order_id', 'text')
    .addColumn('strategy_id', 'text')
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('qty', t.double, (c) => c.notNull())
    .addColumn('price', t.double, (c) => c.notNull())
    .addColumn('fee', t.double, (c) => c.notNull().defaultTo(0))
    .addColumn('fee_currency', 'text')
    .addColumn('liquidity', 'text')
    .addColumn('ts', t.bigint, (c) => c.notNull())
    .addColumn('raw', t.json)
    .addPrimaryKeyConstraint('fills_pk', ['exchange', 'trade_id'])
    .execute();
  await db.schema.createIndex('fills_client_order_idx').on('fills').column('client_order_id').execute();
  await db.schema
    .createIndex('fills_symbol_ts_idx')
    .on('fills')
    .columns(['exchange', 'symbol', 'ts'])
    .execute();

  await db.schema
    .createTable('positions')
    .addColumn('exchange', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('strategy_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('qty', t.double, (c) => c.notNull())
    .addColumn('avg_price', t.double, (c) => c.notNull())
    .addColumn('realised_pnl', t.double, (c) => c.notNull().defaultTo(0))
    .addColumn('leverage', t.double)
    .addColumn('margin_mode', 'text')
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('positions_pk', ['exchange', 'symbol', 'strategy_id'])
    .execute();

  await db.schema
    .createTable('equity_snapshots')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ts', t.bigint, (c) => c.notNull())
    .addColumn('equity', t.double, (c) => c.notNull())
    .addColumn('cash', t.double, (c) => c.notNull())
    .addColumn('unrealised_pnl', t.double, (c) => c.notNull().defaultTo(0))
    .addColumn('risk', t.json)
    .addPrimaryKeyConstraint('equity_snapshots_pk', ['scope', 'scope_id', 'ts'])
    .execute();
}
