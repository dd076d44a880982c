/** UTC days on epoch milliseconds: the daily-loss breaker's calendar, independent of the host's zone. */

export const DAY_MS = 86_400_000;

/** Days since the epoch (UTC) of an epoch-ms time. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The start of the UTC day after `ms`. */
export function nextUtcDayStart(ms: number): number {
  return (utcDay(ms) + 1) * DAY_MS;
}

/** `YYYY-MM-DD` of a UTC day number. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
