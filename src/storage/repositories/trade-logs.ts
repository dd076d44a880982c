import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';
import { fromJson, toJson } from '../json.js';

export interface TradeLogInput {
  ts: number;
  /** Who acted: a user, a strategy, the risk engine, the system. */
  actor: string;
  /** What happened, e.g. order.submitted, risk.kill. */
  action: string;
  /** What it happened to, e.g. an order's client id or a strategy id. */
  subject: string;
  details: unknown;
}

export interface TradeLogRecord extends TradeLogInput {
  id: number;
}

/** The audit trail is append-only: this repository deliberately offers no update or delete. */
export interface TradeLogRepository {
  append(entry: TradeLogInput): Promise<number>;
  /** Oldest first (ts, then insertion order); from ≤ ts ≤ to. */
  query(filter?: {
    from?: number;
    to?: number;
    subject?: string;
    actor?: string;
    action?: string;
    limit?: number;
  }): Promise<TradeLogRecord[]>;
}

export function createTradeLogRepository({ db }: StorageContext): TradeLogRepository {
  return {
    append(e) {
      return guard('trade_logs.append', async () => {
        const row = await db
          .insertInto('trade_logs')
          .values({
            ts: e.ts,
            actor: e.actor,
            action: e.action,
            subject: e.subject,
            details: toJson(e.details),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(row.id);
      });
    },

    query(filter = {}) {
      return guard('trade_logs.query', async () => {
        let query = db.selectFrom('trade_logs').selectAll().orderBy('ts').orderBy('id');
        if (filter.from !== undefined) query = query.where('ts', '>=', filter.from);
        if (filter.to !== undefined) query = query.where('ts', '<=', filter.to);
        if (filter.subject !== undefined) query = query.where('subject', '=', filter.subject);
        if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
        if (filter.action !== undefined) query = query.where('action', '=', filter.action);
        if (filter.limit !== undefined) query = query.limit(filter.limit);
        const rows = await query.execute();
        return rows.map((r) => ({
          id: Number(r.id),
          ts: Number(r.ts),
          actor: r.actor,
          action: r.action,
          subject: r.subject,
          details: fromJson(r.details),
        }));
      });
    },
  };
}
