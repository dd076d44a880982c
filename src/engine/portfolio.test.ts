/**
 * The portfolio: built only from venue events, it must keep the accounting identity
 * (wallet = capital + realised − fees + funding), agree with the venue's own account, and answer the
 * strategy's questions (position, balance, funding rate) as of the clock.
 */

import { describe, expect, it } from 'vitest';
import type { Fill } from '../core/fill.js';
import { clientOrderId, type InstrumentId, instrumentId, strategyId, tradeId } from '../core/ids.js';
import { createInstrument, type Instrument } from '../core/instrument.js';
import type { OrderSide } from '../core/side.js';
import { SimulatedVenue } from '../venues/simulated/index.js';
import type { FundingSeries } from '../venues/simulated/types.js';
import { SimulatedClock } from './clock.js';
import { OrderManager } from './order-manager.js';
import { Portfolio } from './portfolio.js';
import { RuleRiskGate } from './risk-gate.js';
import type { FundingPaid } from './venue.js';

const MINUTE = 60_000;
const SID = strategyId('s1');
const SWAP = createInstrument({
  exchange: 'sim',
  symbol: 'BTC/USDT:USDT',
  kind: 'swap',
  tickSize: 0.01,
  lotSize: 0.01,
  minSize: 0.01,
});
const SPOT = createInstrument({
  exchange: 'sim',
  symbol: 'ETH/USDT',
  kind: 'spot',
  tickSize: 0.01,
  lotSize: 0.001,
  minSize: 0.001,
});
const SWAP_ID = instrumentId('sim', SWAP.symbol);

let trades = 0;
function fill(id: InstrumentId, side: OrderSide, qty: number, price: number, fee = 0): Fill {
  trades += 1;
  return {
    tradeId: tradeId(`t${trades}`),
    clientOrderId: clientOrderId(`c${trades}`),
    instrumentId: id,
    side,
    qty,
    price,
    fee,
    feeCurrency: 'USDT',
    liquidity: 'taker',
    tsEvent: 0,
    tsInit: 0,
  };
}

function funding(amount: number): FundingPaid {
  return {
    type: 'FundingPaid',
    instrumentId: SWAP_ID,
    rate: 0.0001,
    markPrice: 100,
    qty: 2,
    amount,
    currency: 'USDT',
    tsEvent: 0,
    tsInit: 0,
  };
}

function portfolio(
  instruments: readonly Instrument[] = [SWAP],
  extra: {
    leverage?: number;
    funding?: Record<string, FundingSeries>;
    now?: () => number;
    marginMode?: 'cross' | 'isolated';
  } = {},
) {
  return new Portfolio({
    instruments,
    currency: 'USDT',
    capital: 10_000,
    leverage: () => extra.leverage ?? 1,
    ...(extra.marginMode === undefined ? {} : { marginMode: extra.marginMode }),
    ...(extra.funding === undefined ? {} : { funding: extra.funding }),
    now: extra.now ?? (() => 0),
  });
}

describe('Portfolio accounting', () => {
  it('books a funding payment into the wallet and the funding total, nothing else', () => {
    const p = portfolio();
    p.applyFill(SID, fill(SWAP_ID, 'buy', 2, 100, 0.2));
    p.mark(0, 100);
    const wallet = p.wallet;
    p.applyFunding(funding(-0.02));
    expect(p.wallet).toBeCloseTo(wallet - 0.02, 9);
    expect(p.funding).toBe(-0.02);
    p.applyFunding(funding(0.05));
    expect(p.wallet).toBeCloseTo(wallet + 0.03, 9);
    expect(p.funding).toBeCloseTo(0.03, 12);
    expect(p.realizedPnl).toBe(0);
    expect(p.fees).toBe(0.2);
    expect(p.position(SID, SWAP.symbol).qty).toBe(2);
    expect(p.equity()).toBeCloseTo(10_000 - 0.2 + 0.03, 9);
    expect(p.invariantProblems()).toEqual([]);
  });

  it('keeps the identities over a sequence of fills (add, partial close, flip, close) and spots a tampered wallet', () => {
    const p = portfolio();
    const steps: Array<[OrderSide, number, number, number]> = [
      ['buy', 1, 100, 0.1],
      ['buy', 1, 110, 0.11],
      ['sell', 0.5, 120, 0.06], // realises 0.5 × (120 − 105) = 7.5
      ['sell', 2.5, 90, 0.225], // closes 1.5 at 90 (−22.5) and opens a short of 1 at 90
      ['buy', 1, 80, 0.08], // closes the short: +10
    ];
    for (const [side, qty, price, fee] of steps) {
      p.applyFill(SID, fill(SWAP_ID, side, qty, price, fee));
      expect(p.invariantProblems()).toEqual([]);
    }
    expect(p.realizedPnl).toBeCloseTo(7.5 - 22.5 + 10, 9);
    expect(p.fees).toBeCloseTo(0.575, 12);
    expect(p.wallet).toBeCloseTo(10_000 - 5 - 0.575, 9);
    expect(p.position(SID, SWAP.symbol)).toMatchObject({ qty: 0, realizedPnl: expect.closeTo(-5, 9) });
    expect(p.hasOpenPosition()).toBe(false);

    p.wallet += 1;
    expect(p.invariantProblems()).toEqual([
      expect.stringMatching(/^wallet 9995\.425 != capital \+ realised − fees \+ funding = 9994\.425/),
    ]);
    p.wallet -= 1;
    // A fill the account saw but no strategy did: the strategies no longer add up to the account.
    p.applyFill(undefined, fill(SWAP_ID, 'buy', 1, 100));
    expect(p.invariantProblems()).toEqual([`${SWAP.symbol}: strategies hold 0, the account 1`]);
  });

  it('marks equity at the last price and reports the strategy position with its unrealised PnL', () => {
    const p = portfolio([SWAP], { leverage: 5 });
    p.applyFill(SID, fill(SWAP_ID, 'buy', 10, 100, 1));
    p.mark(0, 110);
    expect(p.equity()).toBeCloseTo(10_000 - 1 + 100, 9);
    expect(p.position(SID, SWAP.symbol)).toEqual({
      qty: 10,
      avgEntryPrice: 100,
      unrealizedPnl: 100,
      realizedPnl: 0,
    });
    expect(p.position(strategyId('other'), SWAP.symbol).qty).toBe(0);
    // Free balance of a derivatives account: equity − margin (1,000 notional at 5× holds 200).
    expect(p.marginUsed()).toBe(200);
    expect(p.balance(SID)).toBeCloseTo(10_000 - 1 + 100 - 200, 9);
    // Isolated margin: the position's +100 stays in the position, as the venue's `available` counts it.
    const isolated = portfolio([SWAP], { leverage: 5, marginMode: 'isolated' });
    isolated.applyFill(SID, fill(SWAP_ID, 'buy', 10, 100, 1));
    isolated.mark(0, 110);
    expect(isolated.balance(SID)).toBeCloseTo(10_000 - 1 - 200, 9);
  });

  it('a liquidation closes the account position and the strategy share of it', () => {
    const p = portfolio();
    p.applyFill(SID, fill(SWAP_ID, 'buy', 2, 100));
    p.applyLiquidation({
      type: 'PositionLiquidated',
      instrumentId: SWAP_ID,
      fill: fill(SWAP_ID, 'sell', 2, 60, 0.5),
      liquidationPrice: 60,
      tsEvent: 0,
      tsInit: 0,
    });
    expect(p.accountPosition(0).qty).toBe(0);
    expect(p.position(SID, SWAP.symbol)).toMatchObject({ qty: 0, realizedPnl: -80 });
    expect(p.wallet).toBe(10_000 - 80 - 0.5);
    expect(p.invariantProblems()).toEqual([]);
  });
});

describe('Portfolio balances', () => {
  it('the balance of a spot base asset is the quantity held', () => {
    const p = portfolio([SWAP, SPOT]);
    const eth = instrumentId('sim', SPOT.symbol);
    expect(p.balance(SID, 'ETH')).toBe(0);
    p.applyFill(SID, fill(eth, 'buy', 0.5, 2_000, 1));
    expect(p.balance(SID, 'ETH')).toBe(0.5);
    p.applyFill(SID, fill(eth, 'sell', 0.2, 2_100, 0.42));
    expect(p.balance(SID, 'ETH')).toBeCloseTo(0.3, 12);
    // A derivative's base is not an asset held; neither is an unknown one.
    p.applyFill(SID, fill(SWAP_ID, 'buy', 1, 100));
    expect(p.balance(SID, 'BTC')).toBe(0);
    expect(p.balance(SID, 'DOGE')).toBe(0);
  });

  it('the free quote balance of a spot account is the cash left, as the venue counts it', () => {
    const clock = new SimulatedClock();
    const venue = new SimulatedVenue({
      exchange: 'sim',
      fees: { maker: 0, taker: 0.001 },
      instruments: [SPOT],
      account: { capital: 10_000, currency: 'USDT' },
    });
    const p = new Portfolio({
      instruments: [SPOT],
      currency: 'USDT',
      capital: 10_000,
      now: () => clock.now(),
    });
    const manager = new OrderManager({ venue, gate: new RuleRiskGate(), portfolio: p, clock });
    manager.register(SID, { orderUpdated: () => {}, filled: () => {} });
    const bar = (k: number, price: number) => {
      clock.set((k + 1) * MINUTE);
      venue.onBar(0, k * MINUTE, price, price, price, price, 1_000, (k + 1) * MINUTE);
      manager.drain();
      p.mark(0, price);
    };
    const buy = (qty: number) => {
      const id = manager.nextClientOrderId(SID);
      manager.submit({
        strategyId: SID,
        clientOrderId: id,
        request: { symbol: SPOT.symbol, side: 'buy', qty },
        tsInit: clock.now(),
      });
      manager.drain();
      return id;
    };
    bar(0, 2_000);
    buy(2);
    bar(1, 2_000); // 2 ETH for 4,000 + 4 fee: 5,996 USDT left
    expect(p.balance(SID, 'ETH')).toBe(2);
    expect(p.balance(SID)).toBeCloseTo(5_996, 9);
    bar(2, 2_500); // the ETH is worth more; the USDT is the same
    expect(p.equity()).toBeCloseTo(5_996 + 5_000, 9);
    expect(p.balance(SID)).toBeCloseTo(5_996, 9);
    expect(p.balance(SID, 'USDT')).toBe(p.balance(SID));
    expect(p.balance(SID)).toBeCloseTo(venue.snapshot().available, 9);
    // Spending what balance() says is free is accepted by the venue; 1 % more is not.
    const spend = Math.floor((p.balance(SID) / 2_500) * 1_000) / 1_000;
    expect(manager.get(buy(spend * 1.01))!.reason).toMatch(/^insufficient-balance: /);
    expect(manager.get(buy(spend))!.status).toBe('Accepted');
  });
});

describe('Portfolio.fundingRate', () => {
  it('returns the latest rate at or before the clock', () => {
    const clock = new SimulatedClock();
    const series: FundingSeries = {
      ts: Float64Array.from([1_000, 2_000, 3_000]),
      rate: Float64Array.from([0.0001, -0.0002, 0.0003]),
    };
    const p = portfolio([SWAP, SPOT], { funding: { [SWAP.symbol]: series }, now: () => clock.now() });
    const at = (ts: number) => {
      clock.set(ts);
      return p.fundingRate(SWAP.symbol);
    };
    expect(at(999)).toBeUndefined();
    expect(at(1_000)).toEqual({ rate: 0.0001, ts: 1_000 });
    expect(at(1_999)).toEqual({ rate: 0.0001, ts: 1_000 });
    expect(at(2_000)).toEqual({ rate: -0.0002, ts: 2_000 });
    expect(at(2_500)).toEqual({ rate: -0.0002, ts: 2_000 });
    expect(at(10_000)).toEqual({ rate: 0.0003, ts: 3_000 });
    expect(p.fundingRate(SPOT.symbol)).toBeUndefined();
    expect(p.fundingRate('XRP/USDT:USDT')).toBeUndefined();
  });
});

describe('Portfolio with the venue: funding', () => {
  it('applies each FundingPaid event: the wallet moves by its amount and agrees with the venue', () => {
    const clock = new SimulatedClock();
    const series: FundingSeries = {
      ts: Float64Array.from([2.5 * MINUTE, 3.5 * MINUTE]),
      rate: Float64Array.from([0.001, -0.002]),
    };
    const venue = new SimulatedVenue({
      exchange: 'sim',
      fees: { maker: 0, taker: 0 },
      instruments: [SWAP],
      account: { capital: 10_000, currency: 'USDT' },
      funding: { [SWAP.symbol]: series },
    });
    const p = new Portfolio({
      instruments: [SWAP],
      currency: 'USDT',
      capital: 10_000,
      funding: { [SWAP.symbol]: series },
      now: () => clock.now(),
    });
    const paid: FundingPaid[] = [];
    const manager = new OrderManager({
      venue,
      gate: new RuleRiskGate(),
      portfolio: p,
      clock,
      observer: { onFunding: (event) => paid.push(event) },
    });
    manager.register(SID, { orderUpdated: () => {}, filled: () => {} });
    const bar = (k: number, open: number, close: number) => {
      clock.set((k + 1) * MINUTE);
      venue.onBar(
        0,
        k * MINUTE,
        open,
        Math.max(open, close),
        Math.min(open, close),
        close,
        1_000,
        (k + 1) * MINUTE,
      );
      manager.drain();
      p.mark(0, close);
    };
    bar(0, 100, 100);
    manager.submit({
      strategyId: SID,
      clientOrderId: manager.nextClientOrderId(SID),
      request: { symbol: SWAP.symbol, side: 'buy', qty: 2 },
      tsInit: clock.now(),
    });
    manager.drain();
    bar(1, 100, 100); // long 2 from this open
    const before = p.wallet;
    bar(2, 110, 112); // funding at 2.5 min, mark = the bar's open 110: the long pays 2 × 110 × 0.001
    expect(paid.map((e) => e.amount)).toEqual([expect.closeTo(-0.22, 12)]);
    expect(p.wallet).toBeCloseTo(before - 0.22, 12);
    expect(p.funding).toBeCloseTo(-0.22, 12);
    expect(p.fundingRate(SWAP.symbol)).toEqual({ rate: 0.001, ts: 2.5 * MINUTE });
    bar(3, 120, 120); // funding at 3.5 min at −0.2 %: the long receives 2 × 120 × 0.002
    expect(paid[1]!.amount).toBeCloseTo(0.48, 12);
    expect(p.wallet).toBeCloseTo(before - 0.22 + 0.48, 12);
    expect(p.wallet).toBeCloseTo(venue.snapshot().wallet, 9);
    expect(p.funding).toBeCloseTo(venue.snapshot().funding, 12);
    expect(p.invariantProblems()).toEqual([]);
  });
});
