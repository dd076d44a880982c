/**
 * Spike (outlier) detection with a robust baseline, so that volatile periods do not raise alarms and calm
 * ones still catch a bad print.
 *
 * The move of bar i is its log-return r = ln(close[i] / close[i-1]). The baseline is the median and the MAD
 * (median absolute deviation, unscaled) of the previous `window` returns. Bar i is a spike when
 *
 *   |r - median| > max(threshold × MAD, minMove)
 *
 * and the price comes back on the next bar: ln(close[i+1] / close[i-1]) is not extreme by the same test.
 * A level shift that holds (a real crash) is therefore not a spike; a bad print, or a one-bar flash move, is.
 * The last bar is judged on its return alone. `minMove` keeps a flat, illiquid series (MAD 0) from flagging
 * every tick. Bars with a non-positive close have no return and are skipped (they are OHLC violations).
 *
 * Only closes are tested: wicks are heavy-tailed (on real hourly crypto data a 10-MAD wick test flags
 * about 0.5 % of bars), so a bad high or low alone is not reported as a spike.
 */

export interface SpikeOptions {
  /** Bars in the rolling baseline (default 50). */
  window?: number;
  /** Distance from the median, in MADs, that makes a move extreme (default 10). */
  threshold?: number;
  /** Smallest log-move that can be a spike (default 0.02, about 2 %). */
  minMove?: number;
}

export const DEFAULT_SPIKE_OPTIONS: Required<SpikeOptions> = { window: 50, threshold: 10, minMove: 0.02 };

/** Fewer finite baseline values than this and a bar is not judged. */
const MIN_HISTORY = 10;

/**
 * Robust statistics of the finite values in series[i - window, i), for increasing i, kept as a sorted
 * window: each step inserts one value and removes one (O(window) moves, no sort), the median is read off,
 * and the MAD comes from merging the deviations on both sides of the median (O(window / 2)).
 */
export class RollingBaseline {
  private readonly sorted: Float64Array;
  private size = 0;
  /** series[0, next) has entered the window (and the part before next - window has left it). */
  private next = 0;

  constructor(
    private readonly series: ArrayLike<number>,
    private readonly window: number,
  ) {
    this.sorted = new Float64Array(window);
  }

  /** First index whose value is >= x. */
  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(x: number): void {
    const at = this.lowerBound(x);
    this.sorted.copyWithin(at + 1, at, this.size);
    this.sorted[at] = x;
    this.size++;
  }

  private remove(x: number): void {
    const at = this.lowerBound(x);
    this.sorted.copyWithin(at, at + 1, this.size);
    this.size--;
  }

  /** { median, mad } of the window before index i (i never decreases), or undefined with too few values. */
  at(i: number): { median: number; mad: number } | undefined {
    for (; this.next < i; this.next++) {
      // Out first, so the window never holds more than `window` values.
      const leaving = this.next - this.window;
      if (leaving >= 0 && Number.isFinite(this.series[leaving]!)) this.remove(this.series[leaving]!);
      const entering = this.series[this.next]!;
      if (Number.isFinite(entering)) this.insert(entering);
    }
    const n = this.size;
    if (n < Math.min(MIN_HISTORY, this.window)) return undefined;
    const s = this.sorted;
    const half = n >> 1;
    const median = n % 2 === 1 ? s[half]! : (s[half - 1]! + s[half]!) / 2;
    // Deviations grow away from the median on both sides: merge the two runs up to the middle one.
    let right = half;
    while (right > 0 && s[right - 1]! >= median) right--;
    let left = right - 1;
    let lower = 0;
    let upper = 0;
    for (let k = 0; k <= half; k++) {
      const fromLeft = left >= 0 ? median - s[left]! : Number.POSITIVE_INFINITY;
      const fromRight = right < n ? s[right]! - median : Number.POSITIVE_INFINITY;
      const deviation = Math.min(fromLeft, fromRight);
      if (fromLeft <= fromRight) left--;
      else right++;
      if (k === (n - 1) >> 1) lower = deviation;
      if (k === half) upper = deviation;
    }
    return { median, mad: n % 2 === 1 ? upper : (lower + upper) / 2 };
  }
}

function logMove(a: number, b: number): number {
  return a > 0 && b > 0 ? Math.log(a / b) : Number.NaN;
}

/** The indexes of the spikes of a series, ascending. */
export function findSpikes(close: ArrayLike<number>, options: SpikeOptions = {}): number[] {
  const { window, threshold, minMove } = { ...DEFAULT_SPIKE_OPTIONS, ...options };
  const n = close.length;
  const returns = new Float64Array(n).fill(Number.NaN);
  for (let i = 1; i < n; i++) returns[i] = logMove(close[i]!, close[i - 1]!);
  const baseline = new RollingBaseline(returns, window);
  const extreme = (value: number, base: { median: number; mad: number }) =>
    Number.isFinite(value) && Math.abs(value - base.median) > Math.max(threshold * base.mad, minMove);
  const spikes: number[] = [];
  for (let i = 1; i < n; i++) {
    if (!Number.isFinite(returns[i]!)) continue;
    const base = baseline.at(i);
    if (base === undefined || !extreme(returns[i]!, base)) continue;
    if (i + 1 >= n || !extreme(logMove(close[i + 1]!, close[i - 1]!), base)) spikes.push(i);
  }
  return spikes;
}
