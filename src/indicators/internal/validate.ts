/**
 * Parameter checks shared by the indicators. Ranges follow TA-Lib's optIn* limits so that a value TA-Lib
 * rejects is rejected here too, with QL_ERR_INDICATOR_INVALID and a message naming the parameter.
 */
import { QuantLabError } from '../../core/errors.js';
import type { Series } from '../types.js';

/** TA-Lib's upper bound for every period parameter. */
export const MAX_PERIOD = 100_000;

/** Throws QL_ERR_INDICATOR_INVALID with the indicator, parameter and offending value in `details`. */
export function invalid(indicator: string, message: string, details: Record<string, unknown> = {}): never {
  throw new QuantLabError('QL_ERR_INDICATOR_INVALID', `${indicator}: ${message}`, {
    details: { indicator, ...details },
  });
}

/**
 * A parameter value as an error message shows it: numbers as themselves, anything else with its type, so
 * that a period given as the string "10" (a config read as text) is not reported as `got 10`.
 */
export function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `${JSON.stringify(value)} (a string)`;
  if (value === null || value === undefined) return String(value);
  return `a value of type ${Array.isArray(value) ? 'array' : typeof value}`;
}

/** An integer period in `[min, max]`; returns it. */
export function checkPeriod(
  indicator: string,
  param: string,
  value: number,
  min: number,
  max = MAX_PERIOD,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(indicator, `${param} must be an integer in [${min}, ${max}], got ${shown(value)}`, {
      param,
      value,
      min,
      max,
    });
  }
  return value;
}

/** A finite real parameter (deviation multipliers and the like); returns it. */
export function checkFinite(indicator: string, param: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    invalid(indicator, `${param} must be a finite number, got ${shown(value)}`, { param, value });
  }
  return value;
}

/** A finite real parameter >= 0 (band multipliers, SAR's factors); returns it. */
export function checkNonNegative(indicator: string, param: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    invalid(indicator, `${param} must be a finite number >= 0, got ${shown(value)}`, { param, value });
  }
  return value;
}

/** A `length`-long output whose first `lookback` slots are NaN (the rest is written by the caller). */
export function outputArray(length: number, lookback: number): Float64Array {
  const out = new Float64Array(length);
  out.fill(Number.NaN, 0, Math.min(lookback, length));
  return out;
}

/**
 * Rejects inputs that are not arrays of numbers. The common mistake, passing candles instead of closes, is
 * an array too: its first element is checked (O(1)), so it fails here rather than as NaN everywhere.
 */
export function checkSeries(indicator: string, param: string, series: Series): void {
  if (series instanceof Float64Array) return;
  if (!Array.isArray(series)) {
    invalid(indicator, `${param} must be a Float64Array or an array of numbers, got ${shown(series)}`, {
      param,
    });
  }
  if (series.length > 0 && typeof series[0] !== 'number') {
    const hint =
      typeof series[0] === 'object' && series[0] !== null ? ` (candles? pass their ${param}s)` : '';
    invalid(indicator, `${param} must be an array of numbers, got ${shown(series[0])} at index 0${hint}`, {
      param,
      index: 0,
    });
  }
}

/**
 * TA-Lib's TA_EPSILON as built into our reference (`talib-web`, TA-Lib's current C code): 1e-14. TA-Lib
 * 0.4 used 1e-8; the reference computes RSI over average moves of 1e-10 and a standard deviation over a
 * variance of 1e-12, and answers 0 for a variance of 9.99e-15, which pins 1e-14.
 */
export const TA_EPSILON = 1e-14;

/** TA-Lib's TA_IS_ZERO: |v| below 1e-14 counts as zero (it decides RSI/CMO/PPO/KAMA's special cases). */
export function isZero(value: number): boolean {
  return -TA_EPSILON < value && value < TA_EPSILON;
}

/** TA-Lib's TA_IS_ZERO_OR_NEG: a variance below 1e-14 gives a standard deviation of exactly 0. */
export function isZeroOrNegative(value: number): boolean {
  return value < TA_EPSILON;
}
