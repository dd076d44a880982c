/**
 * Quantities in whole lots. Algorithms split and carry quantities in integer lot units so that slices
 * always add up to the parent exactly: no float drift, no sub-lot crumb left at the end.
 */

import type { Instrument } from '../../core/instrument.js';
import { roundToStep, stepUnits } from '../../core/precision.js';

export interface LotGrid {
  readonly lot: number;
  /** The smallest child in lots: the instrument's minimum size, at least one lot. */
  readonly minUnits: number;
  /** Whole lots in `qty` (down by default, never sizing up). */
  units(qty: number, mode?: 'down' | 'nearest'): number;
  /** `units` lots as the double nearest the exact decimal (3 × 0.1 → 0.3). */
  qty(units: number): number;
}

export function lotGrid(inst: Instrument): LotGrid {
  const lot = inst.lotSize;
  return {
    lot,
    minUnits: Math.max(1, stepUnits(inst.minSize, lot, 'up')),
    units: (qty, mode = 'down') => stepUnits(qty, lot, mode),
    qty: (units) => roundToStep(units * lot, lot, 'nearest'),
  };
}

/**
 * Cumulative lot targets of a schedule: slice k brings the parent to `cum[k]` lots. Slice sizes follow
 * `weights` (cumulative rounding, so they sum to `totalUnits` exactly). A slice smaller than `minUnits`
 * is not placed on its own: its lots join the next slice, and a too-small last slice is folded into the
 * previous one, so every child can actually be placed.
 */
export function cumulativeUnits(weights: Float64Array, totalUnits: number, minUnits: number): Float64Array {
  const n = weights.length;
  const cum = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += weights[k]!;
  let acc = 0;
  for (let k = 0; k < n; k++) {
    acc += weights[k]!;
    // Equal weights when there is nothing to go by (a profile with no volume over the window).
    cum[k] = k === n - 1 ? totalUnits : Math.round((sum > 0 ? acc / sum : (k + 1) / n) * totalUnits);
  }
  let placed = 0; // lots of the slices kept so far
  let lastKept = -1;
  for (let k = 0; k < n; k++) {
    const size = cum[k]! - placed;
    if (k === n - 1 && size > 0 && size < minUnits && lastKept >= 0) {
      for (let j = lastKept; j < n; j++) cum[j] = totalUnits;
      break;
    }
    if (size >= minUnits || k === n - 1) {
      placed = cum[k]!;
      lastKept = k;
    } else cum[k] = placed;
  }
  return cum;
}
