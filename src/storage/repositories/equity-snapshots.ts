import type { Selectable } from 'kysely';
import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';
import { fromJsonOrNull, toJsonOrNull } from '../json.js';
import type { EquitySnapshotsTable } from '../schema.js';

export type EquityScope = 'account' | 'strategy';

export interface EquitySnapshotRecord {
  scope: EquityScope;
  /** Account or strategy id; '' for the whole account. */
  scopeId: string;
  ts: number;
  equity: number;
  cash: number;
  unrealisedPnl: number;
  /** Risk figures at that moment (VaR, ES, …), when computed. */
  risk: unknown;
}

export interface EquitySnapshotRepository {
  /** Inserts or replaces the snapshot at (scope, scopeId, ts). */
  record(snapshot: EquitySnapshotRecord): Promise<void>;
  range(scope: EquityScope, scopeId: string, from?: number, to?: number): Promise<EquitySnapshotRecord[]>;
  latest(scope: EquityScope, scopeId: string): Promise<EquitySnapshotRecord | undefined>;
}

function toRecord(r: Selectable<EquitySnapshotsTable>): EquitySnapshotRecord {
  return {
    scope: r.scope as EquityScope,
    scopeId: r.scope_id,
    ts: Number(r.ts),
    equity: r.equity,
    cash: r.cash,
    unrealisedPnl: r.unrealised_pnl,
    risk: fromJsonOrNull(r.risk),
  };
}

export function createEquitySnapshotRepository({ db }: StorageContext): EquitySnapshotRepository {
  return {
    record(s) {
      return guard('equity_snapshots.record', async () => {
        const changes = {
          equity: s.equity,
          cash: s.cash,
          unrealised_pnl: s.unrealisedPnl,
          risk: toJsonOrNull(s.risk),
        };
        await db
          .insertInto('equity_snapshots')
          .values({ scope: s.scope, scope_id: s.scopeId, ts: s.ts, ...changes })
          .onConflict((oc) => oc.columns(['scope', 'scope_id', 'ts']).doUpdateSet(changes))
          .execute();
      });
    },

    range(scope, scopeId, from, to) {
      return guard('equity_snapshots.range', async () => {
        let query = db
          .selectFrom('equity_snapshots')
          .selectAll()
          .where('scope', '=', scope)
          .where('scope_id', '=', scopeId)
          .orderBy('ts');
        if (from !== undefined) query = query.where('ts', '>=', from);
        if (to !== undefined) query = query.where('ts', '<=', to);
        return (await query.execute()).map(toRecord);
      });
    },

    latest(scope, scopeId) {
      return guard('equity_snapshots.latest', async () => {
        const row = await db
          .selectFrom('equity_snapshots')
          .selectAll()
          .where('scope', '=', scope)
          .where('scope_id', '=', scopeId)
          .orderBy('ts', 'desc')
          .limit(1)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },
  };
}
