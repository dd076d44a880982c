import type { Selectable } from 'kysely';
import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';
import type { PositionsTable } from '../schema.js';

export interface PositionRecord {
  exchange: string;
  symbol: string;
  /** '' for the account-level position not attributed to a strategy. */
  strategyId: string;
  /** Signed: > 0 long, < 0 short, 0 flat. */
  qty: number;
  avgPrice: number;
  realisedPnl: number;
  leverage: number | null;
  marginMode: string | null;
  updatedAt: number;
}

export interface PositionRepository {
  /** Inserts or replaces the position of (exchange, symbol, strategyId). */
  upsert(position: PositionRecord): Promise<void>;
  get(exchange: string, symbol: string, strategyId?: string): Promise<PositionRecord | undefined>;
  list(filter?: { exchange?: string; strategyId?: string; openOnly?: boolean }): Promise<PositionRecord[]>;
}

function toRecord(r: Selectable<PositionsTable>): PositionRecord {
  return {
    exchange: r.exchange,
    symbol: r.symbol,
    strategyId: r.strategy_id,
    qty: r.qty,
    avgPrice: r.avg_price,
    realisedPnl: r.realised_pnl,
    leverage: r.leverage,
    marginMode: r.margin_mode,
    updatedAt: Number(r.updated_at),
  };
}

export function createPositionRepository({ db }: StorageContext): PositionRepository {
  return {
    upsert(p) {
      return guard('positions.upsert', async () => {
        const changes = {
          qty: p.qty,
          avg_price: p.avgPrice,
          realised_pnl: p.realisedPnl,
          leverage: p.leverage,
          margin_mode: p.marginMode,
          updated_at: p.updatedAt,
        };
        await db
          .insertInto('positions')
          .values({ exchange: p.exchange, symbol: p.symbol, strategy_id: p.strategyId, ...changes })
          .onConflict((oc) => oc.columns(['exchange', 'symbol', 'strategy_id']).doUpdateSet(changes))
          .execute();
      });
    },

    get(exchange, symbol, strategyId = '') {
      return guard('positions.get', async () => {
        const row = await db
          .selectFrom('positions')
          .selectAll()
          .where('exchange', '=', exchange)
          .where('symbol', '=', symbol)
          .where('strategy_id', '=', strategyId)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    list(filter = {}) {
      return guard('positions.list', async () => {
        let query = db
          .selectFrom('positions')
          .selectAll()
          .orderBy('exchange')
          .orderBy('symbol')
          .orderBy('strategy_id');
        if (filter.exchange !== undefined) query = query.where('exchange', '=', filter.exchange);
        if (filter.strategyId !== undefined) query = query.where('strategy_id', '=', filter.strategyId);
        if (filter.openOnly === true) query = query.where('qty', '<>', 0);
        return (await query.execute()).map(toRecord);
      });
    },
  };
}
