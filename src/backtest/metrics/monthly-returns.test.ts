import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import { monthlyReturns } from './monthly-returns.js';

const HOUR = 3_600_000;

function curve(points: Array<[number, number]>): [Float64Array, Float64Array, number] {
  return [
    Float64Array.from(points.map((p) => p[0])),
    Float64Array.from(points.map((p) => p[1])),
    points.length,
  ];
}

describe('monthlyReturns', () => {
  it('chains UTC months across a year boundary from the previous month-end value', () => {
    const [ts, eq, n] = curve([
      [Date.UTC(2023, 11, 15), 110],
      [Date.UTC(2023, 11, 31, 12), 120], // December closes at 120: +20 % on the capital
      [Date.UTC(2024, 0, 10), 90],
      [Date.UTC(2024, 0, 31, 23), 108], // January closes at 108: 108 / 120 − 1 = −10 %
      [Date.UTC(2024, 1, 2), 113.4], // February: +5 %
    ]);
    const months = monthlyReturns(ts, eq, n, 100);
    expect(months.map((m) => m.month)).toEqual(['2023-12', '2024-01', '2024-02']);
    expect(months[0]!.return).toBeCloseTo(0.2, 12);
    expect(months[1]!.return).toBeCloseTo(-0.1, 12);
    expect(months[2]!.return).toBeCloseTo(0.05, 12);
  });

  it('puts a close stamped 00:00 on the 1st in the month that just ended, and fills empty months with 0', () => {
    const [ts, eq, n] = curve([
      [Date.UTC(2024, 0, 31, 23), 105],
      [Date.UTC(2024, 1, 1), 110], // the last 1m/1h/1d bar of January closes here
      [Date.UTC(2024, 3, 1) + HOUR, 99], // nothing in February or March
    ]);
    const months = monthlyReturns(ts, eq, n, 100);
    expect(months).toEqual([
      { month: '2024-01', return: expect.closeTo(0.1, 12) },
      { month: '2024-02', return: 0 },
      { month: '2024-03', return: 0 },
      { month: '2024-04', return: expect.closeTo(-0.1, 12) },
    ]);
  });

  it('is empty without points and honours `length`', () => {
    const [ts, eq] = curve([
      [Date.UTC(2024, 0, 5), 110],
      [Date.UTC(2024, 1, 5), 120],
    ]);
    expect(monthlyReturns(ts, eq, 0, 100)).toEqual([]);
    expect(monthlyReturns(ts, eq, 1, 100)).toEqual([{ month: '2024-01', return: expect.closeTo(0.1, 12) }]);
  });

  it('throws QL_ERR_INTERNAL naming the month of a NaN value (it used to report 0)', () => {
    const [ts, eq, n] = curve([
      [Date.UTC(2024, 0, 5), 110],
      [Date.UTC(2024, 1, 5), Number.NaN],
    ]);
    let caught: unknown;
    try {
      monthlyReturns(ts, eq, n, 100);
    } catch (error) {
      caught = error;
    }
    expect(isQuantLabError(caught, 'QL_ERR_INTERNAL')).toBe(true);
    expect((caught as { details?: Record<string, unknown> }).details?.['metric']).toBe(
      'monthlyReturns[2024-02]',
    );
  });
});
