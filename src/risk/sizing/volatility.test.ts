import { describe, expect, it } from 'vitest';
import {
  OKX_BTC_USD_SWAP as inverseSwap,
  OKX_BTC_USDT_SWAP as linearSwap,
  BINANCE_BTC_USDT_SPOT as spot,
} from '../../../test/support/instruments.js';
import { isQuantLabError } from '../../core/errors.js';
import { createInstrument } from '../../core/instrument.js';
import { realisedVolatility, volatilityTarget } from './index.js';

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(isQuantLabError(error) && error.code).toBe('QL_ERR_INVALID_INPUT');
    return;
  }
  throw new Error('expected QL_ERR_INVALID_INPUT');
}

// Log returns +0.1, −0.1, +0.1, −0.1: mean 0, sample variance 4 × 0.01 / 3, so the annualised vol with
// 252 periods is √(0.04 / 3 × 252) = √3.36.
const E = Math.exp(0.1);
const CLOSES = new Float64Array([100, 100 * E, 100, 100 * E, 100]);

describe('realisedVolatility', () => {
  it('matches a hand-computed value on a fixed series', () => {
    expect(realisedVolatility(CLOSES, 4, 252)).toBeCloseTo(Math.sqrt(3.36), 12);
    // Per-period (periodsPerYear 1): √(0.04 / 3).
    expect(realisedVolatility(CLOSES, 4, 1)).toBeCloseTo(Math.sqrt(0.04 / 3), 12);
  });

  it('uses only the last window + 1 closes', () => {
    const longer = new Float64Array([1, 1000, ...CLOSES]);
    expect(realisedVolatility(longer, 4, 252)).toBeCloseTo(Math.sqrt(3.36), 12);
    // Window 2 = the last two returns (+0.1, −0.1): mean 0, sample variance 0.02 / 1.
    expect(realisedVolatility(CLOSES, 2, 1)).toBeCloseTo(Math.sqrt(0.02), 12);
  });

  it('is NaN during warm-up and 0 on a flat series', () => {
    expect(realisedVolatility(CLOSES, 5, 252)).toBeNaN();
    expect(realisedVolatility(new Float64Array([5, 5, 5]), 2, 252)).toBe(0);
  });

  it('rejects bad input', () => {
    expectInvalid(() => realisedVolatility(CLOSES, 1, 252));
    expectInvalid(() => realisedVolatility(CLOSES, 4, 0));
    expectInvalid(() => realisedVolatility(new Float64Array([1, 2, -3]), 2, 252));
    expectInvalid(() => realisedVolatility(new Float64Array([1, Number.NaN, 3]), 2, 252));
    expectInvalid(() => realisedVolatility([1, 2, 3] as unknown as Float64Array, 2, 252));
  });
});

describe('volatilityTarget', () => {
  it('linear swap: 10 000 × 0.2 / 0.8 = 2500 USDT / 500 = 5 contracts', () => {
    const r = volatilityTarget({
      equity: 10_000,
      targetVol: 0.2,
      realisedVol: 0.8,
      price: 50_000,
      instrument: linearSwap,
      maxLeverage: 3,
    });
    expect(r).toEqual({ qty: 5, notional: 2500 });
  });

  it('sizes from the realised vol of the fixed series', () => {
    const vol = realisedVolatility(CLOSES, 4, 252); // √3.36 ≈ 1.8330
    const r = volatilityTarget({
      equity: 10_000,
      targetVol: 0.5,
      realisedVol: vol,
      price: 100,
      instrument: spot,
      maxLeverage: 1,
    });
    // 5000 / 1.833030 = 2727.7236… USDT / 100 = 27.277236… → 27.27723 BTC (lot 0.00001, down).
    const raw = 5000 / Math.sqrt(3.36) / 100;
    expect(r.qty).toBeLessThanOrEqual(raw);
    expect(raw - r.qty).toBeLessThan(0.00001);
    expect(r.qty).toBe(27.27723);
  });

  it('ATR variant: 1000 / 50 000 × √400 = 0.4 annual vol → 5000 USDT → 10 contracts', () => {
    const r = volatilityTarget({
      equity: 10_000,
      targetVol: 0.2,
      atr: 1000,
      periodsPerYear: 400,
      price: 50_000,
      instrument: linearSwap,
      maxLeverage: 3,
    });
    expect(r).toEqual({ qty: 10, notional: 5000 });
  });

  it('inverse swap: 1 BTC × 0.5 / 1 = 0.5 BTC × 40 000 / 100 = 200 contracts', () => {
    const r = volatilityTarget({
      equity: 1,
      targetVol: 0.5,
      realisedVol: 1,
      price: 40_000,
      instrument: inverseSwap,
      maxLeverage: 2,
    });
    expect(r).toEqual({ qty: 200, notional: 0.5 });
  });

  it('caps at maxLeverage (and the instrument maximum) with a reason', () => {
    // Wanted 10 000 × 0.2 / 0.05 = 40 000; cap 2 × 10 000 = 20 000 USDT → 40 contracts.
    const base = { equity: 10_000, targetVol: 0.2, realisedVol: 0.05, price: 50_000, instrument: linearSwap };
    expect(volatilityTarget({ ...base, maxLeverage: 2 })).toEqual({
      qty: 40,
      notional: 20_000,
      reason: 'capped-max-leverage',
    });
    const inst = createInstrument({ ...linearSwap, maxLeverage: 1 });
    expect(volatilityTarget({ ...base, instrument: inst, maxLeverage: 2 }).qty).toBe(20);
    expect(volatilityTarget({ ...base, realisedVol: 0, maxLeverage: 2 }).reason).toBe('capped-max-leverage');
  });

  it('returns 0 with a reason below the minimums', () => {
    const r = volatilityTarget({
      equity: 100,
      targetVol: 0.01,
      realisedVol: 1,
      price: 60_000,
      instrument: spot,
      maxLeverage: 1,
    });
    expect(r).toEqual({ qty: 0, notional: 0, reason: 'below-min-notional' });
    const z = volatilityTarget({
      equity: 0,
      targetVol: 0.1,
      realisedVol: 1,
      price: 1,
      instrument: spot,
      maxLeverage: 1,
    });
    expect(z.reason).toBe('zero-equity');
  });

  it('rejects bad input', () => {
    const ok = {
      equity: 1000,
      targetVol: 0.2,
      realisedVol: 0.5,
      price: 100,
      instrument: linearSwap,
      maxLeverage: 2,
    };
    expectInvalid(() => volatilityTarget({ ...ok, equity: -1 }));
    expectInvalid(() => volatilityTarget({ ...ok, price: Number.NaN }));
    expectInvalid(() => volatilityTarget({ ...ok, realisedVol: -0.1 }));
    expectInvalid(() => volatilityTarget({ ...ok, maxLeverage: 0 }));
    expectInvalid(() => volatilityTarget({ ...ok, atr: 5, periodsPerYear: 365 })); // both given
    const { realisedVol: _, ...noVol } = ok;
    expectInvalid(() => volatilityTarget(noVol)); // neither given
    expectInvalid(() => volatilityTarget({ ...noVol, atr: 5 })); // ATR without periodsPerYear
  });
});
