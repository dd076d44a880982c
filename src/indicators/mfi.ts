/**
 * The money flow index with TA-Lib semantics (`MFI`).
 */
import { checkSameLength, HlcvIndicator, runHlcv } from './internal/bar-indicator.js';
import { typicalPrice } from './internal/price-math.js';
import { checkPeriod } from './internal/validate.js';
import type { Series } from './types.js';

/**
 * Money flow index, TA-Lib `MFI(period)` (default 14, period >= 2). Each bar after the first has a money
 * flow tp · volume (tp the typical price (high + low + close) / 3), positive when tp rose from the
 * previous bar, negative when it fell, none when unchanged. Over the last `period` flows,
 * `MFI = 100 · positive / (positive + negative)`. Lookback `period`.
 *
 * TA-Lib quirk kept: when positive + negative < 1 the MFI is 0 — with small volumes or prices (a 1e-4
 * token traded in units of 10) the index is flat 0 in TA-Lib and here.
 */
export function mfi(high: Series, low: Series, close: Series, volume: Series, period = 14): Float64Array {
  const indicator = new MFI(period);
  checkSameLength('MFI', { high, low, close, volume });
  return runHlcv(indicator, high, low, close, volume);
}

/** Streaming twin of {@link mfi}: O(1) per bar (running sums over a ring of flows), no allocation. */
export class MFI extends HlcvIndicator {
  readonly lookback: number;
  readonly period: number;
  private readonly positive: Float64Array;
  private readonly negative: Float64Array;
  private slot = 0;
  private positiveSum = 0;
  private negativeSum = 0;
  private prevTypical = 0;

  constructor(period = 14) {
    super();
    this.period = checkPeriod('MFI', 'period', period, 2);
    this.lookback = period;
    this.positive = new Float64Array(period);
    this.negative = new Float64Array(period);
  }

  update(high: number, low: number, close: number, volume: number): number {
    const bar = this.fed;
    this.fed = bar + 1;
    const typical = typicalPrice(high, low, close);
    if (bar === 0) {
      this.prevTypical = typical;
      return Number.NaN;
    }
    const slot = this.slot;
    if (bar > this.period) {
      // TA-Lib drops the expiring flow before adding the new one.
      this.positiveSum -= this.positive[slot]!;
      this.negativeSum -= this.negative[slot]!;
    }
    const change = typical - this.prevTypical;
    this.prevTypical = typical;
    const flow = typical * volume;
    if (change < 0) {
      this.negative[slot] = flow;
      this.negativeSum += flow;
      this.positive[slot] = 0.0;
    } else if (change > 0) {
      this.positive[slot] = flow;
      this.positiveSum += flow;
      this.negative[slot] = 0.0;
    } else {
      this.positive[slot] = 0.0;
      this.negative[slot] = 0.0;
    }
    this.slot = slot + 1 === this.period ? 0 : slot + 1;
    if (bar < this.period) return Number.NaN;
    const total = this.positiveSum + this.negativeSum;
    this.current = total < 1.0 ? 0.0 : 100.0 * (this.positiveSum / total);
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.slot = 0;
    this.positive.fill(0);
    this.negative.fill(0);
    this.positiveSum = 0;
    this.negativeSum = 0;
    this.prevTypical = 0;
  }
}
