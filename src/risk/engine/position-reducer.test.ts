import { describe, expect, it } from 'vitest';
import type { Fill } from '../../core/fill.js';
import { createInstrument, instrumentIdOf } from '../../core/instrument.js';
import { Portfolio } from '../../engine/portfolio.js';
import { planReductions } from './position-reducer.js';

const BTC = createInstrument({
  exchange: 't',
  symbol: 'BTC/USDT:USDT',
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.001,
  minSize: 0.001,
});
const ETH = createInstrument({
  exchange: 't',
  symbol: 'ETH/USDT:USDT',
  kind: 'swap',
  tickSize: 0.01,
  lotSize: 0.01,
  minSize: 0.01,
});

let seq = 0;
function fill(symbol: string, side: 'buy' | 'sell', qty: number, price: number): Fill {
  seq += 1;
  return {
    tradeId: `t${seq}`,
    clientOrderId: `c${seq}`,
    instrumentId: instrumentIdOf({ exchange: 't', symbol }),
    side,
    qty,
    price,
    fee: 0,
    feeCurrency: 'USDT',
    liquidity: 'taker',
    tsEvent: 0,
    tsInit: 0,
  } as unknown as Fill;
}

function portfolio(): Portfolio {
  return new Portfolio({
    instruments: [BTC, ETH],
    currency: 'USDT',
    capital: 10_000,
    leverage: () => 5,
    now: () => 0,
  });
}

describe('planReductions', () => {
  it('shares a per-symbol reduction among the strategies holding it, in proportion, leaving external alone', () => {
    const p = portfolio();
    p.applyFill('a' as never, fill(BTC.symbol, 'buy', 0.3, 50_000));
    p.applyFill('b' as never, fill(BTC.symbol, 'buy', 0.1, 50_000));
    p.applyFill('external' as never, fill(BTC.symbol, 'buy', 0.1, 50_000));
    p.mark(0, 60_000); // 0.5 × 60,000 = 30,000 against 24,000
    const plan = planReductions({ perSymbolNotional: 24_000, tolerance: 0.02 }, p);
    // 0.5 × (1 − 24/30) = 0.1 to sell: a 0.075, b 0.025; the external 0.1 is not ours to close.
    expect(plan.map((r) => [r.strategyId, r.side, r.qty, r.limit])).toEqual([
      ['a', 'sell', 0.075, 'per-symbol-notional'],
      ['b', 'sell', 0.025, 'per-symbol-notional'],
    ]);
    expect(plan[0]!.details).toMatchObject({ notional: 30_000, limit: 24_000 });
  });

  it('scales every position down when gross exposure outgrows its multiple of equity; shorts buy back', () => {
    const p = portfolio();
    p.applyFill('a' as never, fill(BTC.symbol, 'buy', 0.4, 50_000)); // 20,000
    p.applyFill('a' as never, fill(ETH.symbol, 'sell', 10, 2_000)); // −20,000
    p.mark(0, 50_000);
    p.mark(1, 2_000);
    // Gross 40,000 on equity 10,000: a 2× limit wants half of everything.
    const plan = planReductions({ grossExposure: 2, tolerance: 0 }, p);
    expect(plan.map((r) => [r.symbol, r.side, r.qty])).toEqual([
      [BTC.symbol, 'sell', 0.2],
      [ETH.symbol, 'buy', 5],
    ]);
  });

  it('plans nothing inside the tolerance, without allocating a plan', () => {
    const p = portfolio();
    p.applyFill('a' as never, fill(BTC.symbol, 'buy', 0.5, 50_000));
    p.mark(0, 50_900); // 25,450: 1.8 % over 25,000
    const first = planReductions({ perSymbolNotional: 25_000, tolerance: 0.02 }, p);
    expect(first).toEqual([]);
    expect(planReductions({ perSymbolNotional: 25_000, tolerance: 0.02 }, p)).toBe(first);
    p.mark(0, 51_100); // 2.2 % over
    expect(planReductions({ perSymbolNotional: 25_000, tolerance: 0.02 }, p).map((r) => r.qty)).toEqual([
      0.011,
    ]);
  });
});
