import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OKX_BTC_USD_SWAP, OKX_BTC_USDT_SWAP } from '../../../test/support/instruments.js';
import type { Fill } from '../../core/fill.js';
import { clientOrderId, tradeId } from '../../core/ids.js';
import { type Instrument, instrumentIdOf } from '../../core/instrument.js';
import { applyFillToPosition, flatPosition, netRealizedPnl, type Position } from '../../core/position.js';
import { TradeBook } from './trade-book.js';

/** Random fill sequences: the trades' PnL must add up to what core/position.ts realises. */
describe('TradeBook agrees with core/position.ts', () => {
  const fills = fc.array(
    fc.record({
      buy: fc.boolean(),
      qty: fc.integer({ min: 1, max: 20 }),
      price: fc.integer({ min: 10_000, max: 90_000 }),
      fee: fc.double({ min: -0.5, max: 2, noNaN: true }),
    }),
    { minLength: 1, maxLength: 40 },
  );

  for (const inst of [OKX_BTC_USDT_SWAP, OKX_BTC_USD_SWAP] as Instrument[]) {
    it(`sums trade PnL to realised PnL less fees (${inst.inverse ? 'inverse' : 'linear'})`, () => {
      fc.assert(
        fc.property(fills, fc.integer({ min: 10_000, max: 90_000 }), (steps, mark) => {
          const book = new TradeBook();
          let position: Position = flatPosition(instrumentIdOf(inst));
          steps.forEach((s, i) => {
            const side = s.buy ? 'buy' : 'sell';
            const fee = inst.inverse ? s.fee / 1e5 : s.fee;
            const fill: Fill = {
              tradeId: tradeId(`t${i}`),
              clientOrderId: clientOrderId('c1'),
              instrumentId: instrumentIdOf(inst),
              side,
              qty: s.qty,
              price: s.price,
              fee,
              feeCurrency: inst.settle,
              liquidity: 'taker',
              tsEvent: i,
              tsInit: i,
            };
            position = applyFillToPosition(position, inst, fill);
            book.fill({
              ...fill,
              symbol: inst.symbol,
              ts: i,
              contractValue: inst.contractValue,
              inverse: inst.inverse,
            });
          });
          const { trades } = book.finish(steps.length, () => mark);
          // Close what is open at the mark, fee-free, like finish does.
          if (position.qty !== 0) {
            position = applyFillToPosition(position, inst, {
              tradeId: tradeId('end'),
              clientOrderId: clientOrderId('c1'),
              instrumentId: instrumentIdOf(inst),
              side: position.qty > 0 ? 'sell' : 'buy',
              qty: Math.abs(position.qty),
              price: mark,
              fee: 0,
              feeCurrency: inst.settle,
              liquidity: 'taker',
              tsEvent: steps.length,
              tsInit: steps.length,
            });
          }
          const total = trades.reduce((a, t) => a + t.pnl, 0);
          const fees = trades.reduce((a, t) => a + t.fees, 0);
          const scale = inst.inverse ? 1e-12 : 1e-6;
          expect(Math.abs(total - netRealizedPnl(position, inst))).toBeLessThan(scale);
          expect(Math.abs(fees - (position.fees[inst.settle] ?? 0))).toBeLessThan(scale);
          for (const t of trades) expect(t.qty).toBeGreaterThan(0);
        }),
        { numRuns: 300 },
      );
    });
  }
});
