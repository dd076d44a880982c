/**
 * Monthly returns for reports: for each UTC month from the first point's to the last point's, the last
 * value of the month relative to the previous month's last value (`startEquity` for the first month).
 * Months without any point inside the run count as 0 (the equity did not change). A point belongs to the
 * month containing `ts − 1 ms` (close-time stamps, see `utc-periods.ts`). A previous value ≤ 0 gives 0; a
 * NaN value is a QL_ERR_INTERNAL naming the month.
 */

import type { MonthlyReturn } from '../types.js';
import { finiteNumber, periodReturn } from './json-number.js';
import { utcMonthEnd, utcMonthLabel, utcMonthOf } from './utc-periods.js';

export function monthlyReturns(
  ts: Float64Array,
  equity: Float64Array,
  length: number,
  startEquity: number,
): MonthlyReturn[] {
  const out: MonthlyReturn[] = [];
  const n = Math.min(length, ts.length, equity.length);
  let month = 0;
  /** A point stamped ≤ monthEnd belongs to `month`; -Infinity so the first point opens its month. */
  let monthEnd = Number.NEGATIVE_INFINITY;
  let monthOpenValue = startEquity;
  let last = startEquity;

  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (t > monthEnd) {
      // Only at month boundaries: the Date work stays out of the per-point path.
      const nextMonth = utcMonthOf(t);
      if (i > 0) {
        out.push(monthReturn(month, monthOpenValue, last));
        monthOpenValue = last;
        for (let m = month + 1; m < nextMonth; m++) out.push({ month: utcMonthLabel(m), return: 0 });
      }
      month = nextMonth;
      monthEnd = utcMonthEnd(nextMonth);
    }
    last = equity[i]!;
  }
  if (n > 0) out.push(monthReturn(month, monthOpenValue, last));
  return out;
}

/** A NaN month (a NaN equity point) is a QL_ERR_INTERNAL naming the month, never a 0. */
function monthReturn(month: number, from: number, to: number): MonthlyReturn {
  const label = utcMonthLabel(month);
  return { month: label, return: finiteNumber(periodReturn(from, to), `monthlyReturns[${label}]`) };
}
