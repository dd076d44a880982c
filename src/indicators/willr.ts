/**
 * Williams' %R with TA-Lib semantics (`WILLR`).
 */
import { checkSameLength, HlcIndicator, runHlc } from './internal/bar-indicator.js';
import { RollingExtreme } from './internal/rolling-extreme.js';
import { checkPeriod } from './internal/validate.js';
import type { Series } from './types.js';

/**
 * Williams' %R, TA-Lib `WILLR(period)` (default 14, period >= 2): over the last `period` bars (today
 * included) with highest high HH and lowest low LL, `(HH − close) / ((HH − LL) / −100)` — a value in
 * [−100, 0] — and 0 when HH = LL. Lookback `period − 1`.
 */
export function willr(high: Series, low: Series, close: Series, period = 14): Float64Array {
  const indicator = new WillR(period);
  checkSameLength('WILLR', { high, low, close });
  return runHlc(indicator, high, low, close);
}

/** Streaming twin of {@link willr}: O(1) amortised per bar (monotonic deques), no allocation. */
export class WillR extends HlcIndicator {
  readonly lookback: number;
  readonly period: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;

  constructor(period = 14) {
    super();
    this.period = checkPeriod('WILLR', 'period', period, 2);
    this.lookback = period - 1;
    this.highest = new RollingExtreme(period, 'max');
    this.lowest = new RollingExtreme(period, 'min');
  }

  update(high: number, low: number, close: number): number {
    const bar = this.fed;
    this.fed = bar + 1;
    this.highest.push(bar, high);
    this.lowest.push(bar, low);
    if (bar < this.lookback) return Number.NaN;
    const highest = this.highest.value;
    const diff = (highest - this.lowest.value) / -100.0;
    this.current = diff !== 0.0 ? (highest - close) / diff : 0.0;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.highest.reset();
    this.lowest.reset();
  }
}
