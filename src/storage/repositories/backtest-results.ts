import type { Selectable } from 'kysely';
import { QuantLabError } from '../../core/errors.js';
import type { StorageContext } from '../context.js';
import { guard, isUniqueViolation } from '../errors.js';
import { fromJson, toJson } from '../json.js';
import type { BacktestResultsTable } from '../schema.js';

export interface BacktestResultRecord {
  id: string;
  strategy: string;
  params: unknown;
  config: unknown;
  metrics: unknown;
  /** [[ts, equity], …] */
  equity: unknown;
  trades: unknown;
  createdAt: number;
}

/** A listing row: without the (large) equity curve and trades. */
export type BacktestResultSummary = Omit<BacktestResultRecord, 'equity' | 'trades'>;

export interface BacktestResultRepository {
  /** Throws QL_ERR_CONFLICT when the id exists. */
  insert(result: BacktestResultRecord): Promise<void>;
  get(id: string): Promise<BacktestResultRecord | undefined>;
  /** The most recent result, optionally of one strategy. */
  latest(strategy?: string): Promise<BacktestResultRecord | undefined>;
  /** Newest first. */
  list(filter?: { strategy?: string; limit?: number }): Promise<BacktestResultSummary[]>;
  remove(id: string): Promise<boolean>;
}

function toRecord(r: Selectable<BacktestResultsTable>): BacktestResultRecord {
  return {
    id: r.id,
    strategy: r.strategy,
    params: fromJson(r.params),
    config: fromJson(r.config),
    metrics: fromJson(r.metrics),
    equity: fromJson(r.equity),
    trades: fromJson(r.trades),
    createdAt: Number(r.created_at),
  };
}

export function createBacktestResultRepository({ db }: StorageContext): BacktestResultRepository {
  return {
    insert(b) {
      return guard('backtest_results.insert', async () => {
        try {
          await db
            .insertInto('backtest_results')
            .values({
              id: b.id,
              strategy: b.strategy,
              params: toJson(b.params),
              config: toJson(b.config),
              metrics: toJson(b.metrics),
              equity: toJson(b.equity),
              trades: toJson(b.trades),
              created_at: b.createdAt,
            })
            .execute();
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new QuantLabError('QL_ERR_CONFLICT', `backtest result ${b.id} already exists`, {
            details: { id: b.id },
          });
        }
      });
    },

    get(id) {
      return guard('backtest_results.get', async () => {
        const row = await db
          .selectFrom('backtest_results')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    latest(strategy) {
      return guard('backtest_results.latest', async () => {
        let query = db
          .selectFrom('backtest_results')
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc');
        if (strategy !== undefined) query = query.where('strategy', '=', strategy);
        const row = await query.limit(1).executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    list(filter = {}) {
      return guard('backtest_results.list', async () => {
        let query = db
          .selectFrom('backtest_results')
          .select(['id', 'strategy', 'params', 'config', 'metrics', 'created_at'])
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc');
        if (filter.strategy !== undefined) query = query.where('strategy', '=', filter.strategy);
        if (filter.limit !== undefined) query = query.limit(filter.limit);
        const rows = await query.execute();
        return rows.map((r) => ({
          id: r.id,
          strategy: r.strategy,
          params: fromJson(r.params),
          config: fromJson(r.config),
          metrics: fromJson(r.metrics),
          createdAt: Number(r.created_at),
        }));
      });
    },

    remove(id) {
      return guard('backtest_results.remove', async () => {
        const result = await db.deleteFrom('backtest_results').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}
