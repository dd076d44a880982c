import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuantLabError } from './errors.js';
import {
  alignTs,
  canResample,
  compareTimeframes,
  isAligned,
  isCoarser,
  isTimeframe,
  nextBucket,
  nominalTimeframeMs,
  parseTimeframe,
  TIMEFRAMES,
  type Timeframe,
  timeframeMs,
} from './timeframe.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s, ms);

function invalidMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isQuantLabError(error, 'QL_ERR_INVALID_INPUT')) return error.message;
    throw error;
  }
  throw new Error('expected QL_ERR_INVALID_INPUT');
}

describe('parsing', () => {
  it('accepts every supported timeframe and keeps 1m and 1M apart', () => {
    for (const tf of TIMEFRAMES) expect(parseTimeframe(tf)).toBe(tf);
    expect(timeframeMs('1m')).toBe(60_000);
    expect(isTimeframe('1M')).toBe(true);
    expect(isTimeframe('2m')).toBe(false);
  });

  it('rejects unknown ones with a message listing the supported set', () => {
    expect(invalidMessage(() => parseTimeframe('7m'))).toMatch(/Unknown timeframe "7m".*1s, 1m, 3m/);
    expect(invalidMessage(() => parseTimeframe('1H'))).toMatch(/did you mean '1h'/);
    expect(invalidMessage(() => parseTimeframe(''))).toMatch(/Unknown timeframe/);
  });

  it('has fixed lengths, and none for the calendar month', () => {
    expect(timeframeMs('1s')).toBe(1000);
    expect(timeframeMs('15m')).toBe(900_000);
    expect(timeframeMs('4h')).toBe(14_400_000);
    expect(timeframeMs('1d')).toBe(86_400_000);
    expect(timeframeMs('1w')).toBe(604_800_000);
    expect(invalidMessage(() => timeframeMs('1M'))).toMatch(/calendar month/);
    expect(nominalTimeframeMs('1M')).toBe(30 * 86_400_000);
  });
});

describe('alignment, hand-checked', () => {
  it('floors to UTC buckets', () => {
    expect(alignTs(utc(2024, 1, 1, 13, 37, 12, 345), '1m')).toBe(utc(2024, 1, 1, 13, 37));
    expect(alignTs(utc(2024, 1, 1, 13, 37), '15m')).toBe(utc(2024, 1, 1, 13, 30));
    expect(alignTs(utc(2024, 1, 1, 13, 30), '4h')).toBe(utc(2024, 1, 1, 12));
    expect(alignTs(utc(2024, 1, 1, 23, 59, 59, 999), '1d')).toBe(utc(2024, 1, 1));
    expect(alignTs(-1, '1m')).toBe(-60_000);
  });

  it('starts weeks on Monday 00:00 UTC (2024-01-01 was a Monday)', () => {
    expect(alignTs(utc(2024, 1, 3, 15), '1w')).toBe(utc(2024, 1, 1));
    expect(alignTs(utc(2024, 1, 7, 23, 59), '1w')).toBe(utc(2024, 1, 1));
    expect(alignTs(utc(2024, 1, 8), '1w')).toBe(utc(2024, 1, 8));
    expect(alignTs(0, '1w')).toBe(utc(1969, 12, 29));
    expect(nextBucket(utc(2024, 1, 3), '1w')).toBe(utc(2024, 1, 8));
  });

  it('uses calendar months, leap years and year ends included', () => {
    expect(alignTs(utc(2024, 2, 29, 12), '1M')).toBe(utc(2024, 2, 1));
    expect(nextBucket(utc(2024, 2, 29, 12), '1M')).toBe(utc(2024, 3, 1));
    expect(nextBucket(utc(2023, 12, 31, 23), '1M')).toBe(utc(2024, 1, 1));
    expect(nextBucket(utc(2024, 1, 31), '1M') - utc(2024, 1, 1)).toBe(31 * 86_400_000);
  });

  it('buckets 3d on epoch multiples', () => {
    // 2024-01-01 is day 19723 since the epoch; 19722 is a multiple of 3.
    expect(alignTs(utc(2024, 1, 1, 5), '3d')).toBe(19_722 * 86_400_000);
  });

  it('rejects non-integer timestamps', () => {
    expect(invalidMessage(() => alignTs(1.5, '1m'))).toMatch(/integer epoch/);
    expect(invalidMessage(() => alignTs(Number.NaN, '1m'))).toMatch(/integer epoch/);
  });
});

describe('alignment properties', () => {
  const ts = fc.integer({ min: utc(1990, 1, 1), max: utc(2100, 1, 1) });
  const tf = fc.constantFrom(...TIMEFRAMES);

  it('align ≤ ts < next, align is idempotent, next is aligned', () => {
    fc.assert(
      fc.property(ts, tf, (t, timeframe) => {
        const start = alignTs(t, timeframe);
        const next = nextBucket(t, timeframe);
        expect(start).toBeLessThanOrEqual(t);
        expect(next).toBeGreaterThan(t);
        expect(alignTs(start, timeframe)).toBe(start);
        expect(isAligned(next, timeframe)).toBe(true);
        expect(alignTs(next - 1, timeframe)).toBe(start);
        if (timeframe !== '1M') expect(next - start).toBe(timeframeMs(timeframe));
        if (timeframe === '1w') expect(new Date(start).getUTCDay()).toBe(1);
        if (timeframe === '1M') expect(new Date(start).getUTCDate()).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('a coarser resamplable bucket is a union of finer buckets', () => {
    fc.assert(
      fc.property(ts, tf, tf, (t, fine, coarse) => {
        fc.pre(canResample(fine, coarse));
        const start = alignTs(t, coarse);
        expect(isAligned(start, fine)).toBe(true);
        expect(isAligned(nextBucket(t, coarse), fine)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('comparison', () => {
  it('orders by length', () => {
    expect(compareTimeframes('1m', '1h')).toBe(-1);
    expect(compareTimeframes('1d', '1d')).toBe(0);
    expect(compareTimeframes('1M', '1w')).toBe(1);
    expect(isCoarser('4h', '1h')).toBe(true);
    expect(isCoarser('1h', '4h')).toBe(false);
    const sorted = [...TIMEFRAMES].sort(compareTimeframes);
    expect(sorted).toEqual([...TIMEFRAMES]);
  });

  it.each<[Timeframe, Timeframe, boolean]>([
    ['1m', '5m', true],
    ['1m', '1h', true],
    ['1d', '1w', true],
    ['1d', '3d', true],
    ['1d', '1M', true],
    ['1h', '1M', true],
    ['3d', '1w', false],
    ['1w', '1M', false],
    ['3m', '5m', false],
    ['1h', '1m', false],
    ['8h', '1w', true],
  ])('canResample(%s, %s) = %s', (from, to, expected) => {
    expect(canResample(from, to)).toBe(expected);
  });
});
