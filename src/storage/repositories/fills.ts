import type { Selectable } from 'kysely';
import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';
import { fromJsonOrNull, toJsonOrNull } from '../json.js';
import type { FillsTable } from '../schema.js';

export interface FillRecord {
  exchange: string;
  /** The venue's trade id: fills are de-duplicated by (exchange, tradeId). */
  tradeId: string;
  clientOrderId: string | null;
  venueOrderId: string | null;
  strategyId: string | null;
  symbol: string;
  side: string;
  qty: number;
  price: number;
  fee: number;
  feeCurrency: string | null;
  /** maker | taker, when the venue says. */
  liquidity: string | null;
  ts: number;
  raw: unknown;
  /** The trading account (paper session, demo or live venue account) it belongs to. */
  account?: string | null;
}

export interface FillRepository {
  /** Stores the fill unless (exchange, tradeId) is known; true when it was new. */
  insertIfAbsent(fill: FillRecord): Promise<boolean>;
  get(exchange: string, tradeId: string): Promise<FillRecord | undefined>;
  listByOrder(clientOrderId: string): Promise<FillRecord[]>;
  /** Fills with from ≤ ts ≤ to, oldest first. */
  list(filter?: {
    exchange?: string;
    account?: string;
    symbol?: string;
    strategyId?: string;
    from?: number;
    to?: number;
    limit?: number;
  }): Promise<FillRecord[]>;
}

function toRecord(r: Selectable<FillsTable>): FillRecord {
  return {
    exchange: r.exchange,
    tradeId: r.trade_id,
    clientOrderId: r.client_order_id,
    venueOrderId: r.venue_order_id,
    strategyId: r.strategy_id,
    symbol: r.symbol,
    side: r.side,
    qty: r.qty,
    price: r.price,
    fee: r.fee,
    feeCurrency: r.fee_currency,
    liquidity: r.liquidity,
    ts: Number(r.ts),
    raw: fromJsonOrNull(r.raw),
    account: r.account,
  };
}

export function createFillRepository({ db }: StorageContext): FillRepository {
  return {
    insertIfAbsent(f) {
      return guard('fills.insertIfAbsent', async () => {
        const result = await db
          .insertInto('fills')
          .values({
            exchange: f.exchange,
            trade_id: f.tradeId,
            client_order_id: f.clientOrderId,
            venue_order_id: f.venueOrderId,
            strategy_id: f.strategyId,
            symbol: f.symbol,
            side: f.side,
            qty: f.qty,
            price: f.price,
            fee: f.fee,
            fee_currency: f.feeCurrency,
            liquidity: f.liquidity,
            ts: f.ts,
            raw: toJsonOrNull(f.raw),
            account: f.account ?? null,
          })
          .onConflict((oc) => oc.columns(['exchange', 'trade_id']).doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
      });
    },

    get(exchange, tradeId) {
      return guard('fills.get', async () => {
        const row = await db
          .selectFrom('fills')
          .selectAll()
          .where('exchange', '=', exchange)
          .where('trade_id', '=', tradeId)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    listByOrder(clientOrderId) {
      return guard('fills.listByOrder', async () => {
        const rows = await db
          .selectFrom('fills')
          .selectAll()
          .where('client_order_id', '=', clientOrderId)
          .orderBy('ts')
          .orderBy('exchange')
          .orderBy('trade_id')
          .execute();
        return rows.map(toRecord);
      });
    },

    list(filter = {}) {
      return guard('fills.list', async () => {
        let query = db.selectFrom('fills').selectAll().orderBy('ts').orderBy('exchange').orderBy('trade_id');
        if (filter.exchange !== undefined) query = query.where('exchange', '=', filter.exchange);
        if (filter.account !== undefined) query = query.where('account', '=', filter.account);
        if (filter.symbol !== undefined) query = query.where('symbol', '=', filter.symbol);
        if (filter.strategyId !== undefined) query = query.where('strategy_id', '=', filter.strategyId);
        if (filter.from !== undefined) query = query.where('ts', '>=', filter.from);
        if (filter.to !== undefined) query = query.where('ts', '<=', filter.to);
        if (filter.limit !== undefined) query = query.limit(filter.limit);
        return (await query.execute()).map(toRecord);
      });
    },
  };
}
