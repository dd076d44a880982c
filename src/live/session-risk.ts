/**
 * The risk engine inside a trading session: rules loaded from `risk_rules` at start and re-read within
 * a second of any change (`quantlab risk rules set`, the API), breaker trips stored so they survive a
 * restart and lifted when someone resumes them (`risk-trips.ts`), and every decision recorded — denials,
 * reductions and trips in `trade_logs`, published on `risk.decision` / `risk.alert`.
 */

import { createHash } from 'node:crypto';
import type { EventBus } from '../bus/index.js';
import { topics } from '../bus/index.js';
import type { Order } from '../core/order.js';
import type { Kernel } from '../engine/kernel.js';
import type { PreTradeRule, RiskDenial } from '../engine/risk-gate.js';
import type { Logger } from '../logging/index.js';
import type { BreakerState } from '../risk/breakers/index.js';
import { BREAKER_STATE_RULE, isControlRule, RiskRuleStore } from '../risk/config/index.js';
import { RiskEngine, type RiskEngineEvent } from '../risk/engine/index.js';
import type { Repositories, RiskRuleRecord } from '../storage/index.js';
import { RiskRecords } from './risk-records.js';
import { RiskTrips } from './risk-trips.js';

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
  private readonly records: RiskRecords;
  private readonly trips: RiskTrips;
  private signature = '';
  private refreshing: Promise<void> | undefined;
  private savedState = '';

  constructor(private readonly options: SessionRiskOptions) {
    this.records = new RiskRecords(options.logger);
    this.engine = new RiskEngine({
      account: options.account,
      ...(options.baseRules === undefined ? {} : { baseRules: options.baseRules }),
      onEvent: (event) => this.onEvent(event),
    });
    this.trips = new RiskTrips(
      options.account,
      this.engine,
      new RiskRuleStore(options.repositories),
      this.records,
    );
  }

  attach(kernel: Kernel): void {
    this.engine.attach(kernel);
  }

  /**
   * At start: the rules, the trips stored before (a paused strategy stays paused after a restart) and the
   * breakers' running state (a restart does not reset the day's loss, the drawdown peak or a loss streak).
   */
  async restore(): Promise<void> {
    const rows = await this.options.repositories.riskRules.list();
    this.apply(rows);
    this.trips.restore(rows);
    const saved = rows.find(
      (r) => r.rule === BREAKER_STATE_RULE && r.scope === 'account' && r.scopeId === this.options.account,
    );
    if (saved !== undefined && saved.params !== null && typeof saved.params === 'object')
      this.engine.importBreakerState(saved.params as BreakerState);
    this.savedState = JSON.stringify(this.engine.exportBreakerState());
  }

  /** Stores the breakers' running state when it changed since the last save (called every few seconds and at stop). */
  saveBreakerState(): void {
    const state = this.engine.exportBreakerState();
    const text = JSON.stringify(state);
    if (text === this.savedState) return;
    this.savedState = text;
    this.records.write('breaker state', () =>
      this.options.repositories.riskRules.upsert({
        scope: 'account',
        scopeId: this.options.account,
        rule: BREAKER_STATE_RULE,
        params: state,
        enabled: true,
        updatedAt: Date.now(),
      }),
    );
  }

  /** Re-reads the stored rules: applies a change, resumes trips resumed elsewhere. One read at a time. */
  refresh(): Promise<void> {
    this.refreshing ??= this.options.repositories.riskRules
      .list()
      .then((rows) => {
        this.apply(rows);
        this.trips.sync(rows);
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
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
    this.records.write('denial', () =>
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

  /** Queues a record of the session's own (equity snapshots) behind the risk records. */
  record(what: string, task: () => Promise<unknown>): void {
    this.records.write(what, task);
  }

  /** Waits for the records queued so far, then stops retrying (a graceful stop). */
  async flush(): Promise<void> {
    await this.records.flush();
    this.records.close();
  }

  // Internals -----------------------------------------------------------------------------------------

  /** Loads the limits when any stored row changed (its parameters included, whatever its timestamp). */
  private apply(rows: readonly RiskRuleRecord[]): void {
    const limits = rows.filter((r) => !isControlRule(r.rule));
    const signature = createHash('sha256')
      .update(
        limits
          .map((r) => JSON.stringify([r.scope, r.scopeId, r.rule, r.enabled, r.updatedAt, r.params]))
          .sort()
          .join('\n'),
      )
      .digest('hex');
    if (signature === this.signature) return;
    this.signature = signature;
    const result = this.engine.load(limits);
    this.options.logger.info(
      { account: this.options.account, rules: result.applied, invalid: result.invalid.length },
      'risk rules loaded',
    );
  }

  private onEvent(event: RiskEngineEvent): void {
    const { bus, logger } = this.options;
    const now = Date.now();
    const alert = (level: 'info' | 'warning' | 'critical', rule: string, message: string) =>
      bus.publish(topics.riskAlert, { level, rule, message, tsEvent: now, tsInit: now });
    if (event.type === 'rule-invalid') {
      logger.error({ rule: event.record.rule, scope: event.record.scope }, event.message);
      alert('critical', event.record.rule, event.message);
    } else if (event.type === 'reduced') {
      const { strategyId, symbol, side, qty, limit } = event;
      alert(
        'warning',
        'auto-reduce',
        `${strategyId}: ${side} ${qty} ${symbol} reduce-only (${limit} breached by the market)`,
      );
      this.records.write('reduction', () =>
        this.options.repositories.tradeLogs.append({
          ts: now,
          actor: ACTOR,
          action: 'risk.reduce',
          subject: event.clientOrderId,
          details: { strategyId, symbol, side, qty, limit, ...event.details },
        }),
      );
    } else if (event.type === 'tripped') {
      const { trip } = event;
      logger.warn({ breaker: trip.breaker, target: trip.target, ...trip.details }, trip.reason);
      alert('critical', trip.breaker, trip.reason);
      this.trips.onEvent(event);
    } else {
      const { trip } = event;
      logger.info({ breaker: trip.breaker, target: trip.target, by: event.by }, 'breaker resumed');
      alert('info', trip.breaker, `${trip.breaker} resumed (${event.by})`);
      this.trips.onEvent(event);
    }
  }
}
