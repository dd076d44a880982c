/**
 * Daily loss: the loss since the first evaluation of the UTC day (account equity, or a strategy's PnL)
 * against `maxLoss` and/or `maxLossFraction` × the account equity at that moment (the tighter wins).
 * At the limit trips. Auto resume at the next UTC day start unless `cooldownMs` is given. A value that is
 * not finite (equity before every held symbol has a mark) is ignored: the day starts at the first
 * evaluation where it is finite.
 */

import { describeTarget, Monitor, money, percent, reached, type Watch } from './monitor.js';
import { type BreakerStateEntry, DAILY_LOSS_TARGET, type DailyLossTargetState } from './state.js';
import type { DailyLossConfig, PauseTarget } from './types.js';
import { isoDay, nextUtcDayStart, utcDay } from './utc-day.js';

interface DailyWatch extends Watch {
  /** UTC day of the baseline (NaN: no baseline yet). */
  day: number;
  /** Equity (account) or PnL (strategy) at the day's first evaluation or the last resume. */
  baseline: number;
  /** Account equity at the same moment: the base of `maxLossFraction` (NaN when it had no value). */
  dayEquity: number;
}

export class DailyLossMonitor extends Monitor<DailyLossConfig, DailyWatch, DailyLossTargetState> {
  protected readonly checksOnEvaluate = true;
  protected override readonly stateSchema = DAILY_LOSS_TARGET;

  protected createWatch(target: PauseTarget): DailyWatch {
    return { target, trip: undefined, day: Number.NaN, baseline: Number.NaN, dayEquity: Number.NaN };
  }

  protected override check(watch: DailyWatch, now: number): void {
    const day = utcDay(now);
    if (day !== watch.day) {
      this.startDay(watch, day);
      return;
    }
    // A NaN loss never reaches the limit: an unmarked value is skipped, the baseline kept.
    const loss = watch.baseline - this.currentValue(watch);
    const limit = this.limitOf(watch);
    if (!reached(loss, limit)) return;
    const { maxLoss, maxLossFraction } = this.config;
    this.trip(
      watch,
      now,
      `${describeTarget(watch.target)} lost ${money(loss)} on ${isoDay(day)}, reaching the daily loss limit ${money(limit)}` +
        (maxLossFraction === undefined
          ? ''
          : ` (${percent(maxLossFraction)} of the day's starting equity ${money(watch.dayEquity)})`),
      {
        loss,
        limit,
        baseline: watch.baseline,
        current: watch.baseline - loss,
        dayStartEquity: watch.dayEquity,
        day: isoDay(day),
        ...(maxLoss === undefined ? {} : { maxLoss }),
        ...(maxLossFraction === undefined ? {} : { maxLossFraction }),
      },
    );
  }

  /** After a resume the allowance starts afresh from the current value (else the same loss re-trips). */
  rearm(watch: DailyWatch, now: number): void {
    this.startDay(watch, utcDay(now));
  }

  exportEntry(now: number): BreakerStateEntry {
    const today = utcDay(now);
    return {
      kind: 'daily-loss',
      ...this.entryHead(),
      targets: this.saveAll((watch) => (watch.day === today ? saved(watch) : undefined)),
    };
  }

  /** Only today's baseline: another day's would carry a spent allowance into a new day. */
  protected override load(watch: DailyWatch, state: DailyLossTargetState, now: number): void {
    const day = utcDay(now);
    if (state.day !== isoDay(day)) return;
    watch.day = day;
    watch.baseline = state.baseline;
    watch.dayEquity = state.dayStartEquity ?? Number.NaN;
  }

  protected override resumeAtFor(at: number): number {
    return this.config.cooldownMs === undefined ? nextUtcDayStart(at) : at + this.config.cooldownMs;
  }

  /**
   * Takes the day's baseline, or clears it (day NaN, retried at the next evaluation) while the value, or
   * the equity a fraction limit is taken of, is not finite: a NaN baseline would never trip that day.
   */
  private startDay(watch: DailyWatch, day: number): void {
    const value = this.currentValue(watch);
    const equity = watch.target.kind === 'account' ? value : this.host.inputs.accountEquity();
    const needsEquity = this.config.maxLossFraction !== undefined;
    const ready = Number.isFinite(value) && (!needsEquity || Number.isFinite(equity));
    watch.day = ready ? day : Number.NaN;
    watch.baseline = ready ? value : Number.NaN;
    watch.dayEquity = ready && Number.isFinite(equity) ? equity : Number.NaN;
  }

  private currentValue(watch: DailyWatch): number {
    const target = watch.target;
    return target.kind === 'account'
      ? this.host.inputs.accountEquity()
      : this.host.inputs.strategyPnl(target.strategyId);
  }

  /** The tighter of the absolute and the relative limit; a relative limit needs positive equity. */
  private limitOf(watch: DailyWatch): number {
    const { maxLoss, maxLossFraction } = this.config;
    const absolute = maxLoss ?? Number.POSITIVE_INFINITY;
    if (maxLossFraction === undefined || !(watch.dayEquity > 0)) return absolute;
    return Math.min(absolute, maxLossFraction * watch.dayEquity);
  }
}

function saved(watch: DailyWatch): DailyLossTargetState {
  return {
    target: watch.target,
    day: isoDay(watch.day),
    baseline: watch.baseline,
    ...(Number.isFinite(watch.dayEquity) ? { dayStartEquity: watch.dayEquity } : {}),
  };
}
