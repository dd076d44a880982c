/**
 * Rolling z-score over the last `window` values, O(1) per update.
 *
 * Keeps a ring buffer and the window's mean and sum of squared deviations, updated by Welford's add and
 * remove steps (no drift-prone Σx² − (Σx)²/n). Removing an outlier from a window can still cancel most
 * of the digits of that sum, so when it shrinks a thousandfold at once, and otherwise once every `window`
 * updates, both are recomputed from the buffer by two passes: O(window) that often, so O(1) amortised. The z-score of the newest value is (x − mean) / sd, with
 * the sample standard deviation (ddof 1, as pandas' `rolling().std()`) unless `ddof` says otherwise.
 */

import { QuantLabError } from '../../core/errors.js';

export class RollingZScore {
  readonly window: number;
  readonly ddof: 0 | 1;
  private readonly buffer: Float64Array;
  private head = 0;
  private filled = 0;
  private meanValue = 0;
  /** Σ (x − mean)² over the window. */
  private m2 = 0;
  private last = Number.NaN;
  private sinceExact = 0;

  constructor(window: number, ddof: 0 | 1 = 1) {
    if (!Number.isInteger(window) || window < 2) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `A rolling z-score window must be an integer >= 2, got ${window}.`,
        {
          details: { window },
        },
      );
    }
    this.window = window;
    this.ddof = ddof;
    this.buffer = new Float64Array(window);
  }

  /** True once `window` values have been seen. */
  get ready(): boolean {
    return this.filled === this.window;
  }

  get count(): number {
    return this.filled;
  }

  get mean(): number {
    return this.ready ? this.meanValue : Number.NaN;
  }

  get std(): number {
    return this.ready ? Math.sqrt(Math.max(0, this.m2) / (this.window - this.ddof)) : Number.NaN;
  }

  /** The z-score of the latest value (NaN before the window is full or when the window is constant,
   * i.e. its sd is below 1e-12 of its mean). */
  get value(): number {
    return this.last;
  }

  /** Adds `x` (finite) and returns its z-score against the window that includes it. */
  update(x: number): number {
    if (!Number.isFinite(x)) {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `A rolling z-score takes finite numbers, got ${x}.`, {
        details: { value: x },
      });
    }
    let recompute = false;
    if (this.filled === this.window) {
      const old = this.buffer[this.head]!;
      const m2Before = this.m2;
      const meanWithout = this.meanValue + (this.meanValue - old) / (this.window - 1);
      this.m2 -= (old - this.meanValue) * (old - meanWithout);
      this.meanValue = meanWithout;
      this.filled--;
      recompute = this.m2 < m2Before * 1e-3;
    }
    this.buffer[this.head] = x;
    this.head = (this.head + 1) % this.window;
    this.filled++;
    const delta = x - this.meanValue;
    this.meanValue += delta / this.filled;
    this.m2 += delta * (x - this.meanValue);
    if (recompute || ++this.sinceExact >= this.window) this.recomputeExact();
    const sd = this.std;
    // A window of equal values leaves float noise in m2; call that no dispersion rather than divide by it.
    const dispersed = sd > 1e-12 * Math.abs(this.meanValue);
    this.last = this.ready && dispersed ? (x - this.meanValue) / sd : Number.NaN;
    return this.last;
  }

  /** Mean and m2 of the buffered values by two passes. */
  private recomputeExact(): void {
    this.sinceExact = 0;
    let sum = 0;
    for (let i = 0; i < this.filled; i++) sum += this.buffer[i]!;
    const mean = sum / this.filled;
    let m2 = 0;
    for (let i = 0; i < this.filled; i++) m2 += (this.buffer[i]! - mean) ** 2;
    this.meanValue = mean;
    this.m2 = m2;
  }

  reset(): void {
    this.sinceExact = 0;
    this.head = 0;
    this.filled = 0;
    this.meanValue = 0;
    this.m2 = 0;
    this.last = Number.NaN;
  }
}
