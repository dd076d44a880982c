import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TA_MA_TYPE } from '../../test/support/talib.js';
import {
  expectRealParity,
  expectStreamingMatchesBatch,
  invalidIndicator,
} from './internal/real-test-support.js';
import { reportWorstErrors } from './internal/talib-parity.js';
import { createMovingAverage, ma, maLookback, PassThroughMA } from './ma.js';
import { MAType, maTypeName, resolveMAType } from './ma-type.js';
import { sma } from './sma.js';

afterAll(reportWorstErrors);

const SUPPORTED: MAType[] = [
  MAType.SMA,
  MAType.EMA,
  MAType.WMA,
  MAType.DEMA,
  MAType.TEMA,
  MAType.TRIMA,
  MAType.KAMA,
  MAType.T3,
];

describe('MAType', () => {
  it('uses TA-Lib’s TA_MAType codes', () => {
    expect(MAType).toEqual(TA_MA_TYPE);
  });

  it('resolves codes and names, and rejects anything else', () => {
    expect(resolveMAType('EMA')).toBe(1);
    expect(resolveMAType(MAType.KAMA)).toBe(6);
    expect(maTypeName(MAType.TRIMA)).toBe('TRIMA');
    for (const bad of [9, -1, 1.5, 'ema', 'FOO', null]) {
      expect(() => resolveMAType(bad as never)).toThrow(invalidIndicator(/maType must be one of/));
    }
  });
});

describe('ma and createMovingAverage', () => {
  for (const maType of SUPPORTED) {
    for (const period of [1, 2, 5, 14, 30]) {
      it(`match TA-Lib MA(${period}, ${maTypeName(maType)})`, async () => {
        await expectRealParity(`MA/${maTypeName(maType)}`, 'MA', [period, maType], (close) =>
          ma(close, period, maType),
        );
      });
    }
  }

  it('treat period 1 as the input itself, for every type, as TA_MA does', () => {
    const close = [3, 1, 4, 1, 5];
    for (const maType of SUPPORTED) {
      expect(Array.from(ma(close, 1, maType))).toEqual(close);
      expect(createMovingAverage(1, maType)).toBeInstanceOf(PassThroughMA);
      expect(maLookback(1, maType)).toBe(0);
    }
  });

  it('give TA-Lib’s lookbacks', () => {
    expect([SUPPORTED.map((t) => maLookback(10, t))]).toEqual([[9, 9, 9, 18, 27, 9, 10, 54]]);
    for (const maType of SUPPORTED)
      expect(createMovingAverage(10, maType).lookback).toBe(maLookback(10, maType));
  });

  it('default to SMA(30) and accept type names', () => {
    const close = Array.from({ length: 40 }, (_, i) => i * i);
    expect(ma(close)).toEqual(sma(close, 30));
    expect(ma(close, 5, 'WMA')).toEqual(ma(close, 5, MAType.WMA));
    expect(createMovingAverage(5, 'KAMA').lookback).toBe(5);
  });

  it('stream exactly the batch values of every type', () => {
    expectStreamingMatchesBatch({
      params: fc.tuple(fc.integer({ min: 1, max: 20 }), fc.constantFrom(...SUPPORTED)),
      batch: (close, [period, maType]) => ma(close, period, maType),
      stream: ([period, maType]) => createMovingAverage(period, maType),
      numRuns: 150,
    });
  });

  it('reject MAMA (not supported) and bad periods with QL_ERR_INDICATOR_INVALID', () => {
    expect(() => ma([1, 2, 3], 5, MAType.MAMA)).toThrow(invalidIndicator(/MAMA is not supported/));
    expect(() => createMovingAverage(5, 'MAMA')).toThrow(invalidIndicator(/MAMA is not supported/));
    expect(() => maLookback(5, MAType.MAMA)).toThrow(invalidIndicator(/MAMA/));
    expect(() => ma([1], 0)).toThrow(invalidIndicator(/MA: period must be an integer in \[1, 100000\]/));
    expect(() => createMovingAverage(2.5)).toThrow(invalidIndicator(/period/));
  });
});
