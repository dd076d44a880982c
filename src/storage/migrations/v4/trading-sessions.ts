import type { Kysely } from 'kysely';
import { columnTypes, type MigrationContext } from '../types.js';

/**
 * Version 4, live trading:
 * - `account_leases`: one row per venue account; the process holding an unexpired lease is the only one
 *   allowed to trade the account (a second process refuses to start trading).
 * - `strategy_state`: each running strategy's persisted `ctx.state`, so it survives a restart.
 * - `orders.account` / `fills.account`: which account (paper session, demo or live venue account) an order
 *   or fill belongs to, so recovery after a restart reads only its own.
 */
export async function createTradingSessionTables(
  db: Kysely<unknown>,
  { dialect }: MigrationContext,
): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('account_leases')
    .addColumn('account_key', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('acquired_at', t.bigint, (c) => c.notNull())
    .addColumn('expires_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('strategy_state')
    .addColumn('strategy_id', 'text', (c) => c.primaryKey())
    .addColumn('state', t.json, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.alterTable('orders').addColumn('account', 'text').execute();
  await db.schema.alterTable('fills').addColumn('account', 'text').execute();
  await db.schema.createIndex('orders_account_idx').on('orders').columns(['account', 'status']).execute();
  await db.schema.createIndex('fills_account_idx').on('fills').columns(['account', 'ts']).execute();
}
