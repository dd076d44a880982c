/** LINEARREG: the least-squares line's value at the latest bar, TA-Lib's TA_LINEARREG. */
import { RealIndicator } from './internal/real-indicator.js';
import { RingBuffer } from './internal/ring-buffer.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkLinearRegPeriod(period: number): number {
  return checkPeriod('LINEARREG', 'period', period, 2);
}

/** TA-Lib's constants of a `period`-bar regression with x = bars ago (0 for the newest). */
class RegressionConstants {
  readonly period: number;
  readonly sumX: number;
  readonly divisor: number;

  constructor(period: number) {
    this.period = period;
    this.sumX = period * (period - 1) * 0.5;
    const sumXSquared = (period * (period - 1) * (2 * period - 1)) / 6;
    this.divisor = this.sumX * this.sumX - period * sumXSquared;
  }

  /** TA-Lib's closing formulas: slope m, intercept b at the oldest bar, then b + m·(period − 1). */
  valueAtLatest(sumY: number, sumXY: number): number {
    const { period, sumX } = this;
    const m = (period * sumXY - sumX * sumY) / this.divisor;
    const b = (sumY - m * sumX) / period;
    return b + m * (period - 1);
  }
}

/** Σy and Σ(bars ago · y) of a full window, oldest first as TA-Lib sums them. */
function windowSums(window: RingBuffer, period: number, out: Float64Array): void {
  let sumY = 0;
  let sumXY = 0;
  for (let barsAgo = period - 1; barsAgo >= 0; barsAgo -= 1) {
    const y = window.ago(barsAgo);
    sumY += y;
    sumXY += barsAgo * y;
  }
  out[0] = sumY;
  out[1] = sumXY;
}

/**
 * Linear regression (period 2…100000, default 14), lookback `period − 1`: the value at the latest bar of
 * the least-squares line through the last `period` values, with TA-Lib's formulas. TA-Lib re-sums the
 * window for every value (O(period)); here Σy and Σ(bars ago · y) are running sums, O(1) per value, and
 * are re-added from the window (TA-Lib's order) once every `period` values — amortised O(1), and it stops
 * rounding drift from accumulating over long series (without it: ~1e-9 relative after 200 000 values).
 */
export function linearreg(close: Series, period = 14): Float64Array {
  checkLinearRegPeriod(period);
  checkSeries('LINEARREG', 'close', close);
  const n = close.length;
  const out = outputArray(n, period - 1);
  const constants = new RegressionConstants(period);
  let sumY = 0;
  let sumXY = 0;
  for (let i = period - 1; i < n; i += 1) {
    if ((i + 1) % period === 0) {
      // TA-Lib's own sums of this window (same order as windowSums over the ring).
      sumY = 0;
      sumXY = 0;
      for (let barsAgo = period - 1; barsAgo >= 0; barsAgo -= 1) {
        const y = close[i - barsAgo]!;
        sumY += y;
        sumXY += barsAgo * y;
      }
    } else {
      const evicted = close[i - period]!;
      sumXY += sumY;
      sumXY -= period * evicted;
      sumY += close[i]!;
      sumY -= evicted;
    }
    out[i] = constants.valueAtLatest(sumY, sumXY);
  }
  return out;
}

/** Streaming LINEARREG: `new LinearReg(14).update(x)`, the value of `linearreg` at that index. */
export class LinearReg extends RealIndicator {
  /** TA-Lib's TA_LINEARREG_Lookback: `period − 1`. */
  static lookback(period = 14): number {
    return checkLinearRegPeriod(period) - 1;
  }

  readonly period: number;
  readonly lookback: number;
  private readonly constants: RegressionConstants;
  private readonly window: RingBuffer;
  private readonly sums = new Float64Array(2);
  private sumY = 0;
  private sumXY = 0;

  constructor(period = 14) {
    super();
    this.period = checkLinearRegPeriod(period);
    this.lookback = period - 1;
    this.constants = new RegressionConstants(period);
    this.window = new RingBuffer(period);
  }

  update(x: number): number {
    this.fed += 1;
    const evicted = this.window.push(x);
    if (this.fed < this.period) return this.current;
    if (this.fed % this.period === 0) {
      windowSums(this.window, this.period, this.sums);
      this.sumY = this.sums[0]!;
      this.sumXY = this.sums[1]!;
    } else {
      this.sumXY += this.sumY;
      this.sumXY -= this.period * evicted;
      this.sumY += x;
      this.sumY -= evicted;
    }
    this.current = this.constants.valueAtLatest(this.sumY, this.sumXY);
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.window.reset();
    this.sumY = 0;
    this.sumXY = 0;
  }
}
