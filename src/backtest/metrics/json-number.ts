/**
 * Results are stored and printed as JSON, where NaN and ±Infinity are not numbers. These helpers make the
 * last step explicit instead of letting a degenerate input (zero capital, a one-minute run) leak `null`s
 * through `JSON.stringify` into fields typed as numbers.
 */

/** `x` when finite, otherwise null (for fields that are `number | null`). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * `x` when finite; ±Infinity clamps to ±Number.MAX_VALUE (an astronomically large CAGR of a very short run
 * is still "very large", not missing); NaN becomes 0 (only reachable with non-finite inputs).
 */
export function finiteNumber(x: number): number {
  if (Number.isFinite(x)) return x;
  if (x === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (x === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return 0;
}

/**
 * Simple return from `from` to `to`. A start value ≤ 0 (capital wiped out, or none to begin with) has no
 * meaningful return: it counts as 0 so one blown-up day does not turn every later statistic into NaN.
 */
export function periodReturn(from: number, to: number): number {
  return from > 0 ? to / from - 1 : 0;
}
