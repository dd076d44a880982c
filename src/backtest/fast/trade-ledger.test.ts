import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TradeBook, tradeStats } from '../metrics/index.js';
import { TradeLedger } from './trade-ledger.js';

/** Random fills and payments: the ledger's statistics must be tradeStats of TradeBook's trades, exactly. */
describe('TradeLedger = tradeStats(TradeBook)', () => {
  const events = fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant('fill' as const),
        buy: fc.boolean(),
        qty: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0.001, max: 20, noNaN: true })),
        price: fc.double({ min: 100, max: 90_000, noNaN: true }),
        fee: fc.double({ min: -0.5, max: 2, noNaN: true }),
      }),
      fc.record({
        kind: fc.constant('funding' as const),
        amount: fc.double({ min: -5, max: 5, noNaN: true }),
      }),
    ),
    { minLength: 1, maxLength: 60 },
  );

  for (const [cv, inverse] of [
    [0.01, false],
    [100, true],
  ] as const) {
    it(`${inverse ? 'inverse' : 'linear'}`, () => {
      fc.assert(
        fc.property(events, fc.double({ min: 100, max: 90_000, noNaN: true }), (steps, mark) => {
          const book = new TradeBook();
          const ledger = new TradeLedger(cv, inverse);
          steps.forEach((s, i) => {
            if (s.kind === 'funding') {
              book.funding('X/Y:Y', s.amount);
              ledger.funding(s.amount);
              return;
            }
            const side = s.buy ? 'buy' : 'sell';
            book.fill({
              symbol: 'X/Y:Y',
              side,
              qty: s.qty,
              price: s.price,
              fee: s.fee,
              ts: i,
              contractValue: cv,
              inverse,
            });
            ledger.fill(s.buy ? 1 : -1, s.qty, s.price, s.fee);
            expect(ledger.isOpen).toBe(book.isOpen('X/Y:Y'));
          });
          ledger.finish(mark);
          const { trades } = book.finish(steps.length, () => mark);
          expect(ledger.stats()).toEqual(tradeStats(trades));
        }),
        { numRuns: 300 },
      );
    });
  }
});
