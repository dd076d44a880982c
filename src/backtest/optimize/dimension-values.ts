/**
 * Turning a dimension into concrete values: snapping a number onto its range's lattice (integers, steps)
 * and listing a dimension's points for grid search.
 *
 * Grid points: choices as listed; an integer range without a step takes every integer; a float range
 * without a step takes GRID_POINTS evenly spaced points (ends included); a log range takes GRID_POINTS
 * geometrically spaced points, then snapped to its step/integers with repeats dropped.
 */

import { QuantLabError } from '../../core/errors.js';
import type { Dimension, ParamValue, RangeDimension } from './space.js';

export const GRID_POINTS = 10;
/** A dimension or grid larger than this is refused: use random or TPE search, or a coarser step. */
export const MAX_GRID_SIZE = 1_000_000;

/** Removes floating-point dust (0.1 + 0.2) so values print and compare as the user wrote them. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** The lattice value of the range nearest to `value` (clamped into [min, max]). */
export function snapToRange(dim: RangeDimension, value: number): number {
  let x = Math.min(dim.max, Math.max(dim.min, value));
  if (dim.step !== undefined) {
    let k = Math.round((x - dim.min) / dim.step);
    if (dim.min + k * dim.step > dim.max + 1e-9 * dim.step) k -= 1;
    x = clean(dim.min + k * dim.step);
  }
  if (dim.type === 'int') x = Math.round(x);
  return Math.min(dim.max, Math.max(dim.min, x));
}

function stepPointCount(dim: RangeDimension, step: number): number {
  // The small tolerance keeps `max` when (max − min) / step is an integer blurred by rounding.
  return Math.floor((dim.max - dim.min) / step + 1e-9) + 1;
}

function tooLarge(dim: Dimension, count: number): QuantLabError {
  return new QuantLabError(
    'QL_ERR_INVALID_INPUT',
    `--space ${dim.name}: ${count} grid points is too many (limit ${MAX_GRID_SIZE}); give a larger step or use --method random|tpe`,
    { details: { key: dim.name, points: count } },
  );
}

function rangePoints(dim: RangeDimension): number[] {
  if (dim.min === dim.max) return [dim.min];
  if (dim.log) {
    const ratio = dim.max / dim.min;
    const raw = Array.from({ length: GRID_POINTS }, (_, i) =>
      snapToRange(dim, dim.min * ratio ** (i / (GRID_POINTS - 1))),
    );
    return [...new Set(raw)];
  }
  const step = dim.step ?? (dim.type === 'int' ? 1 : undefined);
  if (step === undefined) {
    return Array.from({ length: GRID_POINTS }, (_, i) =>
      clean(dim.min + ((dim.max - dim.min) * i) / (GRID_POINTS - 1)),
    );
  }
  const count = stepPointCount(dim, step);
  if (count > MAX_GRID_SIZE) throw tooLarge(dim, count);
  return Array.from({ length: count }, (_, k) => clean(dim.min + k * step));
}

/** The grid points of one dimension, in increasing order (choices in the order given). */
export function gridValues(dim: Dimension): readonly ParamValue[] {
  return dim.kind === 'choice' ? dim.values : rangePoints(dim);
}
