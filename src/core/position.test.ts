import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OKX_BTC_USD_SWAP as inverseSwap,
  OKX_BTC_USDT_SWAP as linearSwap,
} from '../../test/support/instruments.js';
import { isQuantLabError } from './errors.js';
import type { Fill } from './fill.js';
import { clientOrderId, instrumentId, tradeId } from './ids.js';
import { type Instrument, instrumentIdOf } from './instrument.js';
import {
  applyFillToPosition,
  flatPosition,
  netRealizedPnl,
  type Position,
  pnlFor,
  positionSide,
  unrealizedPnl,
} from './position.js';
import type { OrderSide } from './side.js';

let n = 0;
function fillOf(inst: Instrument, side: OrderSide, qty: number, price: number, fee = 0): Fill {
  n += 1;
  return {
    tradeId: tradeId(`t${n}`),
    clientOrderId: clientOrderId('c1'),
    instrumentId: instrumentIdOf(inst),
    side,
    qty,
    price,
    fee,
    feeCurrency: inst.settle,
    liquidity: 'taker',
    tsEvent: n,
    tsInit: n,
  };
}

function apply(
  inst: Instrument,
  fills: Fill[],
  start: Position = flatPosition(instrumentIdOf(inst)),
): Position {
  return fills.reduce((p, f) => applyFillToPosition(p, inst, f), start);
}

function closeRel(a: number, b: number, scale: number, rel = 1e-9): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(a), Math.abs(b), scale));
}

describe('linear positions, hand-checked on BTC-USDT-SWAP (0.01 BTC contracts)', () => {
  it('a round trip of 10 contracts from 60000 to 61500 realises 150 USDT', () => {
    const pos = apply(linearSwap, [
      fillOf(linearSwap, 'buy', 10, 60_000, 0.3),
      fillOf(linearSwap, 'sell', 10, 61_500, 0.3075),
    ]);
    expect(pos.qty).toBe(0);
    expect(pos.avgEntryPrice).toBe(0);
    expect(pos.realizedPnl).toBeCloseTo(150, 9);
    expect(pos.fees['USDT']).toBeCloseTo(0.6075, 12);
    expect(netRealizedPnl(pos, linearSwap)).toBeCloseTo(149.3925, 9);
    expect(positionSide(pos)).toBe('flat');
  });

  it('increases at the weighted average, reduces realising PnL, flips at the fill price', () => {
    const grown = apply(linearSwap, [
      fillOf(linearSwap, 'buy', 10, 60_000),
      fillOf(linearSwap, 'buy', 30, 62_000),
    ]);
    expect(grown.qty).toBe(40);
    expect(grown.avgEntryPrice).toBeCloseTo(61_500, 9);
    expect(unrealizedPnl(grown, linearSwap, 63_000)).toBeCloseTo(600, 9); // 40 × 0.01 × 1500
    const reduced = apply(linearSwap, [fillOf(linearSwap, 'sell', 20, 63_000)], grown);
    expect(reduced.qty).toBe(20);
    expect(reduced.avgEntryPrice).toBeCloseTo(61_500, 9);
    expect(reduced.realizedPnl).toBeCloseTo(300, 9); // 20 × 0.01 × (63000 − 61500)
    const flipped = apply(linearSwap, [fillOf(linearSwap, 'sell', 50, 60_000)], reduced);
    expect(flipped.qty).toBe(-30);
    expect(flipped.avgEntryPrice).toBe(60_000);
    expect(flipped.realizedPnl).toBeCloseTo(0, 9); // 300 + 20 × 0.01 × (60000 − 61500)
    expect(positionSide(flipped)).toBe('short');
    expect(unrealizedPnl(flipped, linearSwap, 59_000)).toBeCloseTo(300, 9); // −30 × 0.01 × −1000
  });

  it('rejects a fill for another instrument', () => {
    let caught: unknown;
    try {
      applyFillToPosition(
        flatPosition(instrumentId('okx', 'ETH/USDT:USDT')),
        linearSwap,
        fillOf(linearSwap, 'buy', 1, 1),
      );
    } catch (error) {
      caught = error;
    }
    expect(isQuantLabError(caught, 'QL_ERR_POSITION_INVALID')).toBe(true);
  });
});

describe('inverse positions, hand-checked on BTC-USD-SWAP (100 USD contracts)', () => {
  it('a long of 100 contracts from 50000 to 60000 earns 1/30 BTC', () => {
    const pos = apply(inverseSwap, [
      fillOf(inverseSwap, 'buy', 100, 50_000),
      fillOf(inverseSwap, 'sell', 100, 60_000),
    ]);
    expect(pos.realizedPnl).toBeCloseTo(1 / 30, 12); // 10000 × (1/50000 − 1/60000)
    expect(pos.qty).toBe(0);
  });

  it('a short of 100 contracts from 50000 to 40000 earns 0.05 BTC; a rise loses', () => {
    expect(pnlFor(inverseSwap, -100, 50_000, 40_000)).toBeCloseTo(0.05, 12);
    expect(pnlFor(inverseSwap, -100, 50_000, 62_500)).toBeCloseTo(-0.04, 12);
    expect(pnlFor(inverseSwap, 100, 50_000, 40_000)).toBeCloseTo(-0.05, 12);
  });

  it('averages entries harmonically so closing at the average realises nothing', () => {
    const pos = apply(inverseSwap, [
      fillOf(inverseSwap, 'buy', 100, 50_000),
      fillOf(inverseSwap, 'buy', 100, 40_000),
    ]);
    expect(pos.avgEntryPrice).toBeCloseTo(200 / (100 / 50_000 + 100 / 40_000), 9); // 44444.44…
    expect(pos.avgEntryPrice).toBeCloseTo(44_444.444444, 5);
    // Closing each lot at 45000 separately must equal closing the whole at 45000.
    const separate = pnlFor(inverseSwap, 100, 50_000, 45_000) + pnlFor(inverseSwap, 100, 40_000, 45_000);
    expect(unrealizedPnl(pos, inverseSwap, 45_000)).toBeCloseTo(separate, 15);
  });
});

describe('position properties', () => {
  const instruments = fc.constantFrom(linearSwap, inverseSwap);
  const side = fc.constantFrom<OrderSide>('buy', 'sell');
  const qty = fc.double({ min: 0.01, max: 1000, noNaN: true });
  const price = fc.double({ min: 100, max: 100_000, noNaN: true });
  const scaleOf = (inst: Instrument, q: number, p: number) =>
    Math.abs(inst.inverse ? (q * inst.contractValue) / p : q * inst.contractValue * p);

  it('splitting one fill into several gives the same position and realised PnL', () => {
    fc.assert(
      fc.property(
        instruments,
        side,
        qty,
        price,
        side,
        qty,
        price,
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (inst, s0, q0, p0, s1, q1, p1, weights) => {
          const start = apply(inst, [fillOf(inst, s0, q0, p0)]);
          const whole = apply(inst, [fillOf(inst, s1, q1, p1)], start);
          const sum = weights.reduce((a, b) => a + b, 0);
          const parts = weights.map((w) => (q1 * w) / sum);
          const split = apply(
            inst,
            parts.map((q) => fillOf(inst, s1, q, p1)),
            start,
          );
          const scale = scaleOf(inst, Math.max(q0, q1), Math.min(p0, p1));
          closeRel(split.qty, whole.qty, Math.max(q0, q1));
          closeRel(split.realizedPnl, whole.realizedPnl, scale);
          if (whole.qty !== 0) closeRel(split.avgEntryPrice, whole.avgEntryPrice, 0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a linear round trip realises exactly qty × contractValue × (exit − entry) × sign', () => {
    fc.assert(
      fc.property(side, qty, price, price, (s, q, entry, exit) => {
        const pos = apply(linearSwap, [
          fillOf(linearSwap, s, q, entry),
          fillOf(linearSwap, s === 'buy' ? 'sell' : 'buy', q, exit),
        ]);
        const sign = s === 'buy' ? 1 : -1;
        expect(pos.qty).toBe(0);
        closeRel(
          pos.realizedPnl,
          q * linearSwap.contractValue * (exit - entry) * sign,
          scaleOf(linearSwap, q, Math.max(entry, exit)),
        );
      }),
    );
  });

  it('increasing then reducing conserves quantity and keeps the entry', () => {
    fc.assert(
      fc.property(instruments, qty, qty, price, price, price, (inst, a, b, p1, p2, p3) => {
        const [big, small] = a >= b ? [a, b] : [b, a];
        const half = big / 2;
        const grown = apply(inst, [fillOf(inst, 'sell', half, p1), fillOf(inst, 'sell', big - half, p2)]);
        const reduced = apply(inst, [fillOf(inst, 'buy', small, p3)], grown);
        closeRel(grown.qty, -big, big);
        closeRel(reduced.qty, -(big - small), big);
        if (reduced.qty !== 0) expect(reduced.avgEntryPrice).toBe(grown.avgEntryPrice);
        expect(Math.min(p1, p2) - 1e-6).toBeLessThanOrEqual(grown.avgEntryPrice);
        expect(grown.avgEntryPrice).toBeLessThanOrEqual(Math.max(p1, p2) + 1e-6);
      }),
    );
  });

  it('a flip leaves the remainder open at the fill price', () => {
    fc.assert(
      fc.property(instruments, side, qty, qty, price, price, (inst, s, a, b, p1, p2) => {
        const [small, big] = a < b ? [a, b] : [b, a];
        fc.pre(big - small > big * 1e-6);
        const pos = apply(inst, [
          fillOf(inst, s, small, p1),
          fillOf(inst, s === 'buy' ? 'sell' : 'buy', big, p2),
        ]);
        closeRel(pos.qty, (s === 'buy' ? -1 : 1) * (big - small), big);
        expect(pos.avgEntryPrice).toBe(p2);
        closeRel(
          pos.realizedPnl,
          pnlFor(inst, (s === 'buy' ? 1 : -1) * small, p1, p2),
          scaleOf(inst, small, Math.min(p1, p2)),
        );
      }),
    );
  });

  it('inverse PnL has the sign of the move times the side', () => {
    fc.assert(
      fc.property(qty, price, price, (q, entry, exit) => {
        fc.pre(Math.abs(exit - entry) > 1e-6 * entry);
        const up = exit > entry ? 1 : -1;
        expect(Math.sign(pnlFor(inverseSwap, q, entry, exit))).toBe(up);
        expect(Math.sign(pnlFor(inverseSwap, -q, entry, exit))).toBe(-up);
      }),
    );
  });
});
