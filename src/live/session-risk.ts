/**
 * The risk engine inside a trading session: rules loaded from `risk_rules` at start and re-read within
 * a second of any change (`quantlab risk rules set`, the API), breaker trips stored so they survive a
 * restart and lifted when someone resumes them, and every decision recorded — denials and trips in
 * `trade_logs`, published on `risk.decision` / `risk.alert`.
 */

import type { EventBus } from '../bus/index.js';
import { topics } from '../bus/index.js';
import type { Order } from '../core/order.js';
import type { Kernel } from '../engine/kernel.js';
import type { PreTradeRule, RiskDenial } from '../engine/risk-gate.js';
import type { Logger } from '../logging/index.js';
import type { BreakerTrip } from '../risk/breakers/index.js';
import { BREAKER_TRIP_PREFIX, RiskRuleStore, tripAddress } from '../risk/config/index.js';
import { RiskEngine, type RiskEngineEvent } from '../risk/engine/index.js';
import type { Repositories, RiskRuleRecord } from '../storage/index.js';

const ACTOR = 'risk-engine';

export interface SessionRiskOptions {
  readonly account: string;
  readonly repositories: Pick<Repositories, 'riskRules' | 'tradeLogs'>;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly baseRules?: readonly PreTradeRule[];
}

export class SessionRisk {
  readonly engine: RiskEngine;
  private readonly store: RiskRuleStore;
  private signature = '';
  /**
   * Trip rows known stored, with the read generation that first could see them: one that disappears from
   * a later read was resumed by someone (CLI, API). A read that started before the row was written
   * proves nothing.
   */
  private readonly storedTrips = new Map<string, number>();
  private generation = 0;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SessionRiskOptions) {
    this.store = new RiskRuleStore(options.repositories);
    this.engine = new RiskEngine({
      account: options.account,
      ...(options.baseRules === undefined ? {} : { baseRules: options.baseRules }),
      onEvent: (event) => this.onEvent(event),
    });
  }

  attach(kernel: Kernel): void {
    this.engine.attach(kernel);
  }

  /** At start: the rules and the trips stored before (a paused strategy stays paused after a restart). */
  async restore(): Promise<void> {
    const rows = await this.options.repositories.riskRules.list();
    this.apply(rows);
    const trips = rows.filter((r) => this.isOwnTrip(r));
    for (const r of trips) this.storedTrips.set(key(r), this.generation);
    const orphans = this.engine.restoreTrips(trips.map((r) => r.params as BreakerTrip));
    // A trip whose breaker is no longer configured pauses nothing: its row goes, audited.
    for (const trip of orphans) {
      this.storedTrips.delete(key(tripAddress(trip.breaker, trip.target, this.options.account)));
      this.write(() =>
        this.store.clearTrip(
          trip.breaker,
          trip.target,
          this.options.account,
          ACTOR,
          'breaker no longer configured',
        ),
      );
    }
  }

  /** Re-reads the stored rules; applies them when they changed, and resumes trips deleted elsewhere. */
  async refresh(): Promise<void> {
    this.generation += 1;
    const generation = this.generation;
    const rows = await this.options.repositories.riskRules.list();
    this.apply(rows);
    const present = new Set(rows.filter((r) => this.isOwnTrip(r)).map(key));
    for (const [k, seenFrom] of [...this.storedTrips]) {
      if (present.has(k) || seenFrom >= generation) continue;
      this.storedTrips.delete(k);
      const trip = this.engine.breakers
        .trips()
        .find((t) => key({ ...tripAddress(t.breaker, t.target, this.options.account) }) === k);
      if (trip !== undefined) this.engine.resumeBreaker(trip.breaker, trip.target);
    }
    for (const k of present) if (!this.storedTrips.has(k)) this.storedTrips.set(k, generation);
  }

  /** A denied order: recorded and published with the rule and its numbers. */
  denied(order: Order, denial: RiskDenial): void {
    const now = Date.now();
    this.options.bus.publish(topics.riskDecision, {
      intentId: order.clientOrderId,
      approved: false,
      reason: denial.message,
      rule: denial.rule,
      details: { ...denial.details },
      strategyId: order.strategyId,
      tsEvent: now,
      tsInit: now,
    });
    this.write(() =>
      this.options.repositories.tradeLogs.append({
        ts: now,
        actor: ACTOR,
        action: 'risk.denied',
        subject: order.clientOrderId,
        details: {
          strategyId: order.strategyId,
          instrumentId: order.instrumentId,
          side: order.side,
          qty: order.qty,
          rule: denial.rule,
          message: denial.message,
          ...denial.details,
        },
      }),
    );
  }

  /** Waits for the records queued so far (a graceful stop). */
  flush(): Promise<unknown> {
    return this.writes;
  }

  // Internals -----------------------------------------------------------------------------------------

  private apply(rows: readonly RiskRuleRecord[]): void {
    const limits = rows.filter((r) => !r.rule.startsWith(BREAKER_TRIP_PREFIX) && r.rule !== 'kill-switch');
    const signature = limits
      .map((r) => `${r.scope}|${r.scopeId}|${r.rule}|${r.enabled}|${r.updatedAt}`)
      .sort()
      .join('\n');
    if (signature === this.signature) return;
    this.signature = signature;
    const result = this.engine.load(limits);
    this.options.logger.info(
      { account: this.options.account, rules: result.applied, invalid: result.invalid.length },
      'risk rules loaded',
    );
  }

  private isOwnTrip(r: RiskRuleRecord): boolean {
    if (!r.rule.startsWith(BREAKER_TRIP_PREFIX)) return false;
    const trip = r.params as BreakerTrip | undefined;
    if (trip === undefined || typeof trip !== 'object') return false;
    // Strategy trips of strategies on another account are not ours; strategy ids are per account here.
    return r.scope === 'account' ? r.scopeId === this.options.account : r.scope === 'strategy';
  }

  private onEvent(event: RiskEngineEvent): void {
    const { bus, logger, account } = this.options;
    const now = Date.now();
    if (event.type === 'rule-invalid') {
      logger.error({ rule: event.record.rule, scope: event.record.scope }, event.message);
      bus.publish(topics.riskAlert, {
        level: 'critical',
        rule: event.record.rule,
        message: event.message,
        tsEvent: now,
        tsInit: now,
      });
      return;
    }
    if (event.type === 'reduced') {
      bus.publish(topics.riskAlert, {
        level: 'warning',
        rule: 'auto-reduce',
        message: `${event.strategyId}: ${event.side} ${event.qty} ${event.symbol} reduce-only (${event.limit} breached by the market)`,
        tsEvent: now,
        tsInit: now,
      });
      this.write(() =>
        this.options.repositories.tradeLogs.append({
          ts: now,
          actor: ACTOR,
          action: 'risk.reduce',
          subject: event.clientOrderId,
          details: {
            strategyId: event.strategyId,
            symbol: event.symbol,
            side: event.side,
            qty: event.qty,
            limit: event.limit,
            ...event.details,
          },
        }),
      );
      return;
    }
    const { trip } = event;
    const address = tripAddress(trip.breaker, trip.target, account);
    if (event.type === 'tripped') {
      logger.warn({ breaker: trip.breaker, target: trip.target, ...trip.details }, trip.reason);
      bus.publish(topics.riskAlert, {
        level: 'critical',
        rule: trip.breaker,
        message: trip.reason,
        tsEvent: now,
        tsInit: now,
      });
      this.write(async () => {
        await this.store.recordTrip(trip, account, ACTOR);
        // Only reads that start from now on can see it.
        this.storedTrips.set(key(address), this.generation + 1);
      });
    } else {
      logger.info({ breaker: trip.breaker, target: trip.target, by: event.by }, 'breaker resumed');
      bus.publish(topics.riskAlert, {
        level: 'info',
        rule: trip.breaker,
        message: `${trip.breaker} resumed (${event.by})`,
        tsEvent: now,
        tsInit: now,
      });
      this.storedTrips.delete(key(address));
      if (event.by === 'auto')
        this.write(() => this.store.clearTrip(trip.breaker, trip.target, account, ACTOR, 'automatic resume'));
    }
  }

  /** Queues a record of the session's own (equity snapshots) behind the risk records. */
  record(task: () => Promise<unknown>): void {
    this.write(task);
  }

  /** Records in order, one at a time; a failure is logged (the journal's health halts trading on its own). */
  private write(task: () => Promise<unknown>): void {
    this.writes = this.writes
      .then(task)
      .catch((err) => this.options.logger.error({ err }, 'a risk record could not be written'));
  }
}

function key(r: { scope: string; scopeId: string; rule: string }): string {
  return `${r.scope}|${r.scopeId}|${r.rule}`;
}
