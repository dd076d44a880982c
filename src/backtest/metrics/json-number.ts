/**
 * Results are stored and printed as JSON, where NaN and ±Infinity are not numbers. These helpers make the
 * last step explicit instead of letting a degenerate input (zero capital, a one-minute run) leak `null`s
 * through `JSON.stringify` into fields typed as numbers.
 *
 * ±Infinity is a legitimate limit (an astronomically large CAGR of a very short run) and clamps to
 * ±Number.MAX_VALUE. NaN is not: it only comes from a NaN input (a NaN equity point, fee or price means
 * a broken run), so it becomes null where the field allows it and is a QL_ERR_INTERNAL naming the metric
 * otherwise — never a silent 0.
 */

import { QuantLabError } from '../../core/errors.js';

/** `x` when finite, otherwise null (for fields that are `number | null`). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The QL_ERR_INTERNAL of a metric that came out NaN. */
export function brokenMetric(metric: string, details: Record<string, unknown> = {}): QuantLabError {
  return new QuantLabError(
    'QL_ERR_INTERNAL',
    `Metric ${metric} is not a number: the run produced a NaN (equity, fees or funding), so it is broken.`,
    { details: { metric, ...details } },
  );
}

function clampInfinity(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (x === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return x;
}

/**
 * `x` when finite; ±Infinity clamps to ±Number.MAX_VALUE ("very large", not missing); NaN throws
 * QL_ERR_INTERNAL naming `metric` (for fields typed `number`).
 */
export function finiteNumber(x: number, metric: string): number {
  if (Number.isNaN(x)) throw brokenMetric(metric);
  return clampInfinity(x);
}

/** `x` when finite; ±Infinity clamps to ±Number.MAX_VALUE; NaN is null (for fields typed `number | null`). */
export function clampedOrNull(x: number): number | null {
  return Number.isNaN(x) ? null : clampInfinity(x);
}

/**
 * Simple return from `from` to `to`. A start value ≤ 0 (capital wiped out, or none to begin with) has no
 * meaningful return: it counts as 0 so one blown-up day does not turn every later statistic into NaN. A
 * NaN on either side stays NaN (callers report it; it is never turned into 0).
 */
export function periodReturn(from: number, to: number): number {
  if (Number.isNaN(from) || Number.isNaN(to)) return Number.NaN;
  return from > 0 ? to / from - 1 : 0;
}
