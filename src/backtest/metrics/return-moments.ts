/**
 * Running moments of a series of periodic returns (Welford's update, numerically stable even when the
 * returns are tiny and nearly equal), plus the downside sum for Sortino. No storage: one object per
 * series, updated per period.
 */

export class ReturnMoments {
  #count = 0;
  #mean = 0;
  /** Sum of squared deviations from the running mean. */
  #m2 = 0;
  /** Sum of squared negative returns (target 0). */
  #downsideSquares = 0;

  get count(): number {
    return this.#count;
  }

  get mean(): number {
    return this.#mean;
  }

  add(r: number): void {
    this.#count += 1;
    const delta = r - this.#mean;
    this.#mean += delta / this.#count;
    this.#m2 += delta * (r - this.#mean);
    if (r < 0) this.#downsideSquares += r * r;
  }

  /** Adds `k` returns of exactly 0 at once (periods with no equity point: the value did not change). */
  addZeros(k: number): void {
    if (k <= 0) return;
    const n = this.#count;
    const total = n + k;
    // Chan et al.'s merge of (n, mean, m2) with (k, 0, 0).
    const delta = -this.#mean;
    this.#mean += (delta * k) / total;
    this.#m2 += (delta * delta * n * k) / total;
    this.#count = total;
  }

  /** Sample standard deviation (n − 1); NaN with fewer than 2 returns. */
  sampleStd(): number {
    return this.#count < 2 ? Number.NaN : Math.sqrt(Math.max(0, this.#m2) / (this.#count - 1));
  }

  /** √(mean of squared negative returns over all periods); NaN without returns. */
  downsideDeviation(): number {
    return this.#count === 0 ? Number.NaN : Math.sqrt(this.#downsideSquares / this.#count);
  }

  /** mean / sample std × √periodsPerYear; null with fewer than 2 returns or no dispersion. */
  sharpe(periodsPerYear: number): number | null {
    return annualisedRatio(this.#count, this.#mean, this.sampleStd(), periodsPerYear);
  }

  /** mean / downside deviation × √periodsPerYear; null with fewer than 2 returns or no negative return. */
  sortino(periodsPerYear: number): number | null {
    return annualisedRatio(this.#count, this.#mean, this.downsideDeviation(), periodsPerYear);
  }
}

function annualisedRatio(
  count: number,
  mean: number,
  deviation: number,
  periodsPerYear: number,
): number | null {
  if (count < 2 || !(deviation > 0)) return null;
  const ratio = (mean / deviation) * Math.sqrt(periodsPerYear);
  return Number.isFinite(ratio) ? ratio : null;
}
