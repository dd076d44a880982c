/**
 * TA-Lib's TA_INT_VAR: population variance from running sums of x and x² over a window (add, take the
 * means, drop the oldest). It is what TA-Lib's STDDEV and BBANDS compute, rounding included — which
 * matters: with prices of 40 000 the running sums lose digits, and matching TA-Lib means losing the same.
 */
import { RingBuffer } from './ring-buffer.js';
import { isZeroOrNegative } from './validate.js';

export class RunningVariance {
  readonly period: number;
  private readonly window: RingBuffer;
  private sum = 0;
  private sumOfSquares = 0;
  /** The window's mean (sum / period) at the latest push; NaN until the window is full. */
  mean = Number.NaN;
  /** E[x²] − E[x]² at the latest push; NaN until the window is full. */
  value = Number.NaN;

  constructor(period: number) {
    this.period = period;
    this.window = new RingBuffer(period);
  }

  push(x: number): number {
    this.window.push(x);
    this.sum += x;
    this.sumOfSquares += x * x;
    if (!this.window.full) return this.value;
    const mean = this.sum / this.period;
    const meanOfSquares = this.sumOfSquares / this.period;
    const oldest = this.window.oldest();
    this.sum -= oldest;
    this.sumOfSquares -= oldest * oldest;
    this.mean = mean;
    this.value = meanOfSquares - mean * mean;
    return this.value;
  }

  reset(): void {
    this.window.reset();
    this.sum = 0;
    this.sumOfSquares = 0;
    this.mean = Number.NaN;
    this.value = Number.NaN;
  }
}

/**
 * TA-Lib's `sqrt(variance) · nbDev`, exactly 0 for a variance below 1e-14 (TA_IS_ZERO_OR_NEG), so that
 * the rounding noise of the running sums does not always show as a deviation.
 */
export function deviationOf(variance: number, nbDev = 1): number {
  return isZeroOrNegative(variance) ? 0.0 : Math.sqrt(variance) * nbDev;
}
