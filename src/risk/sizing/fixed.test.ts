import { describe, expect, it } from 'vitest';
import {
  OKX_BTC_USD_SWAP as inverseSwap,
  OKX_BTC_USDT_SWAP as linearSwap,
  BINANCE_BTC_USDT_SPOT as spot,
} from '../../../test/support/instruments.js';
import { isQuantLabError } from '../../core/errors.js';
import { createInstrument } from '../../core/instrument.js';
import { pnlFor } from '../../core/position.js';
import { contractsFor } from './common.js';
import { fixedQty, fixedRisk, fractionOfEquity } from './index.js';

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(isQuantLabError(error) && error.code).toBe('QL_ERR_INVALID_INPUT');
    return;
  }
  throw new Error('expected QL_ERR_INVALID_INPUT');
}

describe('fixedQty', () => {
  it('returns the quantity as is without a market', () => {
    const r = fixedQty(3);
    expect(r.qty).toBe(3);
    expect(Number.isNaN(r.notional)).toBe(true);
  });

  it('rounds down to the lot and values the quantity', () => {
    // 2.019 contracts → 2.01; 2.01 × 0.01 BTC × 50 000 = 1005 USDT.
    expect(fixedQty(2.019, { instrument: linearSwap, price: 50_000 })).toEqual({ qty: 2.01, notional: 1005 });
  });

  it('returns 0 with a reason below the minimum size or notional', () => {
    expect(fixedQty(0.5, { instrument: inverseSwap, price: 40_000 })).toEqual({
      qty: 0,
      notional: 0,
      reason: 'below-min-size',
    });
    // 0.00008 BTC × 60 000 = 4.8 USDT < 5.
    expect(fixedQty(0.00008, { instrument: spot, price: 60_000 }).reason).toBe('below-min-notional');
  });

  it('rejects bad input', () => {
    expectInvalid(() => fixedQty(-1));
    expectInvalid(() => fixedQty(Number.NaN));
    expectInvalid(() => fixedQty(1, { instrument: linearSwap, price: Number.NaN }));
  });
});

describe('fractionOfEquity', () => {
  it('sizes a linear swap: 10 000 × 0.5 × 2 = 10 000 USDT / (0.01 × 50 000) = 20 contracts', () => {
    const r = fractionOfEquity({
      equity: 10_000,
      fraction: 0.5,
      leverage: 2,
      price: 50_000,
      instrument: linearSwap,
    });
    expect(r).toEqual({ qty: 20, notional: 10_000 });
  });

  it('rounds down to the lot, never up', () => {
    // 1000 USDT / 300 USDT per contract = 3.333… → 3.33 contracts, worth 999 USDT.
    const r = fractionOfEquity({ equity: 10_000, fraction: 0.1, price: 30_000, instrument: linearSwap });
    expect(r.qty).toBe(3.33);
    expect(r.notional).toBeCloseTo(999, 9);
    // 0.3 / 0.1 style float noise must not lose a lot: 3 contracts exactly stays 3.
    const exact = fractionOfEquity({ equity: 900, fraction: 1, price: 30_000, instrument: linearSwap });
    expect(exact.qty).toBe(3);
  });

  it('sizes spot: 1000 × 0.25 = 250 USDT / 60 000 = 0.0041666… → 0.00416 BTC', () => {
    const r = fractionOfEquity({ equity: 1000, fraction: 0.25, price: 60_000, instrument: spot });
    expect(r.qty).toBe(0.00416);
    expect(r.notional).toBeCloseTo(249.6, 9);
  });

  it('sizes an inverse swap: 1 BTC × 0.5 × 40 000 / 100 = 200 contracts worth 0.5 BTC', () => {
    const r = fractionOfEquity({ equity: 1, fraction: 0.5, price: 40_000, instrument: inverseSwap });
    expect(r).toEqual({ qty: 200, notional: 0.5 });
    // 0.1234 BTC × 400 = 49.36 → 49 contracts.
    const down = fractionOfEquity({ equity: 0.1234, fraction: 1, price: 40_000, instrument: inverseSwap });
    expect(down.qty).toBe(49);
    expect(down.notional).toBeCloseTo(0.1225, 12);
  });

  it('returns 0 with a reason below the minimums or with nothing to size', () => {
    // 0.002 BTC × 400 = 0.8 contracts < 1.
    expect(fractionOfEquity({ equity: 0.002, fraction: 1, price: 40_000, instrument: inverseSwap })).toEqual({
      qty: 0,
      notional: 0,
      reason: 'below-min-size',
    });
    // 4 USDT of BTC < 5 USDT minimum notional.
    expect(fractionOfEquity({ equity: 100, fraction: 0.04, price: 60_000, instrument: spot }).reason).toBe(
      'below-min-notional',
    );
    expect(fractionOfEquity({ equity: 0, fraction: 0.5, price: 1, instrument: spot }).reason).toBe(
      'zero-equity',
    );
    expect(fractionOfEquity({ equity: 10, fraction: 0, price: 1, instrument: spot }).reason).toBe(
      'zero-fraction',
    );
  });

  it('rejects bad input', () => {
    const ok = { equity: 1000, fraction: 0.5, price: 100, instrument: linearSwap };
    expectInvalid(() => fractionOfEquity({ ...ok, equity: -1 }));
    expectInvalid(() => fractionOfEquity({ ...ok, price: Number.NaN }));
    expectInvalid(() => fractionOfEquity({ ...ok, price: 0 }));
    expectInvalid(() => fractionOfEquity({ ...ok, fraction: 1.5 }));
    expectInvalid(() => fractionOfEquity({ ...ok, fraction: -0.1 }));
    expectInvalid(() => fractionOfEquity({ ...ok, leverage: 0 }));
    expectInvalid(() => fractionOfEquity({ ...ok, equity: Infinity }));
    const capped = createInstrument({ ...linearSwap, maxLeverage: 5 });
    expectInvalid(() => fractionOfEquity({ ...ok, instrument: capped, leverage: 10 }));
    expectInvalid(() => fractionOfEquity({ ...ok, instrument: undefined as unknown as typeof linearSwap }));
  });

  it('contractsFor inverts the settle notional', () => {
    expect(contractsFor(linearSwap, 500, 50_000)).toBeCloseTo(1, 12);
    expect(contractsFor(inverseSwap, 0.0025, 40_000)).toBeCloseTo(1, 12);
    expect(contractsFor(spot, 600, 60_000)).toBeCloseTo(0.01, 12);
  });
});

describe('fixedRisk', () => {
  it('linear swap long: 100 USDT risk / (0.01 × 1000) = 10 contracts', () => {
    const r = fixedRisk({
      equity: 10_000,
      riskFraction: 0.01,
      side: 'buy',
      entry: 50_000,
      stop: 49_000,
      instrument: linearSwap,
    });
    expect(r).toEqual({ qty: 10, notional: 5000 });
    expect(pnlFor(linearSwap, r.qty, 50_000, 49_000)).toBeCloseTo(-100, 9);
  });

  it('linear swap short: stop above entry', () => {
    const r = fixedRisk({
      equity: 10_000,
      riskFraction: 0.01,
      side: 'sell',
      entry: 50_000,
      stop: 51_000,
      instrument: linearSwap,
    });
    expect(r.qty).toBe(10);
  });

  it('spot: 10 USDT / 3000 = 0.003333… → 0.00333 BTC (loss stays within budget)', () => {
    const r = fixedRisk({
      equity: 1000,
      riskFraction: 0.01,
      side: 'buy',
      entry: 60_000,
      stop: 57_000,
      instrument: spot,
    });
    expect(r.qty).toBe(0.00333);
    expect(-pnlFor(spot, r.qty, 60_000, 57_000)).toBeLessThanOrEqual(10);
  });

  it('inverse swap long: 0.02 BTC / (100 × (1/32 000 − 1/40 000)) = 32 contracts', () => {
    const r = fixedRisk({
      equity: 1,
      riskFraction: 0.02,
      side: 'buy',
      entry: 40_000,
      stop: 32_000,
      instrument: inverseSwap,
    });
    expect(r.qty).toBe(32);
    expect(r.notional).toBeCloseTo(0.08, 12); // 32 × 100 / 40 000 BTC
    expect(pnlFor(inverseSwap, r.qty, 40_000, 32_000)).toBeCloseTo(-0.02, 12);
  });

  it('inverse swap short: 0.02 BTC / (100 × (1/40 000 − 1/50 000)) = 40 contracts', () => {
    const r = fixedRisk({
      equity: 1,
      riskFraction: 0.02,
      side: 'sell',
      entry: 40_000,
      stop: 50_000,
      instrument: inverseSwap,
    });
    expect(r.qty).toBe(40);
    expect(pnlFor(inverseSwap, -r.qty, 40_000, 50_000)).toBeCloseTo(-0.02, 12);
  });

  it('returns 0 below the minimum size', () => {
    const r = fixedRisk({
      equity: 10,
      riskFraction: 0.001,
      side: 'buy',
      entry: 50_000,
      stop: 40_000,
      instrument: linearSwap,
    });
    expect(r).toEqual({ qty: 0, notional: 0, reason: 'below-min-size' });
  });

  it('refuses stop == entry, a stop on the wrong side and bad numbers', () => {
    const ok = {
      equity: 1000,
      riskFraction: 0.01,
      side: 'buy' as const,
      entry: 100,
      stop: 95,
      instrument: linearSwap,
    };
    expectInvalid(() => fixedRisk({ ...ok, stop: 100 }));
    expectInvalid(() => fixedRisk({ ...ok, stop: 105 }));
    expectInvalid(() => fixedRisk({ ...ok, side: 'sell', stop: 95 }));
    expectInvalid(() => fixedRisk({ ...ok, side: 'hold' as unknown as 'buy' }));
    expectInvalid(() => fixedRisk({ ...ok, equity: -5 }));
    expectInvalid(() => fixedRisk({ ...ok, entry: Number.NaN }));
    expectInvalid(() => fixedRisk({ ...ok, riskFraction: 2 }));
  });
});
