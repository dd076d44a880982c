/** Binary searches over ascending columns (times, prices): one implementation for every module. */

/** First index in [0, n) whose value is ≥ x (n when none). */
export function lowerBound(values: Float64Array, x: number, n = values.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Last index in [0, n) whose value is ≤ x, −1 when none. */
export function lastAtOrBefore(values: Float64Array, x: number, n = values.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** First index in [from, n) whose value is > x (n when none). */
export function upperBound(values: Float64Array, x: number, from = 0, n = values.length): number {
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
