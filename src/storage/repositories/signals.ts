import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';
import { fromJson, toJson } from '../json.js';

export interface SignalInput {
  strategyId: string;
  ts: number;
  symbol: string;
  /** e.g. enter-long, exit, flip. */
  kind: string;
  payload: unknown;
}

export interface SignalRecord extends SignalInput {
  /** Sequence number assigned by the database. */
  id: number;
}

export interface SignalRepository {
  append(signal: SignalInput): Promise<number>;
  /** Oldest first; from ≤ ts ≤ to. */
  list(filter?: {
    strategyId?: string;
    symbol?: string;
    from?: number;
    to?: number;
    limit?: number;
  }): Promise<SignalRecord[]>;
}

export function createSignalRepository({ db }: StorageContext): SignalRepository {
  return {
    append(s) {
      return guard('signals.append', async () => {
        const row = await db
          .insertInto('signals')
          .values({
            strategy_id: s.strategyId,
            ts: s.ts,
            symbol: s.symbol,
            kind: s.kind,
            payload: toJson(s.payload),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(row.id);
      });
    },

    list(filter = {}) {
      return guard('signals.list', async () => {
        let query = db.selectFrom('signals').selectAll().orderBy('ts').orderBy('id');
        if (filter.strategyId !== undefined) query = query.where('strategy_id', '=', filter.strategyId);
        if (filter.symbol !== undefined) query = query.where('symbol', '=', filter.symbol);
        if (filter.from !== undefined) query = query.where('ts', '>=', filter.from);
        if (filter.to !== undefined) query = query.where('ts', '<=', filter.to);
        if (filter.limit !== undefined) query = query.limit(filter.limit);
        const rows = await query.execute();
        return rows.map((r) => ({
          id: Number(r.id),
          strategyId: r.strategy_id,
          ts: Number(r.ts),
          symbol: r.symbol,
          kind: r.kind,
          payload: fromJson(r.payload),
        }));
      });
    },
  };
}
