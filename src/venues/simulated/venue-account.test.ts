import { describe, expect, it } from 'vitest';
import { instrumentId } from '../../core/ids.js';
import { harness, INVERSE, LINEAR, LINEAR_ETH, MINUTE, SPOT } from './venue-test-kit.js';

describe('spot: a cash account', () => {
  it('refuses a short and a buy the cash cannot pay for at the last price', () => {
    const h = harness({ instruments: [SPOT], account: { capital: 1_000 } });
    h.bar(0, 40_000, 40_100, 39_900, 40_000);
    h.order({ side: 'sell', type: 'market', qty: 0.01 });
    h.order({ side: 'buy', type: 'market', qty: 0.03 });
    expect(h.of('OrderRejected').map((e) => e.reason)).toEqual([
      'spot-short: nothing of BTC held: spot cannot sell short',
      'insufficient-balance: needs 1,200 USDT, 1,000 available',
    ]);
  });

  it('cuts a buy at fill time to what cash pays including the fee, and a sell to the holding', () => {
    const h = harness({ instruments: [SPOT], account: { capital: 1_000 } });
    h.bar(0, 40_000, 40_100, 39_900, 40_000);
    h.order({ side: 'buy', type: 'market', qty: 0.02 });
    // 1000 / (60000 × 1.0005) = 0.016658… → 0.016 on the lot.
    h.bar(1, 60_000, 60_100, 59_900, 60_000);
    expect(h.events.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderFilled', 'OrderCancelled']);
    expect(h.of('OrderFilled')[0]!.fill.qty).toBe(0.016);
    expect(h.venue.snapshot().wallet).toBeCloseTo(1_000 - 0.016 * 60_000 * 0.0005, 9);
    h.order({ side: 'sell', type: 'market', qty: 0.02 });
    h.bar(2, 61_000, 61_100, 60_900, 61_000);
    expect(h.of('OrderFilled')[1]!.fill.qty).toBe(0.016);
    expect(h.of('OrderCancelled')).toHaveLength(2);
    const snap = h.venue.snapshot();
    expect(snap.positions).toEqual([]);
    expect(snap.wallet).toBeCloseTo(1_000 - 0.48 + 16 - 0.016 * 61_000 * 0.0005, 9);
    expect(snap.positions.every((p) => Number.isNaN(p.liquidationPrice))).toBe(true);
  });

  it('cancels a buy without a fill when the cash buys less than the minimum size', () => {
    const h = harness({ instruments: [SPOT], account: { capital: 10 } });
    h.bar(0, 4_000, 4_010, 3_990, 4_000);
    h.order({ side: 'buy', type: 'market', qty: 0.002 }); // 8 USDT at the last price
    // 10 / (12000 × 1.0005) = 0.00083 < the 0.001 minimum.
    h.bar(1, 12_000, 12_010, 11_990, 12_000);
    expect(h.events.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderCancelled']);
  });
});

describe('initial margin at submission', () => {
  it('needs notional at the last price / leverage ≤ available; closing an opposite position is free', () => {
    const h = harness({ fees: { maker: 0, taker: 0 }, account: { capital: 1_000, leverage: 2 } });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 25 });
    expect(h.of('OrderRejected')[0]!.reason).toBe('insufficient-margin: needs 1,250 USDT, 1,000 available');
    h.order({ side: 'buy', type: 'market', qty: 15 });
    h.bar(1, 100, 110, 99, 110);
    // Cross: available = 1000 + 150 upnl − 750 margin = 400. Selling 21 opens 6 short: 6 × 110 / 2 = 330.
    h.order({ side: 'sell', type: 'market', qty: 21 });
    expect(h.of('OrderRejected')).toHaveLength(1);
    expect(h.venue.snapshot().available).toBeCloseTo(400, 9);
  });

  it('isolated: only the free wallet counts (no unrealised PnL)', () => {
    const h = harness({
      fees: { maker: 0, taker: 0 },
      account: { capital: 1_000, leverage: 2, marginMode: 'isolated' },
    });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 15 });
    h.bar(1, 100, 110, 99, 110);
    // The long's +150 does not count: adding needs margin from the free 250.
    h.order({ side: 'buy', type: 'market', qty: 5 }); // 275 > 250
    h.order({ side: 'buy', type: 'market', qty: 4 }); // 220 ≤ 250
    expect(h.of('OrderRejected').map((e) => e.reason)).toEqual([
      'insufficient-margin: needs 275 USDT, 250 available',
    ]);
  });

  it('a flip frees the closed side: its margin (and, isolated, its realised PnL) pays for the new side', () => {
    const isolated = harness({
      fees: { maker: 0, taker: 0 },
      account: { capital: 1_000, leverage: 2, marginMode: 'isolated' },
    });
    isolated.bar(0, 100, 101, 99, 100);
    isolated.order({ side: 'buy', type: 'market', qty: 15 });
    isolated.bar(1, 100, 110, 99, 110);
    // Closes 15 (750 margin + 150 PnL come free: 1,150) and opens 20: 1,100 ≤ 1,150.
    isolated.order({ side: 'sell', type: 'market', qty: 35 });
    // Opens 21 after closing 15: 1,155 > 1,150.
    isolated.order({ side: 'sell', type: 'market', qty: 36 });
    expect(isolated.of('OrderRejected').map((e) => e.reason)).toEqual([
      'insufficient-margin: needs 1,155 USDT, 1,150 available',
    ]);
    const cross = harness({
      fees: { maker: 0, taker: 0 },
      account: { capital: 1_000, leverage: 1, marginMode: 'cross' },
    });
    cross.bar(0, 100, 101, 99, 100);
    cross.order({ side: 'buy', type: 'market', qty: 10 });
    cross.bar(1, 100, 100, 100, 100);
    cross.order({ side: 'sell', type: 'market', qty: 20 }); // 1× long to 1× short: 1,000 ≤ 1,000
    cross.order({ side: 'sell', type: 'market', qty: 21 }); // opens 11: 1,100 > 1,000
    expect(cross.of('OrderRejected').map((e) => e.reason)).toEqual([
      'insufficient-margin: needs 1,100 USDT, 1,000 available',
    ]);
  });
});

describe('funding', () => {
  const funding = {
    'BTC/USDT:USDT': {
      ts: Float64Array.from([-MINUTE, 30_000, 150_000, 180_000]),
      rate: Float64Array.from([0.01, 0.01, 0.0001, 0.0001]),
    },
  };

  function run(side: 'buy' | 'sell', marks?: { ts: Float64Array; price: Float64Array }) {
    const h = harness({
      fees: { maker: 0, taker: 0 },
      funding,
      ...(marks === undefined ? {} : { marks: { 'BTC/USDT:USDT': marks } }),
    });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side, type: 'market', qty: 2 });
    h.bar(1, 101, 102, 100, 101);
    h.bar(2, 102, 103, 101, 102);
    h.bar(3, 103, 104, 102, 103);
    return h;
  }

  it('a long pays at the funding times, marked at the bar open without a mark series', () => {
    const h = run('buy');
    const paid = h.of('FundingPaid');
    expect(paid.map((e) => [e.tsEvent, e.markPrice, e.qty, e.currency])).toEqual([
      [150_000, 102, 2, 'USDT'],
      [180_000, 103, 2, 'USDT'],
    ]);
    expect(paid[0]!.amount).toBeCloseTo(-2 * 102 * 0.0001, 12);
    expect(paid[1]!.amount).toBeCloseTo(-2 * 103 * 0.0001, 12);
    const snap = h.venue.snapshot();
    expect(snap.funding).toBeCloseTo(-0.041, 12);
    expect(snap.wallet).toBeCloseTo(10_000 - 0.041, 9);
  });

  it('a short receives, at the last mark sample ≤ the funding time', () => {
    const marks = {
      ts: Float64Array.from([140_000, 149_000, 151_000]),
      price: Float64Array.from([101.5, 101.7, 102.3]),
    };
    const h = run('sell', marks);
    const paid = h.of('FundingPaid');
    expect(paid.map((e) => e.markPrice)).toEqual([101.7, 102.3]);
    expect(paid[0]!.amount).toBeCloseTo(2 * 101.7 * 0.0001, 12);
    expect(paid[1]!.amount).toBeCloseTo(2 * 102.3 * 0.0001, 12);
  });

  it('inverse: |qty| × contractValue / mark × rate, in the base coin', () => {
    const h = harness({
      instruments: [INVERSE],
      fees: { maker: 0, taker: 0 },
      account: { capital: 1 },
      funding: { 'BTC/USD:BTC': { ts: Float64Array.from([150_000]), rate: Float64Array.from([0.0001]) } },
    });
    h.bar(0, 50_000, 50_100, 49_900, 50_000);
    h.order({ side: 'buy', type: 'market', qty: 10 });
    h.bar(1, 50_000, 50_100, 49_900, 50_000);
    h.bar(2, 40_000, 40_100, 39_900, 40_000);
    expect(h.of('FundingPaid')[0]!.amount).toBeCloseTo(-(1_000 / 40_000) * 0.0001, 15);
    expect(h.of('FundingPaid')[0]!.currency).toBe('BTC');
  });
});

describe('liquidation', () => {
  it('isolated: at the hand-computed price, fee capped at the margin, wallet = capital − margin', () => {
    const h = harness({
      fees: { maker: 0, taker: 0 },
      account: { capital: 1_000, leverage: 10, marginMode: 'isolated' },
    });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 10 });
    h.bar(1, 100, 100.5, 99.5, 100);
    h.order({ side: 'sell', type: 'limit', qty: 10, price: 120, reduceOnly: true });
    const liq = 90 / 0.996; // (E − M/Q) / (1 − m) = (100 − 100/10) / 0.996
    expect(h.venue.snapshot().positions[0]!.margin).toBeCloseTo(100, 9);
    expect(h.venue.snapshot().positions[0]!.liquidationPrice).toBeCloseTo(liq, 9);
    // 95 → 96 (nearer) → 85 → 88: reaches the price at 1 + (96 − liq)/11.
    h.bar(2, 95, 96, 85, 88);
    const [event] = h.of('PositionLiquidated');
    expect(event!.liquidationPrice).toBeCloseTo(liq, 9);
    expect(event!.fill).toMatchObject({ clientOrderId: 'liq1', side: 'sell', qty: 10, liquidity: 'taker' });
    expect(event!.fill.price).toBeCloseTo(liq, 9);
    // Uncapped it would be 0.005 × 10 × liq = 4.52; capped at margin + pnl = 0.004 × 10 × liq = 3.61.
    expect(event!.fill.fee).toBeCloseTo(0.04 * liq, 9);
    expect(event!.tsEvent).toBe(2 * MINUTE + Math.floor(((1 + (96 - liq) / 11) * MINUTE) / 3 + 1e-6));
    expect(h.of('OrderCancelled').map((e) => e.clientOrderId)).toEqual(['o2']);
    const snap = h.venue.snapshot();
    expect(snap.positions).toEqual([]);
    expect(snap.wallet).toBeCloseTo(900, 9);
  });

  it('isolated: a small fee is not capped', () => {
    const h = harness({
      fees: { maker: 0, taker: 0 },
      account: { capital: 1_000, leverage: 10, marginMode: 'isolated', liquidationFeeRate: 0.001 },
    });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 10 });
    h.bar(1, 100, 100.5, 99.5, 100);
    h.bar(2, 85, 86, 84, 85); // opens beyond: closed at the liquidation price all the same
    const liq = 90 / 0.996;
    expect(h.of('PositionLiquidated')[0]!.fill.price).toBeCloseTo(liq, 9);
    expect(h.venue.snapshot().wallet).toBeCloseTo(1_000 + 10 * (liq - 100) - 0.01 * liq, 9);
  });

  it('cross: one position is backed by the whole wallet; the fee is capped at the equity', () => {
    const h = harness({ fees: { maker: 0, taker: 0 }, account: { capital: 1_000, leverage: 10 } });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 50 });
    h.bar(1, 100, 100.5, 99.5, 100);
    const liq = (100 - 1_000 / 50) / 0.996;
    expect(h.venue.snapshot().positions[0]!.liquidationPrice).toBeCloseTo(liq, 9);
    h.bar(2, 90, 91, 79, 80);
    expect(h.of('PositionLiquidated')[0]!.fill.fee).toBeCloseTo(0.004 * 50 * liq, 9);
    expect(h.venue.snapshot().wallet).toBeCloseTo(0, 9);
  });

  it('cross with two positions: the other position at its last price moves the liquidation price', () => {
    const eth = instrumentId('sim', 'ETH/USDT:USDT');
    const h = harness({
      instruments: [LINEAR, LINEAR_ETH],
      fees: { maker: 0, taker: 0 },
      account: { capital: 1_000, leverage: 20 },
    });
    h.bar(0, 100, 101, 99, 100);
    h.bar(0, 100, 101, 99, 100, 1_000, 'ETH/USDT:USDT');
    h.order({ side: 'buy', type: 'market', qty: 90 });
    h.order({ side: 'buy', type: 'market', qty: 90, instrumentId: eth });
    h.bar(1, 100, 100.5, 99.5, 100);
    h.bar(1, 100, 100.5, 99.5, 100, 1_000, 'ETH/USDT:USDT');
    const liqAt = (collateral: number) => (100 - collateral / 90) / 0.996;
    expect(h.venue.snapshot().positions[0]!.liquidationPrice).toBeCloseTo(liqAt(1_000 - 0.004 * 9_000), 9);
    h.bar(2, 100, 100, 95, 95, 1_000, 'ETH/USDT:USDT');
    const collateral = 1_000 - 450 - 0.004 * 90 * 95;
    const liq = liqAt(collateral);
    expect(h.venue.snapshot().positions[0]!.liquidationPrice).toBeCloseTo(liq, 9);
    h.bar(2, 99, 99.5, 90, 92);
    const [event] = h.of('PositionLiquidated');
    expect(event!.fill.price).toBeCloseTo(liq, 9);
    expect(event!.fill.fee).toBeCloseTo(0.005 * 90 * liq, 9);
    expect(h.venue.snapshot().wallet).toBeCloseTo(1_000 + 90 * (liq - 100) - 0.005 * 90 * liq, 9);
    expect(h.venue.snapshot().positions.map((p) => p.symbol)).toEqual(['ETH/USDT:USDT']);
  });
});

describe('account snapshot', () => {
  it('reports wallet, realised, fees, funding, equity and positions with unrealised PnL', () => {
    const h = harness();
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 2 });
    h.bar(1, 100, 101, 99, 105);
    const snap = h.venue.snapshot();
    expect(snap.currency).toBe(LINEAR.settle);
    expect(snap.fees).toBeCloseTo(0.1, 12);
    expect(snap.equity).toBeCloseTo(10_000 - 0.1 + 10, 9);
    expect(snap.positions[0]).toMatchObject({ lastPrice: 105, unrealizedPnl: 10 });
  });
});

describe('liquidation after an account change', () => {
  it('funding that empties an isolated margin liquidates at the market, not at the jumped price', () => {
    const h = harness({
      fees: { maker: 0, taker: 0 },
      account: { capital: 1_000, leverage: 100, marginMode: 'isolated' },
      funding: { 'BTC/USDT:USDT': { ts: Float64Array.from([150_000]), rate: Float64Array.from([0.01]) } },
    });
    h.bar(0, 100, 101, 99, 100);
    h.order({ side: 'buy', type: 'market', qty: 10 });
    h.bar(1, 100, 100.5, 99.5, 100);
    expect(h.venue.snapshot().positions[0]!.liquidationPrice).toBeCloseTo(99 / 0.996, 9);
    // Funding −10 × 100 × 1 % = −10 takes the whole 10 margin: the price jumps to 100 / 0.996 > 100.
    h.bar(2, 100, 100.2, 99.8, 100);
    expect(h.of('FundingPaid')[0]!.amount).toBeCloseTo(-10, 9);
    const [event] = h.of('PositionLiquidated');
    expect(event!.fill).toMatchObject({ price: 100, fee: 0, tsEvent: 2 * MINUTE });
    expect(h.venue.snapshot().wallet).toBeCloseTo(990, 9);
  });
});
