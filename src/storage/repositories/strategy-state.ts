import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';
import { fromJson, toJson } from '../json.js';

/** Each running strategy's persisted `ctx.state` (one JSON object per strategy instance). */
export interface StrategyStateRepository {
  get(strategyId: string): Promise<Record<string, unknown> | undefined>;
  /** Inserts or replaces the strategy's state. */
  put(strategyId: string, state: Readonly<Record<string, unknown>>, now: number): Promise<void>;
}

export function createStrategyStateRepository({ db }: StorageContext): StrategyStateRepository {
  return {
    get(strategyId) {
      return guard('strategy_state.get', async () => {
        const row = await db
          .selectFrom('strategy_state')
          .select('state')
          .where('strategy_id', '=', strategyId)
          .executeTakeFirst();
        return row === undefined ? undefined : (fromJson(row.state) as Record<string, unknown>);
      });
    },
    put(strategyId, state, now) {
      return guard('strategy_state.put', async () => {
        await db
          .insertInto('strategy_state')
          .values({ strategy_id: strategyId, state: toJson(state), updated_at: now })
          .onConflict((oc) =>
            oc.column('strategy_id').doUpdateSet((eb) => ({
              state: eb.ref('excluded.state'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      });
    },
  };
}
