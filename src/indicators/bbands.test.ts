import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BBANDS, bbands } from './bbands.js';
import { ema } from './ema.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { MAType } from './ma-type.js';
import { stddev } from './stddev.js';

afterAll(reportWorstErrors);

const OUTPUTS = ['upper', 'middle', 'lower'];
const TYPES: MAType[] = [0, 1, 2, 3, 4, 5, 6, 8] as MAType[];

describe('bbands', () => {
  it('puts the bands nbDev population standard deviations around the SMA (hand-checked)', () => {
    // [1, 2, 3]: mean 2, population σ = √(2/3).
    const { upper, middle, lower } = bbands([1, 2, 3], 3, 2, 1);
    const sigma = Math.sqrt(2 / 3);
    expect(middle[2]).toBeCloseTo(2, 14);
    expect(upper[2]).toBeCloseTo(2 + 2 * sigma, 14);
    expect(lower[2]).toBeCloseTo(2 - sigma, 14);
    expect(Number.isNaN(upper[1]!)).toBe(true);
  });

  it('with another MA type keeps σ about the plain mean (TA-Lib’s STDDEV), around that MA', () => {
    const close = Array.from({ length: 40 }, (_, i) => 20 + Math.cos(i / 3) * 4);
    const { upper, middle } = bbands(close, 10, 2, 2, MAType.EMA);
    const mid = ema(close, 10);
    const sigma = stddev(close, 10, 1);
    for (let i = 9; i < close.length; i += 1) {
      expect(middle[i]).toBe(mid[i]);
      expect(upper[i]).toBeCloseTo(mid[i]! + 2 * sigma[i]!, 12);
    }
  });

  for (const maType of TYPES) {
    for (const [period, up, down] of [
      [2, 2, 2],
      [5, 1, 3],
      [20, 2, 2],
      [14, -1.5, 0.5],
    ] as const) {
      it(`matches TA-Lib BBANDS(${period}, ${up}, ${down}, ${maType})`, async () => {
        await expectRealParity(
          'BBANDS',
          'BBANDS',
          [period, up, down, maType],
          (c) => bbands(c, period, up, down, maType),
          OUTPUTS,
        );
      });
    }
  }

  it('streams exactly the batch values', () => {
    expectStreamingMatchesBatch({
      params: fc.tuple(
        fc.integer({ min: 2, max: 25 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.constantFrom(...TYPES),
      ),
      batch: (c, [period, up, down, maType]) => bbands(c, period, up, down, maType),
      stream: ([period, up, down, maType]) => new BBANDS(period, up, down, maType),
      numRuns: 120,
    });
  });

  it('names its outputs in TA-Lib order, defaults to (20, 2, 2, SMA) and has the MA’s lookback', () => {
    const stream = new BBANDS();
    expect([stream.outputs, stream.lookback, stream.period, stream.maType]).toEqual([OUTPUTS, 19, 20, 0]);
    expect(BBANDS.lookback(20, MAType.DEMA)).toBe(38);
    expect(stream.output('middle')).toBeNaN();
  });

  it('rejects bad parameters', () => {
    expect(() => bbands([1], 1)).toThrow(invalidIndicator(/BBANDS: period/));
    expect(() => bbands([1], 5, Number.NaN)).toThrow(invalidIndicator(/nbDevUp/));
    expect(() => new BBANDS(5, 2, 2, MAType.MAMA)).toThrow(invalidIndicator(/MAMA is not supported/));
    expect(() => new BBANDS(5, 2, 2, 42 as MAType)).toThrow(invalidIndicator(/maType/));
  });
});
