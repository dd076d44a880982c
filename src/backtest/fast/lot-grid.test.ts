import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInstrument } from '../../core/instrument.js';
import { roundQty } from '../../core/precision.js';
import { tradableQty } from '../../strategies/builtins/common.js';
import { LotGrid } from './lot-grid.js';

const lots = [1e-8, 0.00001, 0.001, 0.01, 0.1, 0.5, 1, 10, 100, 5e-8, 0.25];

describe('LotGrid = roundQty(…, down) and tradableQty', () => {
  for (const lotSize of lots) {
    it(`lot ${lotSize}`, () => {
      const inst = createInstrument({
        exchange: 'binance',
        symbol: 'BTC/USDT',
        kind: 'spot',
        tickSize: 0.01,
        lotSize,
        minSize: lotSize * 3,
        minNotional: 5,
      });
      const grid = new LotGrid(inst);
      fc.assert(
        fc.property(
          fc.oneof(
            fc.double({ min: 0, max: 1e7, noNaN: true }),
            // Exact multiples and their float neighbours, where the tolerance matters.
            fc.integer({ min: 0, max: 1_000_000 }).map((k) => k * lotSize),
            fc.integer({ min: 0, max: 1_000_000 }).map((k) => (k * lotSize) / 3),
          ),
          fc.double({ min: 0.01, max: 100_000, noNaN: true }),
          (x, price) => {
            expect(Object.is(grid.down(x), roundQty(inst, x, 'down'))).toBe(true);
            expect(Object.is(grid.tradable(x, price), tradableQty(inst, x, price))).toBe(true);
          },
        ),
        { numRuns: 2000 },
      );
      expect(grid.tradable(Number.NaN, 1)).toBe(0);
      expect(grid.tradable(Number.POSITIVE_INFINITY, 1)).toBe(0);
    });
  }
});
