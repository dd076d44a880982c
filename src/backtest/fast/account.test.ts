import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OKX_BTC_USD_SWAP, OKX_BTC_USDT_SWAP } from '../../../test/support/instruments.js';
import type { Fill } from '../../core/fill.js';
import { clientOrderId, tradeId } from '../../core/ids.js';
import { type Instrument, instrumentIdOf, settleNotional } from '../../core/instrument.js';
import { liquidationPrice } from '../../core/margin.js';
import { applyFillToPosition, flatPosition, type Position, pnlFor } from '../../core/position.js';
import { FastAccount, LIQUIDATION_SLACK } from './account.js';
import { LotGrid } from './lot-grid.js';

const TAKER = 0.0005;

/** An account whose bar i opens (and closes) at prices[i]. */
function account(
  inst: Instrument,
  capital: number,
  prices: readonly number[],
  marginMode: 'cross' | 'isolated' = 'cross',
) {
  const options = {
    instrument: inst,
    capital,
    currency: inst.settle,
    taker: TAKER,
    slippage: 0,
    leverage: 5,
    marginMode,
    maintenanceRate: 0.004,
  };
  const column = Float64Array.from(prices);
  return new FastAccount(options, new LotGrid(inst), column, column, new Float64Array(prices.length));
}

/** Fills a market order of `signedQty` at bar i's open, as an accepted order would. */
function fillAt(fast: FastAccount, signedQty: number, i: number): boolean {
  fast.pendingQty = signedQty;
  fast.pendingReduceOnly = false;
  return fast.fillPending(i, false);
}

/** Random orders: the account must hold what core/position.ts and engine/portfolio.ts would, to the bit. */
describe('FastAccount = applyFillToPosition + the portfolio wallet', () => {
  const orders = fc.array(
    fc.record({
      buy: fc.boolean(),
      lots: fc.integer({ min: 1, max: 400 }),
      price: fc.double({ min: 10_000, max: 90_000, noNaN: true }),
      funding: fc.option(fc.double({ min: -0.001, max: 0.001, noNaN: true }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 40 },
  );

  for (const inst of [OKX_BTC_USDT_SWAP, OKX_BTC_USD_SWAP] as Instrument[]) {
    it(`${inst.inverse ? 'inverse' : 'linear'}`, () => {
      fc.assert(
        fc.property(orders, (steps) => {
          const capital = inst.inverse ? 10 : 100_000;
          const fast = account(
            inst,
            capital,
            steps.map((s) => s.price),
          );
          let position: Position = flatPosition(instrumentIdOf(inst));
          let wallet = capital;
          steps.forEach((s, i) => {
            const qty = s.lots * inst.lotSize;
            const fee = Math.abs(settleNotional(inst, qty, s.price)) * TAKER;
            const fill: Fill = {
              tradeId: tradeId(`t${i}`),
              clientOrderId: clientOrderId('c1'),
              instrumentId: instrumentIdOf(inst),
              side: s.buy ? 'buy' : 'sell',
              qty,
              price: s.price,
              fee,
              feeCurrency: inst.settle,
              liquidity: 'taker',
              tsEvent: i,
              tsInit: i,
            };
            const after = applyFillToPosition(position, inst, fill);
            wallet += after.realizedPnl - position.realizedPnl - fee;
            position = after;
            expect(fillAt(fast, s.buy ? qty : -qty, i)).toBe(true);
            if (s.funding !== undefined && position.qty !== 0) {
              const amount = -(settleNotional(inst, position.qty, s.price) * s.funding);
              wallet += amount;
              fast.payFunding(s.funding, s.price);
            }
            expect(fast.qty).toBe(position.qty);
            expect(fast.entry).toBe(position.avgEntryPrice);
            expect(fast.realizedPnl).toBe(position.realizedPnl);
            expect(fast.wallet).toBe(wallet);
            const mark = s.price * 1.01;
            const equity =
              position.qty === 0 ? wallet : wallet + pnlFor(inst, position.qty, position.avgEntryPrice, mark);
            expect(fast.equityAt(mark)).toBe(equity);
          });
        }),
        { numRuns: 200 },
      );
    });
  }

  it('puts the liquidation bounds LIQUIDATION_SLACK inside core/margin.ts liquidation price', () => {
    for (const inst of [OKX_BTC_USDT_SWAP, OKX_BTC_USD_SWAP] as Instrument[]) {
      for (const mode of ['cross', 'isolated'] as const) {
        for (const side of [1, -1]) {
          const fast = account(inst, inst.inverse ? 1 : 10_000, [30_000], mode);
          const qty = side * (inst.inverse ? 100 : 50) * inst.lotSize * (inst.inverse ? 1 : 10);
          fillAt(fast, qty, 0);
          const margin = mode === 'cross' ? fast.wallet : undefined;
          const price = liquidationPrice({
            inst,
            qty: fast.qty,
            entryPrice: fast.entry,
            maintenanceRate: 0.004,
            ...(margin === undefined ? { leverage: 5 } : { margin }),
          });
          if (side > 0) {
            expect(fast.liqLow).toBeCloseTo(price * (1 + LIQUIDATION_SLACK), 6);
            expect(fast.liqHigh).toBe(Number.POSITIVE_INFINITY);
          } else {
            expect(fast.liqHigh).toBeCloseTo(price * (1 - LIQUIDATION_SLACK), 6);
            expect(fast.liqLow).toBe(Number.NEGATIVE_INFINITY);
          }
        }
      }
    }
  });
});
