/**
 * Maximum drawdown from the running peak. Account: (peak equity − equity) / peak equity. Strategy: a
 * strategy has no equity of its own, so its drop from its PnL peak is measured against the account
 * equity when that peak was set. At the limit trips. A resume restarts the peak at the current value.
 * A value (or, for a strategy, the account equity) that is not finite is ignored: no peak, no check.
 */

import { describeTarget, Monitor, money, percent, reached, type Watch } from './monitor.js';
import { type BreakerStateEntry, MAX_DRAWDOWN_TARGET, type MaxDrawdownTargetState } from './state.js';
import type { MaxDrawdownConfig, PauseTarget } from './types.js';

interface DrawdownWatch extends Watch {
  /** Highest equity (account) or PnL (strategy) seen since the watch started or last resumed; NaN: none. */
  peak: number;
  /** The denominator: the peak itself (account) or the account equity at the strategy's peak. */
  base: number;
}

export class MaxDrawdownMonitor extends Monitor<MaxDrawdownConfig, DrawdownWatch, MaxDrawdownTargetState> {
  protected readonly checksOnEvaluate = true;
  protected override readonly stateSchema = MAX_DRAWDOWN_TARGET;

  protected createWatch(target: PauseTarget): DrawdownWatch {
    return { target, trip: undefined, peak: Number.NaN, base: Number.NaN };
  }

  protected override check(watch: DrawdownWatch, now: number): void {
    const value = this.currentValue(watch);
    if (!Number.isFinite(value)) return;
    if (Number.isNaN(watch.peak) || value > watch.peak) {
      this.setPeak(watch, value);
      return;
    }
    if (!(watch.base > 0)) return;
    const drawdown = (watch.peak - value) / watch.base;
    const limit = this.config.maxDrawdown;
    if (!reached(drawdown, limit)) return;
    const account = watch.target.kind === 'account';
    this.trip(
      watch,
      now,
      `${describeTarget(watch.target)} is ${percent(drawdown)} below its peak ` +
        (account
          ? `equity ${money(watch.peak)} (equity ${money(value)})`
          : `PnL ${money(watch.peak)} (PnL ${money(value)}, account equity at the peak ${money(watch.base)})`) +
        `, reaching the maximum drawdown ${percent(limit)}`,
      { drawdown, limit, peak: watch.peak, current: value, base: watch.base },
    );
  }

  /** Restarts the peak at the current value, or at the next finite one. */
  rearm(watch: DrawdownWatch): void {
    if (this.setPeak(watch, this.currentValue(watch))) return;
    watch.peak = Number.NaN;
    watch.base = Number.NaN;
  }

  exportEntry(): BreakerStateEntry {
    return {
      kind: 'max-drawdown',
      ...this.entryHead(),
      targets: this.saveAll((watch) => (Number.isNaN(watch.peak) ? undefined : saved(watch))),
    };
  }

  protected override load(watch: DrawdownWatch, state: MaxDrawdownTargetState): void {
    if (watch.target.kind === 'account') {
      watch.peak = state.peak;
      watch.base = state.peak;
    } else if (state.equityAtPeak !== undefined) {
      watch.peak = state.peak;
      watch.base = state.equityAtPeak;
    }
  }

  /**
   * A new peak, unless the value or its base is not finite (false, the watch unchanged): a NaN base would
   * silence the strategy's checks until its next peak.
   */
  private setPeak(watch: DrawdownWatch, value: number): boolean {
    const base = watch.target.kind === 'account' ? value : this.host.inputs.accountEquity();
    if (!Number.isFinite(value) || !Number.isFinite(base)) return false;
    watch.peak = value;
    watch.base = base;
    return true;
  }

  private currentValue(watch: DrawdownWatch): number {
    const target = watch.target;
    return target.kind === 'account'
      ? this.host.inputs.accountEquity()
      : this.host.inputs.strategyPnl(target.strategyId);
  }
}

function saved(watch: DrawdownWatch): MaxDrawdownTargetState {
  const strategy = watch.target.kind === 'strategy';
  return { target: watch.target, peak: watch.peak, ...(strategy ? { equityAtPeak: watch.base } : {}) };
}
