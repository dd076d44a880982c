import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BINANCE_BTC_USDT_SPOT as btcSpot,
  OKX_BTC_USDT_SWAP as okxSwap,
} from '../../test/support/instruments.js';
import { isQuantLabError } from './errors.js';
import { createInstrument } from './instrument.js';
import {
  decimalsOf,
  formatPrice,
  formatQty,
  formatStep,
  isMultipleOf,
  type RoundingMode,
  roundPrice,
  roundQty,
  roundToStep,
  stepTolerance,
  validateOrderPrice,
  validateOrderQty,
} from './precision.js';

function ruleOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    if (isQuantLabError(error, 'QL_ERR_ORDER_INVALID')) return error.details?.['rule'];
    throw error;
  }
  return undefined;
}

describe('decimalsOf', () => {
  it.each([
    [0.0001, 4],
    [5e-8, 8],
    [1e-7, 7],
    [0.5, 1],
    [10, 0],
    [1, 0],
    [0.25, 2],
    [1.5e-5, 6],
  ])('%d has %d decimals', (step, decimals) => {
    expect(decimalsOf(step)).toBe(decimals);
  });
});

describe('rounding, hand-checked', () => {
  it('floors 0.3 to 0.3 with a 0.1 step (0.3 / 0.1 is 2.9999999999999996)', () => {
    expect(roundToStep(0.3, 0.1, 'down')).toBe(0.3);
    expect(roundToStep(0.1 + 0.2, 0.1, 'down')).toBe(0.3);
    expect(roundToStep(0.7, 0.1, 'up')).toBe(0.7);
  });

  it('rebuilds values as the nearest double to the decimal', () => {
    expect(roundToStep(0.30000000000000004, 0.1)).toBe(0.3);
    expect(roundToStep(3 * 0.1, 0.1)).toBe(0.3);
    expect(roundToStep(1.23456789, 5e-8, 'down')).toBe(1.23456785);
    expect(roundToStep(1.23456789, 5e-8, 'up')).toBe(1.2345679);
  });

  it('rounds prices to the tick in each mode', () => {
    expect(roundPrice(okxSwap, 64123.47)).toBe(64123.5);
    expect(roundPrice(okxSwap, 64123.47, 'down')).toBe(64123.4);
    expect(roundPrice(okxSwap, 64123.41, 'up')).toBe(64123.5);
    expect(roundPrice(okxSwap, 64123.45)).toBe(64123.5); // tie away from zero despite float noise
    expect(roundToStep(1234, 10)).toBe(1230);
    expect(roundToStep(1235, 10)).toBe(1240);
    expect(roundToStep(2.26, 0.5, 'down')).toBe(2);
  });

  it('rounds quantities down by default', () => {
    expect(roundQty(okxSwap, 1.239)).toBe(1.23);
    expect(roundQty(okxSwap, 1.231, 'up')).toBe(1.24);
    expect(roundQty(btcSpot, 0.000019)).toBe(0.00001);
  });
});

describe('formatting', () => {
  it('writes exact decimals without exponent notation', () => {
    expect(formatQty(btcSpot, 0.00001)).toBe('0.00001');
    expect(formatStep(1e-7, 1e-7)).toBe('0.0000001');
    expect(formatPrice(okxSwap, 0.1 + 0.2)).toBe('0.3');
    expect(formatPrice(okxSwap, 64123.5)).toBe('64123.5');
    expect(formatPrice(btcSpot, 100)).toBe('100.00');
    expect(formatStep(1230, 10)).toBe('1230');
  });

  it('refuses a value off the grid', () => {
    expect(ruleOf(() => formatPrice(okxSwap, 64123.45))).toBe('step');
  });
});

describe('validateOrderQty', () => {
  it('accepts a valid quantity and names each broken rule', () => {
    expect(() => validateOrderQty(btcSpot, 0.001, 60_000)).not.toThrow();
    expect(ruleOf(() => validateOrderQty(btcSpot, 0, 60_000))).toBe('finite-positive');
    expect(ruleOf(() => validateOrderQty(btcSpot, Number.NaN))).toBe('finite-positive');
    expect(ruleOf(() => validateOrderQty(btcSpot, 0.000015))).toBe('lot-multiple');
    expect(ruleOf(() => validateOrderQty(okxSwap, 0.005))).toBe('lot-multiple');
    // 0.00008 BTC at 60000 is 4.8 USDT < 5.
    expect(ruleOf(() => validateOrderQty(btcSpot, 0.00008, 60_000))).toBe('min-notional');
    expect(() => validateOrderQty(btcSpot, 0.00009, 60_000)).not.toThrow(); // 5.4 USDT
  });

  it('checks the minimum size with float tolerance', () => {
    const inst = createInstrument({
      exchange: 'okx',
      symbol: 'ETH/USDT',
      kind: 'spot',
      tickSize: 0.01,
      lotSize: 0.1,
      minSize: 0.3,
    });
    expect(() => validateOrderQty(inst, 0.1 + 0.2)).not.toThrow();
    expect(ruleOf(() => validateOrderQty(inst, 0.2))).toBe('min-size');
  });

  it('validates prices against the tick', () => {
    expect(() => validateOrderPrice(okxSwap, 64123.5)).not.toThrow();
    expect(ruleOf(() => validateOrderPrice(okxSwap, 64123.55))).toBe('tick-multiple');
    expect(ruleOf(() => validateOrderPrice(okxSwap, -1))).toBe('finite-positive');
  });
});

describe('rounding properties', () => {
  const steps = fc.constantFrom(
    1e-8,
    5e-8,
    1e-7,
    0.00001,
    0.0001,
    0.001,
    0.01,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    5,
    10,
    100,
  );
  const values = fc.double({ min: 1e-6, max: 1e7, noNaN: true, noDefaultInfinity: true });
  const modes = fc.constantFrom<RoundingMode>('nearest', 'down', 'up');

  it('result is a whole number of steps, close to the input, idempotent, in the asked direction', () => {
    fc.assert(
      fc.property(values, steps, modes, (value, step, mode) => {
        fc.pre(value / step < 1e12);
        const result = roundToStep(value, step, mode);
        const units = result / step;
        expect(Math.abs(units - Math.round(units))).toBeLessThanOrEqual(stepTolerance(units));
        expect(isMultipleOf(result, step)).toBe(true);
        const slack = step * stepTolerance(value / step);
        if (mode === 'nearest') expect(Math.abs(result - value)).toBeLessThanOrEqual(step / 2 + slack);
        else expect(Math.abs(result - value)).toBeLessThan(step + slack);
        if (mode === 'down') expect(result).toBeLessThanOrEqual(value + slack);
        if (mode === 'up') expect(result).toBeGreaterThanOrEqual(value - slack);
        expect(roundToStep(result, step, 'nearest')).toBe(result);
        expect(roundToStep(result, step, 'down')).toBe(result);
        expect(roundToStep(result, step, 'up')).toBe(result);
      }),
      { numRuns: 2000 },
    );
  });

  it('formatted string parses back to the same number and never uses exponent notation', () => {
    fc.assert(
      fc.property(values, steps, modes, (value, step, mode) => {
        fc.pre(value / step < 1e12);
        const result = roundToStep(value, step, mode);
        const text = formatStep(result, step);
        expect(text).toMatch(/^\d+(\.\d+)?$/);
        expect(Number(text)).toBe(result);
        const decimals = text.includes('.') ? text.split('.')[1]!.length : 0;
        expect(decimals).toBe(decimalsOf(step));
      }),
      { numRuns: 2000 },
    );
  });

  it('roundQty down never exceeds the input and leaves less than one lot behind', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e5, noNaN: true }), (qty) => {
        const rounded = roundQty(okxSwap, qty);
        expect(rounded).toBeLessThanOrEqual(qty + okxSwap.lotSize * stepTolerance(qty / okxSwap.lotSize));
        expect(qty - rounded).toBeLessThan(okxSwap.lotSize);
      }),
    );
  });
});
