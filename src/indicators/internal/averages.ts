/**
 * The recursions TA-Lib builds its moving averages from, without parameter checks or the streaming shell,
 * so that composite indicators (DEMA, TEMA, TRIX, MACD, TRIMA …) chain them cheaply. The arithmetic order
 * is TA-Lib's, which keeps batch, streaming and TA-Lib in agreement to the last bit where possible.
 */
import { RingBuffer } from './ring-buffer.js';

/** TA-Lib's PER_TO_K: the smoothing factor of an EMA of `period` bars. */
export function emaK(period: number): number {
  return 2.0 / (period + 1);
}

/**
 * TA-Lib's EMA (default compatibility): NaN for the first `period - 1` values, then the simple average of
 * the first `period` values as the seed, then `((x - prev) * k) + prev`.
 */
export class EmaState {
  readonly period: number;
  readonly k: number;
  private seen = 0;
  private sum = 0;
  /** The latest average; NaN until seeded. */
  value = Number.NaN;

  constructor(period: number, k = emaK(period)) {
    this.period = period;
    this.k = k;
  }

  push(x: number): number {
    if (this.seen < this.period) {
      this.seen += 1;
      this.sum += x;
      if (this.seen === this.period) this.value = this.sum / this.period;
      return this.value;
    }
    this.value = (x - this.value) * this.k + this.value;
    return this.value;
  }

  reset(): void {
    this.seen = 0;
    this.sum = 0;
    this.value = Number.NaN;
  }
}

/**
 * TA-Lib's SMA: a running total that adds the new value, divides, then drops the window's oldest value
 * (TA-Lib's exact order, so the running total rounds as TA-Lib's does).
 */
export class SmaState {
  readonly period: number;
  private readonly window: RingBuffer;
  private sum = 0;
  /** The latest average; NaN until `period` values were seen. */
  value = Number.NaN;

  constructor(period: number) {
    this.period = period;
    this.window = new RingBuffer(period);
  }

  push(x: number): number {
    this.window.push(x);
    this.sum += x;
    if (this.window.full) {
      this.value = this.sum / this.period;
      this.sum -= this.window.oldest();
    }
    return this.value;
  }

  reset(): void {
    this.window.reset();
    this.sum = 0;
    this.value = Number.NaN;
  }
}

/**
 * The batch twin of {@link EmaState} (same arithmetic, so the same bits): the EMA of `src[from…]`, written
 * into `out` from index `from + period − 1` on; earlier slots of `out` are left as they are.
 */
export function emaInto(src: ArrayLike<number>, from: number, period: number, out: Float64Array): void {
  const n = src.length;
  if (n - from < period) return;
  const k = emaK(period);
  let sum = 0;
  for (let i = from; i < from + period; i += 1) sum += src[i]!;
  let prev = sum / period;
  out[from + period - 1] = prev;
  for (let i = from + period; i < n; i += 1) {
    prev = (src[i]! - prev) * k + prev;
    out[i] = prev;
  }
}
