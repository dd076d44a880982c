/**
 * Daily loss: the loss since the first evaluation of the UTC day (account equity, or a strategy's PnL)
 * against `maxLoss` and/or `maxLossFraction` × the account equity at that moment (the tighter wins).
 * At the limit trips. Auto resume at the next UTC day start unless `cooldownMs` is given.
 */

import { describeTarget, Monitor, money, percent, reached, type Watch } from './monitor.js';
import type { DailyLossConfig, PauseTarget } from './types.js';
import { isoDay, nextUtcDayStart, utcDay } from './utc-day.js';

interface DailyWatch extends Watch {
  /** UTC day of the baseline (NaN before the first evaluation). */
  day: number;
  /** Equity (account) or PnL (strategy) at the day's first evaluation or the last resume. */
  baseline: number;
  /** Account equity at the same moment: the base of `maxLossFraction`. */
  dayEquity: number;
}

export class DailyLossMonitor extends Monitor<DailyLossConfig, DailyWatch> {
  protected readonly checksOnEvaluate = true;

  protected createWatch(target: PauseTarget): DailyWatch {
    return { target, trip: undefined, day: Number.NaN, baseline: Number.NaN, dayEquity: Number.NaN };
  }

  protected override check(watch: DailyWatch, now: number): void {
    const day = utcDay(now);
    if (day !== watch.day) {
      this.startDay(watch, day);
      return;
    }
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

  protected override resumeAtFor(at: number): number {
    return this.config.cooldownMs === undefined ? nextUtcDayStart(at) : at + this.config.cooldownMs;
  }

  private startDay(watch: DailyWatch, day: number): void {
    watch.day = day;
    watch.baseline = this.currentValue(watch);
    watch.dayEquity = watch.target.kind === 'account' ? watch.baseline : this.host.inputs.accountEquity();
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
