/**
 * One pass over the equity curve: end value, daily-return moments and drawdown. This is the hot loop of
 * `computeMetrics` (up to 525,600 points per run, thousands of runs per optimizer sweep): per point it
 * does a comparison for the day boundary and a few arithmetic operations, and allocates nothing.
 *
 * Daily returns: the equity at the last point of each UTC day (see `utc-periods.ts` for which day a
 * close-time stamp belongs to), relative to the previous day's last value — `startEquity` for the first
 * day. A day without any point between two days that have points counts as a 0 return (the equity did
 * not change as far as the curve knows); this keeps √365 annualisation right for bars coarser than a day.
 *
 * Drawdown: the running peak starts at `startEquity` set at `startTs`; a point at or above the peak
 * recovers it and becomes the new peak (its time is the new peak time), a point below it is under water
 * by (peak − value) / peak. The duration of an episode runs from the peak time to the first point back at
 * or above the peak, or to the last point when the run ends under water.
 *
 * A NaN equity point (a broken run) throws QL_ERR_INTERNAL; the check costs one comparison on the path
 * a NaN takes (under water, not a new low) and nothing elsewhere.
 */

import { brokenMetric, periodReturn } from './json-number.js';
import { ReturnMoments } from './return-moments.js';
import { DAY_MS, utcDayOf } from './utc-periods.js';

export interface EquityScan {
  /** Last equity value (`startEquity` when there are no points). */
  readonly endEquity: number;
  /** Time of the last point (`startTs` when there are no points). */
  readonly endTs: number;
  readonly daily: ReturnMoments;
  /** Largest (peak − value) / peak, ≥ 0. */
  readonly maxDrawdown: number;
  /** Longest time under a previous peak, ms. */
  readonly maxDrawdownDuration: number;
}

export function scanEquity(
  ts: Float64Array,
  equity: Float64Array,
  length: number,
  startEquity: number,
  startTs: number,
): EquityScan {
  const daily = new ReturnMoments();
  const n = Math.min(length, ts.length, equity.length);

  // Daily sampling state.
  let day = 0;
  /** A point stamped ≤ dayEnd belongs to `day`; -Infinity so the first point opens its day. */
  let dayEnd = Number.NEGATIVE_INFINITY;
  let dayOpenValue = startEquity;
  let last = startEquity;

  // Drawdown state.
  let peak = startEquity;
  let peakTs = startTs;
  let underWater = false;
  let maxDrawdown = 0;
  let maxDuration = 0;
  /** A value below this deepens maxDrawdown from the current peak: peak × (1 − maxDrawdown). */
  let newLowBelow = peak;

  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    const v = equity[i]!;

    if (t > dayEnd) {
      const nextDay = utcDayOf(t);
      if (i > 0) {
        daily.add(periodReturn(dayOpenValue, last));
        dayOpenValue = last;
        daily.addZeros(nextDay - day - 1);
      }
      day = nextDay;
      dayEnd = (nextDay + 1) * DAY_MS;
    }
    last = v;

    if (v >= peak) {
      if (underWater) {
        const duration = t - peakTs;
        if (duration > maxDuration) maxDuration = duration;
        underWater = false;
      }
      peak = v;
      peakTs = t;
      newLowBelow = peak * (1 - maxDrawdown);
    } else {
      underWater = true;
      // Divide only when this point deepens the worst drawdown so far (most points under water do not).
      if (v < newLowBelow) {
        if (peak > 0) {
          // Re-checked: peak × (1 − maxDrawdown) is rounded and must never lower the maximum.
          const drawdown = (peak - v) / peak;
          if (drawdown > maxDrawdown) maxDrawdown = drawdown;
          newLowBelow = v;
        }
      } else if (Number.isNaN(v)) {
        // NaN fails every comparison, so it lands here: a broken run, never a silently skipped point.
        throw brokenMetric('equity', { index: i, ts: t });
      }
    }
  }

  const endTs = n > 0 ? ts[n - 1]! : startTs;
  if (n > 0) daily.add(periodReturn(dayOpenValue, last));
  if (underWater) {
    const duration = endTs - peakTs;
    if (duration > maxDuration) maxDuration = duration;
  }
  return { endEquity: last, endTs, daily, maxDrawdown, maxDrawdownDuration: maxDuration };
}
