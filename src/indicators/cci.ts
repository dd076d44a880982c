/**
 * Lambert's commodity channel index with TA-Lib semantics (`CCI`).
 */
import { checkSameLength, HlcIndicator, runHlc } from './internal/bar-indicator.js';
import { typicalPrice } from './internal/price-math.js';
import { checkPeriod } from './internal/validate.js';
import type { Series } from './types.js';

/**
 * Commodity channel index, TA-Lib `CCI(period)` (default 14, period >= 2): with typical prices
 * tp = (high + low + close) / 3 over the last `period` bars, their mean m and mean absolute deviation
 * md = Σ|tp − m| / period, `CCI = (tp − m) / (0.015 · md)`, and 0 when tp = m or md = 0.
 * Lookback `period − 1`.
 *
 * The mean deviation needs every value of the window against the current mean, so an update costs
 * O(period), as in TA-Lib (no exact O(1) form exists). Sums run over TA-Lib's circular buffer in slot
 * order, not oldest-first, which keeps the last bits equal to TA-Lib's.
 */
export function cci(high: Series, low: Series, close: Series, period = 14): Float64Array {
  const indicator = new CCI(period);
  checkSameLength('CCI', { high, low, close });
  return runHlc(indicator, high, low, close);
}

/** Streaming twin of {@link cci}: O(period) per bar, no allocation. */
export class CCI extends HlcIndicator {
  readonly lookback: number;
  readonly period: number;
  /** TA-Lib's circular buffer of typical prices; `slot` is where the next one goes. */
  private readonly window: Float64Array;
  private slot = 0;

  constructor(period = 14) {
    super();
    this.period = checkPeriod('CCI', 'period', period, 2);
    this.lookback = period - 1;
    this.window = new Float64Array(period);
  }

  update(high: number, low: number, close: number): number {
    const window = this.window;
    const period = this.period;
    const last = typicalPrice(high, low, close);
    window[this.slot] = last;
    this.slot = this.slot + 1 === period ? 0 : this.slot + 1;
    this.fed += 1;
    if (this.fed < period) return Number.NaN;
    let average = 0;
    for (let i = 0; i < period; i += 1) average += window[i]!;
    average /= period;
    let deviation = 0;
    for (let i = 0; i < period; i += 1) deviation += Math.abs(window[i]! - average);
    const distance = last - average;
    this.current = distance !== 0.0 && deviation !== 0.0 ? distance / (0.015 * (deviation / period)) : 0.0;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.slot = 0;
    this.window.fill(0);
  }
}
