import { describe, expect, it } from 'vitest';
import { T0 } from '../../../test/backtest/kernel-kit.js';
import { fineInstrument } from '../../../test/support/backtest-data.js';
import { createInstrument } from '../../core/instrument.js';
import { S } from './algo-test-kit.js';
import { cumulativeUnits, lotGrid } from './lot-grid.js';
import { checkAlgoRequest } from './request-check.js';
import { buildSchedule, equalWeights } from './slice-schedule.js';
import type { AlgoRequest } from './types.js';

const sizes = (cum: Float64Array) => [...cum].map((c, k) => c - (k === 0 ? 0 : cum[k - 1]!));

describe('cumulativeUnits', () => {
  it('splits by weight with cumulative rounding: the sizes add up to the total exactly', () => {
    expect(sizes(cumulativeUnits(equalWeights(3), 100, 1))).toEqual([33, 34, 33]);
    expect(sizes(cumulativeUnits(Float64Array.of(1, 0, 3), 8, 1))).toEqual([2, 0, 6]);
    expect(sizes(cumulativeUnits(equalWeights(7), 3, 1))).toEqual([0, 1, 0, 1, 0, 1, 0]);
  });

  it('moves slices below the minimum into the next one and folds a small last slice into the previous', () => {
    expect(sizes(cumulativeUnits(equalWeights(5), 22, 5))).toEqual([0, 9, 0, 13, 0]);
    expect(sizes(cumulativeUnits(equalWeights(4), 10, 5))).toEqual([0, 5, 0, 5]);
    expect(sizes(cumulativeUnits(equalWeights(3), 5, 5))).toEqual([0, 0, 5]);
  });

  it('falls back to equal weights when every weight is zero', () => {
    expect(sizes(cumulativeUnits(new Float64Array(4), 8, 1))).toEqual([2, 2, 2, 2]);
  });
});

describe('buildSchedule', () => {
  const base = {
    startTs: T0,
    durationMs: 10_000,
    weights: equalWeights(5),
    totalUnits: 500,
    minUnits: 1,
    defaultSeed: 1,
  };

  it('without randomisation: equal intervals from the start, the end one interval after the last', () => {
    const s = buildSchedule(base);
    expect([...s.times]).toEqual([0, 2_000, 4_000, 6_000, 8_000].map((t) => T0 + t));
    expect(s.endTs).toBe(T0 + 10_000);
    expect(sizes(s.cum)).toEqual([100, 100, 100, 100, 100]);
  });

  it('time jitter delays slices within their own interval, never the first; size jitter keeps the total', () => {
    const s = buildSchedule({ ...base, randomize: { seed: 3, size: 0.9, time: 0.99 } });
    expect(s.times[0]).toBe(T0);
    for (let k = 1; k < 5; k++) {
      expect(s.times[k]).toBeGreaterThanOrEqual(T0 + k * 2_000);
      expect(s.times[k]).toBeLessThan(T0 + (k + 1) * 2_000);
    }
    expect(s.cum[4]).toBe(500);
    expect(new Set(sizes(s.cum)).size).toBeGreaterThan(1);
    expect(buildSchedule({ ...base, randomize: { seed: 3, size: 0.9, time: 0.99 } })).toEqual(s);
  });
});

describe('lotGrid', () => {
  it('counts whole lots and rebuilds exact decimals; the minimum child is at least one lot', () => {
    const grid = lotGrid(
      createInstrument({
        exchange: 'test',
        symbol: S,
        kind: 'swap',
        tickSize: 0.1,
        lotSize: 0.1,
        minSize: 0.25,
      }),
    );
    expect(grid.units(0.3)).toBe(3); // 0.3 / 0.1 is 2.9999999999999996
    expect(grid.qty(3)).toBe(0.3);
    expect(grid.minUnits).toBe(3);
    expect(lotGrid(fineInstrument('test', S)).minUnits).toBe(1);
  });
});

describe('checkAlgoRequest', () => {
  const inst = createInstrument({
    exchange: 'test',
    symbol: S,
    kind: 'swap',
    tickSize: 0.01,
    lotSize: 0.01,
    minSize: 0.1,
  });
  const twap: AlgoRequest = { algo: 'twap', symbol: S, side: 'buy', qty: 1, durationMs: 60_000, slices: 3 };
  const cases: Array<[string, AlgoRequest, RegExp]> = [
    ['NaN qty', { ...twap, qty: Number.NaN }, /qty NaN/],
    ['qty below the minimum', { ...twap, qty: 0.05 }, /below one child/],
    ['zero duration', { ...twap, durationMs: 0 }, /durationMs 0/],
    ['fractional slices', { ...twap, slices: 2.5 }, /slices 2.5/],
    ['more slices than ms', { ...twap, durationMs: 2, slices: 3 }, /do not fit/],
    ['bad side', { ...twap, side: 'hold' as 'buy' }, /side hold/],
    ['bad style', { ...twap, style: { type: 'limit', offsetBps: Number.POSITIVE_INFINITY } }, /offsetBps/],
    ['participation above 1', { ...twap, maxParticipation: 1.5 }, /maxParticipation/],
    ['time jitter of 1', { ...twap, randomize: { time: 1 } }, /randomize.time/],
    ['bad policy', { ...twap, onChildRefused: 'retry' as 'skip' }, /onChildRefused/],
    [
      'profile not dividing a day',
      { algo: 'vwap', symbol: S, side: 'buy', qty: 1, durationMs: 60_000, profile: new Float64Array(7) },
      /divides a day/,
    ],
    [
      'iceberg without a price',
      { algo: 'iceberg', symbol: S, side: 'buy', qty: 1, displayQty: 0.2 },
      /exactly one of price/,
    ],
    [
      'iceberg display below the minimum',
      { algo: 'iceberg', symbol: S, side: 'buy', qty: 1, displayQty: 0.05, price: 1 },
      /displayQty/,
    ],
    ['unknown algo', { ...twap, algo: 'pov' as 'twap' }, /algo pov/],
  ];
  it.each(cases)('refuses %s (QL_ERR_INVALID_INPUT)', (_name, request, message) => {
    expect(() => checkAlgoRequest(request, inst)).toThrow(message);
    try {
      checkAlgoRequest(request, inst);
    } catch (error) {
      expect((error as { code: string }).code).toBe('QL_ERR_INVALID_INPUT');
    }
  });

  it('refuses an unknown symbol and passes a well-formed request', () => {
    expect(() => checkAlgoRequest(twap, undefined)).toThrow(/unknown symbol/);
    expect(checkAlgoRequest(twap, inst)).toBe(inst);
  });
});
