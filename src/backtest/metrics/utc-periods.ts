/**
 * UTC calendar buckets for equity points.
 *
 * Equity points are stamped with bar **close** times, and a close time is the exclusive end of the bar
 * (a 1m bar opened at 23:59 closes at 00:00 of the next day). A point therefore belongs to the period
 * containing the instant just before its timestamp, `ts − 1 ms`: the value at 00:00:00.000 is the end of
 * the previous day (and, on the 1st, of the previous month). Without this, a one-year 1m run from Jan 1 to
 * Jan 1 would grow a bogus one-minute "day" and "month" at the end, and daily bars would be shifted by a day.
 */

export const DAY_MS = 86_400_000;
/** A 365-day year, for annualising (CAGR, √365 for daily Sharpe / Sortino). */
export const YEAR_MS = 365 * DAY_MS;

/** Index of the UTC day (days since the epoch) a point stamped `closeTs` belongs to. */
export function utcDayOf(closeTs: number): number {
  return Math.floor((closeTs - 1) / DAY_MS);
}

/** Months since January 1970 of the UTC month a point stamped `closeTs` belongs to. */
export function utcMonthOf(closeTs: number): number {
  const d = new Date(closeTs - 1);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

/** Epoch ms at which month `monthIndex` (months since January 1970) ends: the first instant of the next. */
export function utcMonthEnd(monthIndex: number): number {
  return Date.UTC(1970, monthIndex + 1, 1);
}

/** `2024-03` for a month index. */
export function utcMonthLabel(monthIndex: number): string {
  const year = 1970 + Math.floor(monthIndex / 12);
  const month = monthIndex - (year - 1970) * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
