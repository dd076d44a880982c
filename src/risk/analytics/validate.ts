import { QuantLabError } from '../../core/errors.js';
import type { Matrix, RiskOptions, Vector } from './types.js';

export function invalid(message: string, details: Record<string, unknown> = {}): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

export function checkFiniteVector(name: string, v: Vector, minLength = 1): void {
  if (v === null || typeof v !== 'object' || typeof v.length !== 'number') {
    throw invalid(`${name} must be an array of numbers`, { name });
  }
  if (v.length < minLength) {
    throw invalid(`${name} must have at least ${minLength} value(s), got ${v.length}`, {
      name,
      length: v.length,
    });
  }
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw invalid(`${name}[${i}] is not a finite number`, { name, index: i });
  }
}

export function checkConfidence(alpha: number): void {
  if (!(Number.isFinite(alpha) && alpha > 0 && alpha < 1)) {
    throw invalid(`confidence must be strictly between 0 and 1, got ${alpha}`, { confidence: alpha });
  }
}

export function checkPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw invalid(`${name} must be a positive finite number, got ${value}`, { name, value });
  }
}

export interface ResolvedOptions {
  readonly confidences: readonly number[];
  readonly horizonDays: number;
  /** Number of bars in the horizon: barsPerDay × horizonDays. */
  readonly bars: number;
}

export function resolveOptions(options: RiskOptions = {}): ResolvedOptions {
  const confidences = options.confidences ?? [0.95, 0.99];
  if (confidences.length === 0) throw invalid('confidences must not be empty');
  for (const a of confidences) checkConfidence(a);
  const horizonDays = options.horizonDays ?? 1;
  const barsPerDay = options.barsPerDay ?? 1;
  checkPositive('horizonDays', horizonDays);
  checkPositive('barsPerDay', barsPerDay);
  const kind = options.returnKind ?? 'simple';
  if (kind !== 'simple' && kind !== 'log') {
    throw invalid(`returnKind must be 'simple' or 'log', got ${String(kind)}`, { returnKind: kind });
  }
  return { confidences, horizonDays, bars: barsPerDay * horizonDays };
}

/** Checks exposures against aligned, non-empty, equally long return series. Returns the series length. */
export function checkAligned(exposures: Vector, returns: readonly Vector[]): number {
  checkFiniteVector('exposures', exposures);
  if (!Array.isArray(returns) || returns.length !== exposures.length) {
    throw invalid(
      `expected one return series per exposure: ${exposures.length} exposures, ${returns?.length} series`,
      { exposures: exposures.length, series: returns?.length },
    );
  }
  const n = returns[0]!.length;
  returns.forEach((series, i) => {
    checkFiniteVector(`returns[${i}]`, series);
    if (series.length !== n) {
      throw invalid(
        `return series must be aligned: returns[0] has ${n} values, returns[${i}] has ${series.length}`,
        {
          index: i,
          expected: n,
          actual: series.length,
        },
      );
    }
  });
  return n;
}

/** Checks that `matrix` is a finite, symmetric d × d matrix. */
export function checkSquareSymmetric(name: string, matrix: Matrix, d: number): void {
  if (!Array.isArray(matrix) || matrix.length !== d) {
    throw invalid(`${name} must be ${d} × ${d}, got ${matrix?.length} rows`, { name, expected: d });
  }
  let scale = 0;
  matrix.forEach((row, i) => {
    checkFiniteVector(`${name}[${i}]`, row);
    if (row.length !== d)
      throw invalid(`${name} row ${i} has ${row.length} columns, expected ${d}`, { name });
    scale = Math.max(scale, Math.abs(row[i]!));
  });
  const tol = 1e-10 * Math.max(scale, Number.MIN_VALUE);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(matrix[i]![j]! - matrix[j]![i]!) > tol) {
        throw invalid(`${name} is not symmetric at (${i}, ${j})`, { name, row: i, column: j });
      }
    }
  }
}
