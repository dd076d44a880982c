/**
 * Daily closes and 1-day simple returns. A day is a UTC calendar day; its close is the last value whose
 * time falls in it. Intraday moves inside a day are not used: the report's horizon is close to close.
 */
export const DAY_MS = 86_400_000;

export interface DailyCloses {
  /** UTC midnight of each day, ascending. */
  readonly days: number[];
  readonly closes: number[];
}

/** Last value per UTC day of a time-ordered series (ts ascending). */
export function dailyCloses(ts: ArrayLike<number>, values: ArrayLike<number>): DailyCloses {
  const days: number[] = [];
  const closes: number[] = [];
  for (let i = 0; i < ts.length; i++) {
    const day = Math.floor(ts[i]! / DAY_MS) * DAY_MS;
    if (days.length > 0 && days[days.length - 1] === day) closes[closes.length - 1] = values[i]!;
    else {
      days.push(day);
      closes.push(values[i]!);
    }
  }
  return { days, closes };
}

/** Simple returns between consecutive closes. */
export function simpleReturns(closes: readonly number[]): Float64Array {
  return Float64Array.from(
    { length: Math.max(0, closes.length - 1) },
    (_, i) => closes[i + 1]! / closes[i]! - 1,
  );
}

/**
 * Returns of several daily series over the days they all have: a day missing from one series is dropped
 * from all, so each return spans the same interval for every symbol (the correlation needs that).
 */
export function alignedReturns(series: readonly DailyCloses[]): { days: number[]; returns: Float64Array[] } {
  if (series.length === 0) return { days: [], returns: [] };
  const maps = series.map((s) => new Map(s.days.map((d, i) => [d, s.closes[i]!])));
  const days = series[0]!.days.filter((d) => maps.every((m) => m.has(d)));
  return { days, returns: maps.map((m) => simpleReturns(days.map((d) => m.get(d)!))) };
}
