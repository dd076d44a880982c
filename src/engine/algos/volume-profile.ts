/**
 * Intraday volume profiles for VWAP: the average share of a day's volume traded in each UTC bucket of the
 * day, over recent days, and the weight the profile gives a span of time.
 */

import { QuantLabError } from '../../core/errors.js';
import { lowerBound } from '../../core/sorted-search.js';

export const DAY_MS = 86_400_000;

/** Candle columns (open times ascending, volumes); `length` when the arrays are longer than the data. */
export interface VolumeColumns {
  readonly ts: Float64Array;
  readonly volume: Float64Array;
  readonly length?: number;
}

function invalid(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

/** Bucket width of a profile (its length divides a day); throws QL_ERR_INVALID_INPUT otherwise. */
export function profileBucketMs(profile: Float64Array): number {
  if (!(profile instanceof Float64Array) || profile.length === 0 || DAY_MS % profile.length !== 0) {
    throw invalid('A volume profile is a Float64Array whose length divides a day (86,400,000 ms).', {
      length: profile?.length,
    });
  }
  return DAY_MS / profile.length;
}

/**
 * The average share of a day's volume in each `sliceMs` bucket of the UTC day, over the `lookbackDays`
 * whole days before the day of `asOf` (default: the close of the last candle, taking the candle step from
 * the last two). Each day counts once whatever its total (a mean of shares, not of volumes); days without
 * volume are left out. The result sums to 1, or is all zeros when no day had volume.
 */
export function volumeProfile(
  candles: VolumeColumns,
  sliceMs: number,
  lookbackDays: number,
  asOf?: number,
): Float64Array {
  if (!Number.isSafeInteger(sliceMs) || sliceMs <= 0 || DAY_MS % sliceMs !== 0)
    throw invalid(`sliceMs ${sliceMs} must be a whole number of ms dividing a day.`, { sliceMs });
  if (!Number.isSafeInteger(lookbackDays) || lookbackDays < 1)
    throw invalid(`lookbackDays ${lookbackDays} must be an integer >= 1.`, { lookbackDays });
  const buckets = DAY_MS / sliceMs;
  const profile = new Float64Array(buckets);
  const n = candles.length ?? candles.ts.length;
  if (n === 0) return profile;
  const ts = candles.ts;
  const step = n > 1 ? ts[n - 1]! - ts[n - 2]! : 1;
  const until = asOf ?? ts[n - 1]! + step;
  const lastDay = Math.floor(until / DAY_MS); // the day of `until`: not complete, not used
  const from = (lastDay - lookbackDays) * DAY_MS;
  const to = lastDay * DAY_MS;
  const day = new Float64Array(buckets);
  let dayIndex = Number.NaN;
  let dayTotal = 0;
  let days = 0;
  const flush = () => {
    if (dayTotal > 0) {
      for (let b = 0; b < buckets; b++) profile[b] += day[b]! / dayTotal;
      days += 1;
    }
    day.fill(0);
    dayTotal = 0;
  };
  for (let i = lowerBound(ts, from, n); i < n && ts[i]! < to; i++) {
    const t = ts[i]!;
    const d = Math.floor(t / DAY_MS);
    if (d !== dayIndex) {
      flush();
      dayIndex = d;
    }
    const v = candles.volume[i]!;
    if (!(v > 0) || !Number.isFinite(v)) continue; // NaN, negative or infinite volume counts as none
    day[Math.floor((t - d * DAY_MS) / sliceMs)] += v;
    dayTotal += v;
  }
  flush();
  if (days > 0) for (let b = 0; b < buckets; b++) profile[b] /= days;
  return profile;
}

/**
 * The profile's weight of the span [from, to): the share of a day's volume expected in it (bucket shares,
 * pro rata for partly covered buckets).
 */
export function profileWeight(profile: Float64Array, from: number, to: number): number {
  const bucketMs = profileBucketMs(profile);
  let weight = 0;
  let t = from;
  while (t < to) {
    const dayStart = Math.floor(t / DAY_MS) * DAY_MS;
    const bucket = Math.floor((t - dayStart) / bucketMs);
    const bucketEnd = dayStart + (bucket + 1) * bucketMs;
    const end = Math.min(to, bucketEnd);
    weight += (profile[bucket]! * (end - t)) / bucketMs;
    t = end;
  }
  return weight;
}
