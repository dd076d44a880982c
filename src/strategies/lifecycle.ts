/**
 * The strategy lifecycle as data (like the order table in core/order-state.ts): `LIFECYCLE_TRANSITIONS[from]`
 * lists where a strategy may go, and anything else is refused with QL_ERR_STRATEGY_ILLEGAL_TRANSITION before
 * anything is written. Only `approved-for-live` (or `paused`, which came from live) leads to `live`: no
 * strategy trades real money without an explicit approval.
 *
 * Every move updates the `strategies` row (state, updated_at) and appends an audit entry to `trade_logs`
 * (`strategy.transition`, who, when, details { from, to, reason }) in one transaction, with a
 * compare-and-set on the old state so two concurrent moves cannot both succeed. Driver failures come out as
 * QuantLabErrors (QL_ERR_DB_*), with nothing written.
 */

import { QuantLabError } from '../core/errors.js';
import { guard, isUniqueViolation } from '../storage/errors.js';
import type { Database, StrategyRecord, StrategyState } from '../storage/index.js';
import { toJson } from '../storage/json.js';

export const LIFECYCLE_STATES = [
  'draft',
  'validated',
  'backtested',
  'paper',
  'approved-for-live',
  'live',
  'paused',
  'stopped',
  'archived',
  'failed',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

// The stored state type and this table must name the same states; this fails to compile when they drift.
type SameStates = [LifecycleState, StrategyState] extends [StrategyState, LifecycleState] ? true : never;
const SAME_STATES: SameStates = true;
void SAME_STATES;

/** The transition table: a missing target is an illegal move. */
export const LIFECYCLE_TRANSITIONS: Readonly<Record<LifecycleState, readonly LifecycleState[]>> =
  Object.freeze({
    // Written or generated; validation checks the definition and its parameters.
    draft: ['validated', 'failed', 'archived'],
    // Editing sends it back to draft.
    validated: ['backtested', 'draft', 'failed', 'archived'],
    // A new backtest after changes goes through validated again.
    backtested: ['paper', 'validated', 'failed', 'archived'],
    // Paper trading; a human approves it for live, or it goes back for more research.
    paper: ['approved-for-live', 'backtested', 'stopped', 'failed'],
    // Approval can be withdrawn (back to paper) before it goes live.
    'approved-for-live': ['live', 'paper', 'stopped', 'archived'],
    live: ['paused', 'stopped', 'failed'],
    paused: ['live', 'stopped', 'failed'],
    // Going live again after a stop needs a new approval.
    stopped: ['paper', 'approved-for-live', 'archived'],
    failed: ['draft', 'stopped', 'archived'],
    archived: [],
  });

export function isLifecycleState(value: unknown): value is LifecycleState {
  return typeof value === 'string' && (LIFECYCLE_STATES as readonly string[]).includes(value);
}

export function canTransition(from: LifecycleState, to: LifecycleState): boolean {
  return LIFECYCLE_TRANSITIONS[from]?.includes(to) ?? false;
}

/** The table as text, one line per state: `paper             -> approved-for-live, backtested, …`. */
export function formatLifecycleTable(): string {
  return LIFECYCLE_STATES.map(
    (from) => `${from.padEnd(17)} -> ${LIFECYCLE_TRANSITIONS[from].join(', ') || '(final)'}`,
  ).join('\n');
}

export const TRANSITION_ACTION = 'strategy.transition';
export const REGISTERED_ACTION = 'strategy.registered';

export interface TransitionRequest {
  readonly to: LifecycleState;
  /** Who asks: a user name, `system`, `risk-engine` … */
  readonly actor: string;
  /** Why (stored in the audit log). */
  readonly reason: string;
}

export interface RegisterStrategyInput {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly spec: unknown;
  readonly params: unknown;
  readonly actor: string;
  readonly reason?: string;
}

function illegal(id: string, from: string, to: string): QuantLabError {
  const allowed = isLifecycleState(from)
    ? LIFECYCLE_TRANSITIONS[from].join(', ') || 'nothing (final)'
    : 'unknown';
  const live = to === 'live' ? ' Only an approved-for-live strategy can go live.' : '';
  return new QuantLabError(
    'QL_ERR_STRATEGY_ILLEGAL_TRANSITION',
    `Strategy ${id} cannot move from ${from} to ${to}; from ${from} it may go to ${allowed}.${live}`,
    { details: { id, from, to } },
  );
}

function requireText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `A lifecycle change needs a non-empty ${field}.`, {
      details: { field },
    });
  }
}

/** Moves strategies through the lifecycle in the database, with an audit trail. */
export class StrategyLifecycle {
  constructor(
    private readonly database: Pick<Database, 'db' | 'strategies' | 'tradeLogs'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores a new strategy in `draft` and logs who registered it. Throws QL_ERR_CONFLICT for a known id. */
  async register(input: RegisterStrategyInput): Promise<StrategyRecord> {
    for (const field of ['id', 'name', 'version', 'actor'] as const) requireText(field, input[field]);
    const ts = this.now();
    const spec = toJson(input.spec ?? null);
    const params = toJson(input.params ?? {});
    await guard('strategies.register', async () => {
      try {
        await this.database.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('strategies')
            .values({
              id: input.id,
              name: input.name,
              version: input.version,
              state: 'draft',
              spec,
              params,
              created_at: ts,
              updated_at: ts,
            })
            .execute();
          await trx
            .insertInto('trade_logs')
            .values({
              ts,
              actor: input.actor,
              action: REGISTERED_ACTION,
              subject: input.id,
              details: toJson({
                to: 'draft',
                reason: input.reason ?? 'registered',
                name: input.name,
                version: input.version,
              }),
            })
            .execute();
        });
      } catch (error) {
        // The primary key decides, so two concurrent registrations of one id cannot both succeed.
        if (!isUniqueViolation(error)) throw error;
        throw new QuantLabError('QL_ERR_CONFLICT', `strategy ${input.id} already exists`, {
          details: { id: input.id },
        });
      }
    });
    return this.mustGet(input.id);
  }

  async state(id: string): Promise<LifecycleState> {
    return (await this.mustGet(id)).state;
  }

  /**
   * Moves strategy `id` to `request.to`. Throws QL_ERR_NOT_FOUND for an unknown id and
   * QL_ERR_STRATEGY_ILLEGAL_TRANSITION for a move the table forbids (or that lost a race): nothing is written.
   */
  async transition(id: string, request: TransitionRequest): Promise<StrategyRecord> {
    requireText('actor', request.actor);
    requireText('reason', request.reason);
    if (!isLifecycleState(request.to)) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `Unknown lifecycle state ${JSON.stringify(request.to)}.`,
        {
          details: { to: request.to, states: LIFECYCLE_STATES },
        },
      );
    }
    const from = (await this.mustGet(id)).state as string;
    if (!isLifecycleState(from) || !canTransition(from, request.to)) throw illegal(id, from, request.to);
    const ts = this.now();
    await guard('strategies.transition', () =>
      this.database.db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('strategies')
          .set({ state: request.to, updated_at: ts })
          .where('id', '=', id)
          .where('state', '=', from)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) {
          const now = await trx
            .selectFrom('strategies')
            .select('state')
            .where('id', '=', id)
            .executeTakeFirst();
          throw illegal(id, now?.state ?? from, request.to);
        }
        await trx
          .insertInto('trade_logs')
          .values({
            ts,
            actor: request.actor,
            action: TRANSITION_ACTION,
            subject: id,
            details: toJson({ from, to: request.to, reason: request.reason }),
          })
          .execute();
      }),
    );
    return this.mustGet(id);
  }

  /** The audit trail of one strategy: registration and every move, oldest first. */
  async history(
    id: string,
  ): Promise<
    Array<{ ts: number; actor: string; action: string; from?: string; to: string; reason: string }>
  > {
    const entries = await this.database.tradeLogs.query({ subject: id });
    return entries
      .filter((e) => e.action === TRANSITION_ACTION || e.action === REGISTERED_ACTION)
      .map((e) => {
        const details = (e.details ?? {}) as { from?: string; to: string; reason: string };
        return { ts: e.ts, actor: e.actor, action: e.action, ...details };
      });
  }

  private async mustGet(id: string): Promise<StrategyRecord> {
    const record = await this.database.strategies.get(id);
    if (record === undefined) {
      throw new QuantLabError('QL_ERR_NOT_FOUND', `No strategy with id ${id}.`, { details: { id } });
    }
    return record;
  }
}
