import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OKX_BTC_USD_SWAP as inverseSwap,
  OKX_BTC_USDT_SWAP as linearSwap,
} from '../../test/support/instruments.js';
import { isQuantLabError } from './errors.js';
import {
  initialMargin,
  isolatedEquity,
  liquidationPrice,
  maintenanceMargin,
  positionNotional,
} from './margin.js';

describe('notional and margin, hand-checked', () => {
  it('BTC-USDT-SWAP: 10 contracts at 60000 are 6000 USDT; 10× needs 600, 0.4 % maintenance is 24', () => {
    expect(positionNotional(linearSwap, -10, 60_000)).toBeCloseTo(6000, 9);
    expect(initialMargin(linearSwap, 10, 60_000, 10)).toBeCloseTo(600, 9);
    expect(maintenanceMargin(linearSwap, 10, 60_000, 0.004)).toBeCloseTo(24, 9);
  });

  it('BTC-USD-SWAP: 100 contracts at 50000 are 0.2 BTC; 10× needs 0.02 BTC', () => {
    expect(positionNotional(inverseSwap, 100, 50_000)).toBeCloseTo(0.2, 15);
    expect(initialMargin(inverseSwap, 100, 50_000, 10)).toBeCloseTo(0.02, 15);
    expect(maintenanceMargin(inverseSwap, 100, 50_000, 0.005)).toBeCloseTo(0.001, 15);
  });
});

describe('liquidation price, hand-checked', () => {
  it('linear long: (60000 − 600/0.1) / (1 − 0.004) = 54216.867…', () => {
    const p = liquidationPrice({
      inst: linearSwap,
      qty: 10,
      entryPrice: 60_000,
      leverage: 10,
      maintenanceRate: 0.004,
    });
    expect(p).toBeCloseTo(54_000 / 0.996, 6);
    expect(p).toBeCloseTo(54_216.867469879, 6);
  });

  it('linear short: (60000 + 6000) / 1.004 = 65737.05…', () => {
    const p = liquidationPrice({
      inst: linearSwap,
      qty: -10,
      entryPrice: 60_000,
      margin: 600,
      maintenanceRate: 0.004,
    });
    expect(p).toBeCloseTo(66_000 / 1.004, 6);
  });

  it('inverse long: 1.005 × 10000 / (0.02 + 0.2) = 45681.8…; short: 0.995 × 10000 / 0.18 = 55277.7…', () => {
    const long = liquidationPrice({
      inst: inverseSwap,
      qty: 100,
      entryPrice: 50_000,
      leverage: 10,
      maintenanceRate: 0.005,
    });
    const short = liquidationPrice({
      inst: inverseSwap,
      qty: -100,
      entryPrice: 50_000,
      leverage: 10,
      maintenanceRate: 0.005,
    });
    expect(long).toBeCloseTo(10_050 / 0.22, 6);
    expect(short).toBeCloseTo(9_950 / 0.18, 6);
  });

  it('fully funded positions cannot be liquidated', () => {
    expect(
      liquidationPrice({
        inst: linearSwap,
        qty: 10,
        entryPrice: 60_000,
        leverage: 1,
        maintenanceRate: 0.004,
      }),
    ).toBe(0);
    expect(
      liquidationPrice({
        inst: inverseSwap,
        qty: -100,
        entryPrice: 50_000,
        leverage: 1,
        maintenanceRate: 0.005,
      }),
    ).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects a flat position, a rate of 1 and missing margin', () => {
    const cases = [
      { inst: linearSwap, qty: 0, entryPrice: 1, leverage: 2, maintenanceRate: 0.01 },
      { inst: linearSwap, qty: 1, entryPrice: 1, leverage: 2, maintenanceRate: 1 },
      { inst: linearSwap, qty: 1, entryPrice: 1, maintenanceRate: 0.01 },
    ];
    for (const input of cases) {
      let caught: unknown;
      try {
        liquidationPrice(input);
      } catch (error) {
        caught = error;
      }
      expect(isQuantLabError(caught, 'QL_ERR_POSITION_INVALID')).toBe(true);
    }
  });
});

describe('liquidation price property', () => {
  it('equity at the liquidation price equals the maintenance margin, on the losing side of entry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(linearSwap, inverseSwap),
        fc.constantFrom(1, -1),
        fc.double({ min: 1, max: 10_000, noNaN: true }),
        fc.double({ min: 100, max: 100_000, noNaN: true }),
        fc.double({ min: 1.01, max: 125, noNaN: true }),
        fc.double({ min: 0.0001, max: 0.05, noNaN: true }),
        (inst, sign, size, entry, leverage, rate) => {
          fc.pre(rate < 0.9 / leverage);
          const qty = sign * size;
          const margin = initialMargin(inst, qty, entry, leverage);
          const p = liquidationPrice({ inst, qty, entryPrice: entry, margin, maintenanceRate: rate });
          expect(Number.isFinite(p) && p > 0).toBe(true);
          if (sign > 0) expect(p).toBeLessThan(entry);
          else expect(p).toBeGreaterThan(entry);
          const equity = isolatedEquity(inst, qty, entry, margin, p);
          const maintenance = maintenanceMargin(inst, qty, p, rate);
          expect(Math.abs(equity - maintenance)).toBeLessThanOrEqual(1e-9 * Math.max(margin, maintenance));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
