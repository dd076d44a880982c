/**
 * The schedule of a TWAP or VWAP parent: when each slice is due and how many lots the parent should have
 * been given by then. Computed once at the start, from the weights and a seeded generator, so the same
 * request at the same time always gives the same children.
 */

import { seededRandom } from '../../core/random.js';
import { cumulativeUnits } from './lot-grid.js';
import type { SliceRandomization } from './types.js';
import { profileWeight } from './volume-profile.js';

export interface SliceSchedule {
  /** When slice k is due (epoch ms, ascending; slice 0 at the start). */
  readonly times: Float64Array;
  /** Lots the parent should have been given once slice k is due (the last is the total). */
  readonly cum: Float64Array;
  readonly startTs: number;
  readonly endTs: number;
}

/** Nominal start of slice k of n over [startTs, startTs + durationMs). */
function nominalTime(startTs: number, durationMs: number, k: number, n: number): number {
  return startTs + Math.floor((k * durationMs) / n);
}

/** Equal weights (TWAP). */
export function equalWeights(n: number): Float64Array {
  return new Float64Array(n).fill(1);
}

/** The profile's weight of each nominal slice interval (VWAP). */
export function profileWeights(
  profile: Float64Array,
  startTs: number,
  durationMs: number,
  n: number,
): Float64Array {
  const weights = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    weights[k] = profileWeight(
      profile,
      nominalTime(startTs, durationMs, k, n),
      nominalTime(startTs, durationMs, k + 1, n),
    );
  }
  return weights;
}

export function buildSchedule(args: {
  readonly startTs: number;
  readonly durationMs: number;
  readonly weights: Float64Array;
  readonly totalUnits: number;
  readonly minUnits: number;
  readonly randomize?: SliceRandomization;
  /** Used when `randomize.seed` is absent. */
  readonly defaultSeed: number;
}): SliceSchedule {
  const { startTs, durationMs, totalUnits, minUnits, randomize } = args;
  const n = args.weights.length;
  const weights = Float64Array.from(args.weights);
  const times = new Float64Array(n);
  const sizeJitter = randomize?.size ?? 0;
  const timeJitter = randomize?.time ?? 0;
  // Draws happen in a fixed order (all sizes, then all times) so a seed always means the same slices.
  const random = seededRandom(randomize?.seed ?? args.defaultSeed);
  if (sizeJitter > 0) for (let k = 0; k < n; k++) weights[k] *= 1 + sizeJitter * (2 * random() - 1);
  const interval = durationMs / n;
  for (let k = 0; k < n; k++) {
    const delay = k > 0 && timeJitter > 0 ? Math.floor(timeJitter * interval * random()) : 0;
    times[k] = nominalTime(startTs, durationMs, k, n) + delay;
  }
  return {
    times,
    cum: cumulativeUnits(weights, totalUnits, minUnits),
    startTs,
    endTs: startTs + durationMs,
  };
}
