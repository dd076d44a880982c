/**
 * Test support (imported by `*.test.ts` only): the seeded OHLCV cases on which our indicators are checked
 * against TA-Lib's own C code (`test/support/talib.ts`), and the parity assertion itself.
 */
import { expect } from 'vitest';
import { compareSeries } from '../../../test/support/talib.js';
import { type OhlcvSeries, randomOhlcv } from './random-ohlcv.js';

/** Largest relative difference from TA-Lib we accept (the contract of DESIGN.md §4.5). */
export const TALIB_TOLERANCE = 1e-9;

export interface ParityCase {
  label: string;
  bars: OhlcvSeries;
}

/**
 * Lengths 1..500 (shorter than, equal to and just past typical lookbacks) at three price scales: a
 * 100-ish instrument, a 40 000-ish one, and a 1e-6 token (tick 1e-9) whose ranges and money flows
 * exercise TA-Lib's absolute thresholds (TA_IS_ZERO, MFI's "total flow below 1 is 0").
 */
export function parityCases(): ParityCase[] {
  const cases: ParityCase[] = [];
  const lengths = [1, 2, 3, 5, 8, 13, 14, 15, 27, 28, 29, 30, 31, 60, 120, 250, 500];
  const scales = [
    { name: 'p100', start: 100 },
    { name: 'p40k', start: 40_000 },
    { name: 'p1e-6', start: 1e-6, tick: 1e-9, volume: 5 },
  ];
  let seed = 1;
  for (const scale of scales) {
    for (const length of lengths) {
      seed += 1;
      cases.push({ label: `${scale.name} n=${length} seed=${seed}`, bars: randomOhlcv(length, seed, scale) });
    }
  }
  return cases;
}

/** Largest relative error seen per indicator across a test file (reported by the parity tests). */
export const worstErrors = new Map<string, number>();

/** The purely relative comparison the parity checks use (no absolute floor; see test/support/talib.ts). */
export const relativeDifference = compareSeries;

/** `actual` equals TA-Lib's `expected` to {@link TALIB_TOLERANCE}, with NaN exactly where TA-Lib has none. */
export function expectTalibParity(name: string, actual: Float64Array, expected: Float64Array, label: string) {
  expect(actual.length, `${name} ${label}: length`).toBe(expected.length);
  const { maxRelativeError, nanMismatchAt } = relativeDifference(actual, expected);
  expect(nanMismatchAt, `${name} ${label}: NaN placement differs at index`).toBe(-1);
  expect(maxRelativeError, `${name} ${label}: relative error`).toBeLessThanOrEqual(TALIB_TOLERANCE);
  worstErrors.set(name, Math.max(worstErrors.get(name) ?? 0, maxRelativeError));
  let differing = 0;
  for (let i = 0; i < expected.length; i += 1) if (!Object.is(actual[i], expected[i])) differing += 1;
  valuesCompared.set(name, (valuesCompared.get(name) ?? 0) + expected.length);
  valuesDiffering.set(name, (valuesDiffering.get(name) ?? 0) + differing);
}

/** Values compared, and values not bit-identical to TA-Lib's, per indicator (for the report). */
const valuesCompared = new Map<string, number>();
const valuesDiffering = new Map<string, number>();

/** Prints {@link worstErrors} when `QL_PARITY_REPORT` is set (for the parity table of the docs). */
export function reportWorstErrors(): void {
  if (!process.env.QL_PARITY_REPORT) return;
  for (const [name, error] of worstErrors) {
    const counts = `${valuesDiffering.get(name)} of ${valuesCompared.get(name)} values not bit-identical`;
    process.stdout.write(`parity ${name}: max relative error ${error}, ${counts}\n`);
  }
}
