import type { Selectable } from 'kysely';
import { QuantLabError } from '../../core/errors.js';
import type { StorageContext } from '../context.js';
import { guard, isUniqueViolation } from '../errors.js';
import { fromJson, fromJsonOrNull, toJson, toJsonOrNull } from '../json.js';
import type { OptimizationRunsTable } from '../schema.js';

export interface OptimizationRunRecord {
  id: string;
  strategy: string;
  /** The backtest configuration every trial shared. */
  config: unknown;
  /** Space, method, objective, trials asked, seed, workers. */
  search: unknown;
  /** Every trial: params, score, metrics. */
  trials: unknown;
  best: unknown;
  /** Walk-forward and Monte Carlo results. */
  analysis: unknown;
  createdAt: number;
}

export type OptimizationRunSummary = Omit<OptimizationRunRecord, 'trials'>;

export interface OptimizationRunRepository {
  /** Throws QL_ERR_CONFLICT when the id exists. */
  insert(run: OptimizationRunRecord): Promise<void>;
  get(id: string): Promise<OptimizationRunRecord | undefined>;
  /** Newest first, without the trials. */
  list(filter?: { strategy?: string; limit?: number }): Promise<OptimizationRunSummary[]>;
}

function toRecord(r: Selectable<OptimizationRunsTable>): OptimizationRunRecord {
  return {
    id: r.id,
    strategy: r.strategy,
    config: fromJson(r.config),
    search: fromJson(r.search),
    trials: fromJson(r.trials),
    best: fromJsonOrNull(r.best),
    analysis: fromJson(r.analysis),
    createdAt: Number(r.created_at),
  };
}

export function createOptimizationRunRepository({ db }: StorageContext): OptimizationRunRepository {
  return {
    insert(run) {
      return guard('optimization_runs.insert', async () => {
        try {
          await db
            .insertInto('optimization_runs')
            .values({
              id: run.id,
              strategy: run.strategy,
              config: toJson(run.config),
              search: toJson(run.search),
              trials: toJson(run.trials),
              best: toJsonOrNull(run.best ?? null),
              analysis: toJson(run.analysis),
              created_at: run.createdAt,
            })
            .execute();
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new QuantLabError('QL_ERR_CONFLICT', `optimization run ${run.id} already exists`, {
            details: { id: run.id },
          });
        }
      });
    },

    get(id) {
      return guard('optimization_runs.get', async () => {
        const row = await db
          .selectFrom('optimization_runs')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    list(filter = {}) {
      return guard('optimization_runs.list', async () => {
        let query = db
          .selectFrom('optimization_runs')
          .select(['id', 'strategy', 'config', 'search', 'best', 'analysis', 'created_at'])
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc');
        if (filter.strategy !== undefined) query = query.where('strategy', '=', filter.strategy);
        if (filter.limit !== undefined) query = query.limit(filter.limit);
        const rows = await query.execute();
        return rows.map((r) => ({
          id: r.id,
          strategy: r.strategy,
          config: fromJson(r.config),
          search: fromJson(r.search),
          best: fromJsonOrNull(r.best),
          analysis: fromJson(r.analysis),
          createdAt: Number(r.created_at),
        }));
      });
    },
  };
}
