/**
 * Maximum drawdown from the running peak. Account: (peak equity − equity) / peak equity. Strategy: a
 * strategy has no equity of its own, so its drop from its PnL peak is measured against the account
 * equity when that peak was set. At the limit trips. A resume restarts the peak at the current value.
 */

import { describeTarget, Monitor, money, percent, reached, type Watch } from './monitor.js';
import type { MaxDrawdownConfig, PauseTarget } from './types.js';

interface DrawdownWatch extends Watch {
  /** Highest equity (account) or PnL (strategy) seen since the watch started or last resumed; NaN: none. */
  peak: number;
  /** The denominator: the peak itself (account) or the account equity at the strategy's peak. */
  base: number;
}

export class MaxDrawdownMonitor extends Monitor<MaxDrawdownConfig, DrawdownWatch> {
  protected readonly checksOnEvaluate = true;

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

  rearm(watch: DrawdownWatch): void {
    this.setPeak(watch, this.currentValue(watch));
  }

  private setPeak(watch: DrawdownWatch, value: number): void {
    watch.peak = value;
    watch.base = watch.target.kind === 'account' ? value : this.host.inputs.accountEquity();
  }

  private currentValue(watch: DrawdownWatch): number {
    const target = watch.target;
    return target.kind === 'account'
      ? this.host.inputs.accountEquity()
      : this.host.inputs.strategyPnl(target.strategyId);
  }
}
