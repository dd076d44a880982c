/**
 * Changing risk limits: every change is validated before it is stored in `risk_rules` and audited in
 * `trade_logs` (who, what, before and after). Running sessions pick the change up within a second.
 * Breaker trips are stored beside the limits (rule `breaker-trip:<kind>`) so they survive a restart; a
 * manual resume deletes the trip, audited like any change.
 */

import { QuantLabError } from '../../core/errors.js';
import type { Repositories, RiskRuleRecord, RiskScope } from '../../storage/index.js';
import type { BreakerKind, BreakerTrip, PauseTarget } from '../breakers/index.js';
import { BREAKER_TRIP_PREFIX, isControlRule, parseRiskRecord } from './parse.js';

export interface RuleAddress {
  readonly scope: RiskScope;
  /** '' for the global scope. */
  readonly scopeId: string;
  readonly rule: string;
}

type Store = Pick<Repositories, 'riskRules' | 'tradeLogs'>;

export class RiskRuleStore {
  constructor(
    private readonly repositories: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stored limits (control rows such as the kill switch and breaker trips left out). */
  async limits(filter: { scope?: RiskScope; scopeId?: string } = {}): Promise<RiskRuleRecord[]> {
    const rows = await this.repositories.riskRules.list(filter);
    return rows.filter((r) => !isControlRule(r.rule));
  }

  /** Validates and stores a limit (replacing the same rule at the same scope); audited. */
  async set(address: RuleAddress, params: unknown, actor: string): Promise<RiskRuleRecord> {
    requireText('actor', actor);
    const parsed = parseRiskRecord({ ...address, params });
    const stored = parsed.kind === 'pre-trade' ? parsed.params : params;
    const before = await this.repositories.riskRules.get(address.scope, address.scopeId, address.rule);
    const record: RiskRuleRecord = { ...address, params: stored, enabled: true, updatedAt: this.now() };
    await this.repositories.riskRules.upsert(record);
    await this.audit(actor, 'risk.rule.set', address, { before: before?.params ?? null, after: stored });
    return record;
  }

  /** Removes a limit; false when there was none. Audited when something was removed. */
  async remove(address: RuleAddress, actor: string): Promise<boolean> {
    requireText('actor', actor);
    refuseControl(address.rule);
    const before = await this.repositories.riskRules.get(address.scope, address.scopeId, address.rule);
    if (before === undefined) return false;
    await this.repositories.riskRules.remove(address.scope, address.scopeId, address.rule);
    await this.audit(actor, 'risk.rule.remove', address, { before: before.params });
    return true;
  }

  /** Turns a stored limit off or on without losing its parameters; audited. */
  async setEnabled(address: RuleAddress, enabled: boolean, actor: string): Promise<void> {
    requireText('actor', actor);
    refuseControl(address.rule);
    await this.repositories.riskRules.setEnabled(
      address.scope,
      address.scopeId,
      address.rule,
      enabled,
      this.now(),
    );
    await this.audit(actor, enabled ? 'risk.rule.enable' : 'risk.rule.disable', address, {});
  }

  // Breaker trips -------------------------------------------------------------------------------------

  /** Stores a trip of `account` (or of one of its strategies); audited. */
  async recordTrip(trip: BreakerTrip, account: string, actor: string): Promise<void> {
    const address = tripAddress(trip.breaker, trip.target, account);
    await this.repositories.riskRules.upsert({ ...address, params: trip, enabled: true, updatedAt: trip.at });
    await this.audit(actor, 'risk.breaker.trip', address, { reason: trip.reason, ...trip.details });
  }

  /** Clears a stored trip (a resume); false when none was stored. `reason` is required for a manual one. */
  async clearTrip(
    kind: BreakerKind,
    target: PauseTarget,
    account: string,
    actor: string,
    reason: string,
  ): Promise<boolean> {
    requireText('actor', actor);
    requireText('reason', reason);
    const address = tripAddress(kind, target, account);
    const removed = await this.repositories.riskRules.remove(address.scope, address.scopeId, address.rule);
    if (removed) await this.audit(actor, 'risk.breaker.resume', address, { reason });
    return removed;
  }

  /** The trips stored for an account (its own pauses and its strategies'). */
  async trips(account: string): Promise<BreakerTrip[]> {
    const rows = await this.repositories.riskRules.list({ scope: 'account', scopeId: account });
    return rows.filter((r) => r.rule.startsWith(BREAKER_TRIP_PREFIX)).map((r) => r.params as BreakerTrip);
  }

  private async audit(actor: string, action: string, address: RuleAddress, details: object): Promise<void> {
    await this.repositories.tradeLogs.append({
      ts: this.now(),
      actor,
      action,
      subject: `${address.scope}:${address.scopeId}:${address.rule}`,
      details: { scope: address.scope, scopeId: address.scopeId, rule: address.rule, ...details },
    });
  }
}

/**
 * Where a trip is stored: a row of the account (trips belong to one account, even when the same strategy
 * id trades on another), rule `breaker-trip:<kind>` for an account pause or `breaker-trip:<kind>:<id>`
 * for a strategy's.
 */
export function tripAddress(kind: BreakerKind, target: PauseTarget, account: string): RuleAddress {
  const rule = `${BREAKER_TRIP_PREFIX}${kind}${target.kind === 'strategy' ? `:${target.strategyId}` : ''}`;
  return { scope: 'account', scopeId: account, rule };
}

function refuseControl(rule: string): void {
  if (isControlRule(rule))
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `${rule} is set by the platform, not as a limit.`, {
      details: { rule },
    });
}

function requireText(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '')
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `A risk change needs a ${name}.`, {
      details: { field: name },
    });
}
