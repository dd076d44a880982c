import { describe, expect, it } from 'vitest';
import {
  OKX_BTC_USD_SWAP as inverseSwap,
  OKX_BTC_USDT_SWAP as linearSwap,
} from '../../../test/support/instruments.js';
import { isQuantLabError } from '../../core/errors.js';
import { KellyTracker, kellyFraction, kellyQty } from './index.js';

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(isQuantLabError(error) && error.code).toBe('QL_ERR_INVALID_INPUT');
    return;
  }
  throw new Error('expected QL_ERR_INVALID_INPUT');
}

// Wins 2, 3, 1 (avg 2); losses 1, 1, 2 (avg 4/3): W = 0.5, R = 1.5, f* = 0.5 − 0.5 / 1.5 = 1/6.
const TRADES = [2, -1, 3, -1, 1, -2];

describe('kellyFraction', () => {
  it('matches a hand-computed W and R', () => {
    const k = kellyFraction(TRADES, { cap: 1, minTrades: 1 });
    expect(k.winRate).toBe(0.5);
    expect(k.payoffRatio).toBeCloseTo(1.5, 12);
    expect(k.fraction).toBeCloseTo(1 / 6, 12);
    expect(k.reason).toBeUndefined();
  });

  it('works the same on returns as on PnL (scale-free)', () => {
    const returns = TRADES.map((t) => t / 100);
    expect(kellyFraction(returns, { cap: 1, minTrades: 1 }).fraction).toBeCloseTo(1 / 6, 12);
  });

  it('clamps to the cap', () => {
    const k = kellyFraction(TRADES, { cap: 0.1, minTrades: 1 });
    expect(k.fraction).toBe(0.1);
    expect(k.raw).toBeCloseTo(1 / 6, 12);
    expect(k.reason).toBe('capped-kelly');
  });

  it('is 0 below minTrades and with no edge', () => {
    expect(kellyFraction(TRADES, { cap: 1, minTrades: 10 })).toMatchObject({
      fraction: 0,
      reason: 'too-few-trades',
    });
    // W = 1/3, R = 1/2: f* = 1/3 − (2/3) / (1/2) = −1 → 0.
    const losing = kellyFraction([1, -2, -2], { cap: 1, minTrades: 1 });
    expect(losing.raw).toBeCloseTo(-1, 12);
    expect(losing).toMatchObject({ fraction: 0, reason: 'no-edge' });
    expect(kellyFraction([-1, -2], { cap: 1, minTrades: 1 })).toMatchObject({
      fraction: 0,
      reason: 'no-edge',
    });
  });

  it('with no losses f* = W (zero trades count as non-wins)', () => {
    const k = kellyFraction([1, 2, 0, 3], { cap: 1, minTrades: 1 });
    expect(k.payoffRatio).toBe(Infinity);
    expect(k.fraction).toBe(0.75);
  });

  it('a break-even trade counts as neither a win nor a loss: f* = p − q / R', () => {
    // p = 2/4, q = 1/4, R = (avg win 2) / (avg loss 1) = 2: f* = 0.5 − 0.25 / 2 = 0.375.
    const k = kellyFraction([1, 3, 0, -1], { cap: 1, minTrades: 1 });
    expect(k.raw).toBeCloseTo(0.375, 12);
    // Without the draw: p = 2/3, q = 1/3: f* = 2/3 − 1/6 = 0.5.
    expect(kellyFraction([1, 3, -1], { cap: 1, minTrades: 1 }).raw).toBeCloseTo(0.5, 12);
  });

  it('rejects bad input', () => {
    expectInvalid(() => kellyFraction([1, Number.NaN], { cap: 0.5, minTrades: 1 }));
    expectInvalid(() => kellyFraction(TRADES, { cap: 1.5, minTrades: 1 }));
    expectInvalid(() => kellyFraction(TRADES, { cap: 0.5, minTrades: 0 }));
    expectInvalid(() => kellyFraction(TRADES, { cap: 0.5, minTrades: 2.5 }));
  });
});

describe('kellyQty', () => {
  it('applies the fraction to equity: 12 000 × 1/6 = 2000 USDT / 500 = 4 contracts', () => {
    const r = kellyQty({
      equity: 12_000,
      trades: TRADES,
      cap: 1,
      minTrades: 1,
      price: 50_000,
      instrument: linearSwap,
    });
    expect(r.qty).toBe(4);
    expect(r.notional).toBeCloseTo(2000, 9);
    expect(r.reason).toBeUndefined();
  });

  it('reports the cap and zero reasons', () => {
    // 0.1 × 1 BTC × 40 000 / 100 = 40 contracts.
    const capped = kellyQty({
      equity: 1,
      trades: TRADES,
      cap: 0.1,
      minTrades: 1,
      price: 40_000,
      instrument: inverseSwap,
    });
    expect(capped).toEqual({ qty: 40, notional: 0.1, reason: 'capped-kelly' });
    const few = kellyQty({
      equity: 1,
      trades: TRADES,
      cap: 0.1,
      minTrades: 50,
      price: 40_000,
      instrument: inverseSwap,
    });
    expect(few).toEqual({ qty: 0, notional: 0, reason: 'too-few-trades' });
  });

  it('still validates the sizing inputs', () => {
    expectInvalid(() =>
      kellyQty({ equity: -1, trades: TRADES, cap: 0.5, minTrades: 1, price: 100, instrument: linearSwap }),
    );
    expectInvalid(() =>
      kellyQty({ equity: 1, trades: [], cap: 0.5, minTrades: 1, price: Number.NaN, instrument: linearSwap }),
    );
  });
});

describe('KellyTracker', () => {
  it('keeps a rolling window of trades', () => {
    const tracker = new KellyTracker({ window: 6, cap: 1, minTrades: 3 });
    tracker.record(-5);
    tracker.record(-5);
    expect(tracker.estimate().reason).toBe('too-few-trades');
    for (const t of TRADES) tracker.record(t);
    expect(tracker.size).toBe(6);
    expect(tracker.trades()).toEqual(TRADES);
    expect(tracker.estimate().fraction).toBeCloseTo(1 / 6, 12);
    expect(tracker.qty({ equity: 12_000, price: 50_000, instrument: linearSwap }).qty).toBe(4);
    tracker.clear();
    expect(tracker.size).toBe(0);
  });

  it('rejects bad input', () => {
    expectInvalid(() => new KellyTracker({ window: 0, cap: 1, minTrades: 1 }));
    const tracker = new KellyTracker({ window: 5, cap: 1, minTrades: 1 });
    expectInvalid(() => tracker.record(Number.POSITIVE_INFINITY));
  });
});
