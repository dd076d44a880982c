import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import { clampedOrNull, finiteNumber, finiteOrNull, periodReturn } from './json-number.js';

function internalMetric(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (isQuantLabError(error, 'QL_ERR_INTERNAL')) return error.details?.['metric'];
    throw error;
  }
  throw new Error('expected a QL_ERR_INTERNAL');
}

describe('JSON-safe numbers', () => {
  it('finiteNumber clamps ±Infinity and throws QL_ERR_INTERNAL naming the metric on NaN (never 0)', () => {
    expect(finiteNumber(1.5, 'cagr')).toBe(1.5);
    expect(finiteNumber(Number.POSITIVE_INFINITY, 'cagr')).toBe(Number.MAX_VALUE);
    expect(finiteNumber(Number.NEGATIVE_INFINITY, 'cagr')).toBe(-Number.MAX_VALUE);
    expect(internalMetric(() => finiteNumber(Number.NaN, 'endEquity'))).toBe('endEquity');
  });

  it('nullable fields: NaN is null; ±Infinity clamps (clampedOrNull) or is null (finiteOrNull)', () => {
    expect(clampedOrNull(Number.NaN)).toBeNull();
    expect(clampedOrNull(Number.POSITIVE_INFINITY)).toBe(Number.MAX_VALUE);
    expect(clampedOrNull(-2)).toBe(-2);
    expect(finiteOrNull(Number.NaN)).toBeNull();
    expect(finiteOrNull(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('periodReturn: 0 from a start ≤ 0, NaN (not 0) from a NaN', () => {
    expect(periodReturn(100, 110)).toBeCloseTo(0.1, 12);
    expect(periodReturn(0, 5)).toBe(0);
    expect(periodReturn(-3, 5)).toBe(0);
    expect(periodReturn(Number.NaN, 5)).toBeNaN();
    expect(periodReturn(0, Number.NaN)).toBeNaN();
  });
});
