import type { Selectable } from 'kysely';
import { QuantLabError } from '../../core/errors.js';
import type { StorageContext } from '../context.js';
import { guard, isUniqueViolation, notFound } from '../errors.js';
import { fromJson, toJson } from '../json.js';
import type { StrategiesTable } from '../schema.js';

/**
 * Lifecycle states as stored (the names of src/strategies/lifecycle.ts); the rules for moving between them
 * live in the domain, not here.
 */
export type StrategyState =
  | 'draft'
  | 'validated'
  | 'backtested'
  | 'paper'
  | 'approved-for-live'
  | 'live'
  | 'paused'
  | 'stopped'
  | 'archived'
  | 'failed';

export interface StrategyRecord {
  id: string;
  name: string;
  version: string;
  state: StrategyState;
  spec: unknown;
  params: unknown;
  createdAt: number;
  updatedAt: number;
}

export interface StrategyRepository {
  /** Throws QL_ERR_CONFLICT when the id exists. */
  insert(strategy: StrategyRecord): Promise<void>;
  get(id: string): Promise<StrategyRecord | undefined>;
  list(filter?: { name?: string; state?: StrategyState }): Promise<StrategyRecord[]>;
  /** Throws QL_ERR_NOT_FOUND for an unknown id. */
  update(
    id: string,
    changes: Partial<Pick<StrategyRecord, 'name' | 'version' | 'spec' | 'params'>> & { updatedAt: number },
  ): Promise<StrategyRecord>;
  setState(id: string, state: StrategyState, updatedAt: number): Promise<StrategyRecord>;
}

function toRecord(row: Selectable<StrategiesTable>): StrategyRecord {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    state: row.state as StrategyState,
    spec: fromJson(row.spec),
    params: fromJson(row.params),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function createStrategyRepository({ db }: StorageContext): StrategyRepository {
  async function mustGet(id: string): Promise<StrategyRecord> {
    const row = await db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw notFound('strategy', id);
    return toRecord(row);
  }

  return {
    insert(s) {
      return guard('strategies.insert', async () => {
        try {
          await db
            .insertInto('strategies')
            .values({
              id: s.id,
              name: s.name,
              version: s.version,
              state: s.state,
              spec: toJson(s.spec),
              params: toJson(s.params),
              created_at: s.createdAt,
              updated_at: s.updatedAt,
            })
            .execute();
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new QuantLabError('QL_ERR_CONFLICT', `strategy ${s.id} already exists`, {
            details: { id: s.id },
          });
        }
      });
    },

    get(id) {
      return guard('strategies.get', async () => {
        const row = await db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    list(filter = {}) {
      return guard('strategies.list', async () => {
        let query = db.selectFrom('strategies').selectAll().orderBy('name').orderBy('version');
        if (filter.name !== undefined) query = query.where('name', '=', filter.name);
        if (filter.state !== undefined) query = query.where('state', '=', filter.state);
        return (await query.execute()).map(toRecord);
      });
    },

    update(id, changes) {
      return guard('strategies.update', async () => {
        await db
          .updateTable('strategies')
          .set({
            name: changes.name,
            version: changes.version,
            spec: changes.spec === undefined ? undefined : toJson(changes.spec),
            params: changes.params === undefined ? undefined : toJson(changes.params),
            updated_at: changes.updatedAt,
          })
          .where('id', '=', id)
          .execute();
        return mustGet(id);
      });
    },

    setState(id, state, updatedAt) {
      return guard('strategies.setState', async () => {
        await db
          .updateTable('strategies')
          .set({ state, updated_at: updatedAt })
          .where('id', '=', id)
          .execute();
        return mustGet(id);
      });
    },
  };
}
