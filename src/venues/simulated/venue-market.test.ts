import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import { instrumentId } from '../../core/ids.js';
import { harness, INVERSE, LINEAR, LINEAR_ETH, MINUTE } from './venue-test-kit.js';

describe('venue basics', () => {
  it('symbolIndex throws QL_ERR_INVALID_INPUT for an unknown symbol; lastPrice is NaN before the first bar', () => {
    const h = harness();
    expect(h.venue.exchange).toBe('sim');
    expect(h.venue.symbolIndex('BTC/USDT:USDT')).toBe(0);
    try {
      h.venue.symbolIndex('DOGE/USDT');
      expect.unreachable();
    } catch (error) {
      expect(isQuantLabError(error, 'QL_ERR_INVALID_INPUT')).toBe(true);
    }
    expect(h.venue.lastPrice(0)).toBeNaN();
    h.bar(0, 100, 101, 99, 100.5);
    expect(h.venue.lastPrice(0)).toBe(100.5);
  });

  it('rejects before the first bar (no-price) and for an unknown instrument (unknown-symbol)', () => {
    const h = harness();
    h.order({ side: 'buy', type: 'market', qty: 1 });
    h.order({ side: 'buy', type: 'market', qty: 1, instrumentId: instrumentId('sim', 'XRP/USDT:USDT') });
    const rejected = h.of('OrderRejected');
    expect(rejected.map((e) => e.reason.split(':')[0])).toEqual(['no-price', 'unknown-symbol']);
  });

  it('refuses a leverage above the instrument maximum at construction', () => {
    expect(() => harness({ account: { leverage: 101 } })).toThrow(/exceeds its maximum/);
  });
});

describe('market orders', () => {
  it('next-open: fills at the open of the next bar as a taker, tsEvent = bar ts', () => {
    const h = harness();
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 2 });
    expect(h.of('OrderAccepted')[0]!.venueOrderId).toBe('sim-1');
    expect(h.of('OrderFilled')).toHaveLength(0);
    h.bar(1, 101, 103, 100, 102);
    const [filled] = h.of('OrderFilled');
    expect(filled!.fill).toMatchObject({
      qty: 2,
      price: 101,
      liquidity: 'taker',
      tsEvent: MINUTE,
      tradeId: 'sim-t-1',
    });
    expect(filled!.fill.fee).toBeCloseTo(2 * 101 * 0.0005, 12);
    expect(filled!.fill.feeCurrency).toBe('USDT');
    const snap = h.venue.snapshot();
    expect(snap.wallet).toBeCloseTo(10_000 - 0.101, 9);
    expect(snap.positions[0]).toMatchObject({ symbol: 'BTC/USDT:USDT', qty: 2, avgEntryPrice: 101 });
    // Equity marks the position at the last close (102).
    expect(h.venue.equity()).toBeCloseTo(10_000 - 0.101 + 2, 9);
  });

  it('close: fills inside submit at the last close, tsEvent = the venue clock', () => {
    const h = harness({ fill: 'close' });
    h.bar(0, 100, 101, 99, 100.5);
    h.order({ side: 'sell', type: 'market', qty: 2 });
    const types = h.events.map((e) => e.type);
    expect(types).toEqual(['OrderAccepted', 'OrderFilled']);
    expect(h.of('OrderFilled')[0]!.fill).toMatchObject({ price: 100.5, side: 'sell', tsEvent: MINUTE });
    expect(h.venue.snapshot().positions[0]!.qty).toBe(-2);
  });

  it('fixed slippage moves taker prices by bps against the taker', () => {
    const h = harness({ slippage: { kind: 'fixed', bps: 10 } });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 1 });
    h.bar(1, 101, 103, 100, 102);
    h.order({ side: 'sell', type: 'market', qty: 1 });
    h.bar(2, 102, 103, 100, 102);
    const [buy, sell] = h.of('OrderFilled');
    expect(buy!.fill.price).toBeCloseTo(101 * 1.001, 9);
    expect(sell!.fill.price).toBeCloseTo(102 * 0.999, 9);
  });

  it('volatility-volume slippage: spread/2 + impact × range/open × sqrt(qty/volume); no volume = all of it', () => {
    const h = harness({ slippage: { kind: 'volatility-volume', spreadBps: 4, impact: 0.5 } });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 4 });
    h.bar(1, 100, 104, 98, 101, 100);
    // 0.0002 + 0.5 × 6/100 × sqrt(4/100) = 0.0062
    expect(h.of('OrderFilled')[0]!.fill.price).toBeCloseTo(100 * 1.0062, 9);
    h.order({ side: 'sell', type: 'market', qty: 4 });
    h.bar(2, 100, 104, 98, 101, 0);
    // 0.0002 + 0.5 × 0.06 × 1 = 0.0302
    expect(h.of('OrderFilled')[1]!.fill.price).toBeCloseTo(100 * (1 - 0.0302), 9);
  });

  it('an order decided at a close never fills on a bar that started before it (another symbol)', () => {
    const h = harness({ instruments: [LINEAR, LINEAR_ETH] });
    h.bar(0, 100, 101, 99, 100);
    h.bar(0, 10, 11, 9, 10, 1_000, 'ETH/USDT:USDT');
    h.bar(1, 100, 101, 99, 100);
    // Decided at 2 minutes; ETH's bar 1 runs 1..2 minutes, before the decision.
    h.order({ side: 'buy', type: 'market', qty: 1, instrumentId: instrumentId('sim', 'ETH/USDT:USDT') });
    h.bar(1, 11, 12, 10, 11, 1_000, 'ETH/USDT:USDT');
    expect(h.of('OrderFilled')).toHaveLength(0);
    h.bar(2, 12, 13, 11, 12, 1_000, 'ETH/USDT:USDT');
    expect(h.of('OrderFilled')[0]!.fill).toMatchObject({ price: 12, tsEvent: 2 * MINUTE });
  });

  it('a long flips to a short through one order: realises the long, opens the rest at the fill price', () => {
    const h = harness({ fees: { maker: 0, taker: 0 }, account: { leverage: 5 } });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 2 });
    h.bar(1, 100, 101, 99, 100);
    h.order({ side: 'sell', type: 'market', qty: 5 });
    h.bar(2, 110, 111, 109, 110);
    const snap = h.venue.snapshot();
    expect(snap.realizedPnl).toBeCloseTo(20, 9);
    expect(snap.wallet).toBeCloseTo(10_020, 9);
    expect(snap.positions[0]).toMatchObject({ qty: -3, avgEntryPrice: 110 });
    expect(snap.positions[0]!.margin).toBeCloseTo((3 * 110) / 5, 9);
  });
});

describe('fees by liquidity', () => {
  it('linear: maker fee on a resting limit, taker fee on a market order', () => {
    const h = harness();
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'limit', qty: 2, price: 99 });
    h.bar(1, 100, 100.5, 98.5, 99.5);
    const [maker] = h.of('OrderFilled');
    expect(maker!.fill).toMatchObject({ price: 99, liquidity: 'maker' });
    expect(maker!.fill.fee).toBeCloseTo(2 * 99 * 0.0002, 12);
  });

  it('inverse: |qty| × contractValue / price × rate, in the base coin', () => {
    const h = harness({ instruments: [INVERSE], account: { capital: 1 } });
    h.bar(0, 50_000, 50_100, 49_900, 50_000);
    h.order({ side: 'buy', type: 'market', qty: 10 });
    h.order({ side: 'sell', type: 'limit', qty: 10, price: 51_000 });
    h.bar(1, 50_000, 51_200, 49_900, 51_100);
    const [taker, maker] = h.of('OrderFilled');
    expect(taker!.fill.fee).toBeCloseTo((1_000 / 50_000) * 0.0005, 15);
    expect(taker!.fill.feeCurrency).toBe('BTC');
    expect(maker!.fill).toMatchObject({ price: 51_000, liquidity: 'maker' });
    expect(maker!.fill.fee).toBeCloseTo((1_000 / 51_000) * 0.0002, 15);
    // PnL: 1000 × (1/50000 − 1/51000) BTC.
    expect(h.venue.snapshot().realizedPnl).toBeCloseTo(1_000 * (1 / 50_000 - 1 / 51_000), 15);
  });
});

describe('volume cap', () => {
  it('a market order takes at most share × bar volume per bar; the rest fills at the next opens', () => {
    const h = harness({ maxVolumeShare: 0.1 });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 25 });
    h.bar(1, 101, 102, 100, 101, 100);
    h.bar(2, 102, 103, 101, 102, 100);
    h.bar(3, 103, 104, 102, 103, 100);
    const fills = h.of('OrderFilled').map((e) => [e.fill.qty, e.fill.price, e.fill.tsEvent]);
    expect(fills).toEqual([
      [10, 101, MINUTE],
      [10, 102, 2 * MINUTE],
      [5, 103, 3 * MINUTE],
    ]);
    expect(h.venue.snapshot().positions[0]!.qty).toBeCloseTo(25, 9);
  });

  it('close mode: the cap applies to the last bar at submission, the rest fills at the next closes', () => {
    const h = harness({ maxVolumeShare: 0.1, fill: 'close' });
    h.bar(0, 100, 101, 99, 100, 100);
    h.order({ side: 'buy', type: 'market', qty: 15 });
    h.bar(1, 101, 102, 100, 101.5, 100);
    const fills = h.of('OrderFilled').map((e) => [e.fill.qty, e.fill.price, e.fill.tsEvent]);
    expect(fills).toEqual([
      [10, 100, MINUTE],
      [5, 101.5, 2 * MINUTE],
    ]);
  });
});
