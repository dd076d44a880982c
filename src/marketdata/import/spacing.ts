/**
 * The dominant spacing of a series, to check the `--timeframe` the user gave: importing hourly candles as
 * `1m` would store a series that looks 98 % missing. The mode of the steps between consecutive candles is
 * robust to gaps (weekends of GOOG, exchange outages); any step of 28–31 days is one calendar month (`1M`).
 *
 * The timeframe matches when it is the dominant step, or when the data is sparse: the dominant step is
 * longer and some steps do have the timeframe's length (an illiquid market whose exchange skips candles
 * without trades). A dominant step shorter than the timeframe never matches (candles would collide).
 */

import { isTimeframe, TIMEFRAMES, type Timeframe, timeframeMs } from '../../core/timeframe.js';

export interface SpacingReport {
  /** The most common step, as a timeframe name when it is one (`1h`), else a duration (`1h 30m`). */
  dominant: string;
  /** True when `dominant` is a timeframe name (`1h`, `1M`), i.e. a --timeframe to suggest. */
  dominantIsTimeframe: boolean;
  /** How many of the steps have that length. */
  dominantSteps: number;
  /** How many of the steps have the timeframe's length. */
  timeframeSteps: number;
  steps: number;
  matches: boolean;
  /** Matches only because the data is sparse (the dominant step is longer than the timeframe). */
  sparse: boolean;
}

const DAY = 86_400_000;
const MONTH = -1;

/** `90 * 60_000` → `1h 30m`; a known timeframe's length → its name. */
export function formatDuration(ms: number): string {
  if (ms === MONTH) return '1M';
  const named = TIMEFRAMES.find((tf) => tf !== '1M' && timeframeMs(tf) === ms);
  if (named !== undefined) return named;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['d', DAY],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join(' ') || '0ms';
}

/** Undefined when there are fewer than two candles (nothing to measure). */
export function checkSpacing(ts: ArrayLike<number>, tf: Timeframe): SpacingReport | undefined {
  if (ts.length < 2) return undefined;
  const counts = new Map<number, number>();
  for (let i = 1; i < ts.length; i++) {
    const step = ts[i]! - ts[i - 1]!;
    const key = step >= 28 * DAY && step <= 31 * DAY ? MONTH : step;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let dominant = 0;
  let dominantSteps = 0;
  for (const [step, count] of counts) {
    if (count > dominantSteps) {
      dominant = step;
      dominantSteps = count;
    }
  }
  const expected = tf === '1M' ? MONTH : timeframeMs(tf);
  const length = (step: number) => (step === MONTH ? 30 * DAY : step);
  const timeframeSteps = counts.get(expected) ?? 0;
  const sparse = dominant !== expected && length(dominant) > length(expected) && timeframeSteps > 0;
  const name = formatDuration(dominant);
  return {
    dominant: name,
    dominantIsTimeframe: isTimeframe(name),
    dominantSteps,
    timeframeSteps,
    steps: ts.length - 1,
    matches: dominant === expected || sparse,
    sparse,
  };
}
