import { describe, expect, it } from 'vitest';
import type { HarnessBroker } from '../../test/support/strategy-broker.js';
import {
  candlesFrom,
  hostOnBroker,
  inlineDefinition,
  MINUTE,
  T0,
} from '../../test/support/strategy-fixtures.js';
import { runStrategy } from '../../test/support/strategy-harness.js';
import { isQuantLabError } from '../core/errors.js';
import { createInstrument } from '../core/instrument.js';
import type { Candle } from '../core/market.js';
import type { SizeResult } from '../risk/sizing/index.js';
import { CLOSED_TRADES_STATE_KEY } from './closed-trades.js';
import type { PersistedState } from './ports.js';
import type { StrategyContext } from './types.js';

const BTC = 'BTC/USDT';

function expectInvalid(fn: () => unknown, field?: string): void {
  try {
    fn();
  } catch (error) {
    expect(isQuantLabError(error) && error.code).toBe('QL_ERR_INVALID_INPUT');
    if (field !== undefined && isQuantLabError(error)) expect(error.details?.field).toBe(field);
    return;
  }
  throw new Error('expected QL_ERR_INVALID_INPUT');
}

/**
 * A started host whose strategy keeps `history` candles of BTC/USDT 1m; returns its context and a feeder.
 * `prepare` may change the broker before the start.
 */
function sizingHost(history = 40, prepare?: (broker: HarnessBroker) => void, initialState?: PersistedState) {
  let ctx: StrategyContext | undefined;
  const h = hostOnBroker(
    inlineDefinition({
      subscriptions: [{ symbol: BTC, timeframe: '1m', history }],
      onStart: ({ ctx: given }) => {
        ctx = given;
      },
    }),
    initialState === undefined ? {} : { initialState },
  );
  prepare?.(h.broker);
  h.host.start();
  const feed = (candles: readonly Candle[]) => {
    for (const candle of candles) {
      h.clock.t = candle.ts + MINUTE;
      h.host.candleClosed(BTC, '1m', candle);
    }
  };
  return { ...h, ctx: ctx!, feed };
}

/** Closes alternating between 100 and 100 × u (log returns ±ln u), high/low at the open and close. */
function alternating(u: number, count: number, start: number): Candle[] {
  const closes = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 100 : 100 * u));
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    const ts = start + i * MINUTE;
    return { ts, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1 };
  });
}

describe('ctx.size: fixed, fraction of equity, fixed risk', () => {
  it('sizes at the last close by default, at a given price otherwise', () => {
    const { ctx, feed } = sizingHost();
    expect(ctx.size.fractionOfEquity(BTC, 0.5)).toEqual({ qty: 0, notional: 0, reason: 'no-price' });
    feed(candlesFrom([90, 100]));
    expect(ctx.size.fixed(BTC, 2.5)).toEqual({ qty: 2.5, notional: 250 });
    expect(ctx.size.fractionOfEquity(BTC, 0.5)).toEqual({ qty: 50, notional: 5_000 });
    expect(ctx.size.fractionOfEquity(BTC, 0.5, { price: 200, leverage: 2 }).qty).toBe(50);
    // Loss at the stop = 1 % of 10 000 = 100; 5 per contract from 100 to 95.
    expect(ctx.size.fixedRisk(BTC, { side: 'buy', riskFraction: 0.01, stopDistance: 5 }).qty).toBe(20);
    expect(ctx.size.fixedRisk(BTC, { side: 'sell', riskFraction: 0.01, stopPrice: 110 }).qty).toBe(10);
    expect(ctx.size.fractionOfEquity(BTC, 0)).toEqual({ qty: 0, notional: 0, reason: 'zero-fraction' });
  });

  it('rounds down to the instrument and reports sizes below its minimum', () => {
    const inst = createInstrument({
      exchange: 'binance',
      symbol: BTC,
      kind: 'spot',
      tickSize: 0.01,
      lotSize: 0.1,
      minSize: 1,
    });
    const { ctx } = sizingHost(40, (broker) => {
      broker.instrument = () => inst;
    });
    expect(ctx.size.fixed(BTC, 3.37, { price: 10 })).toEqual({ qty: 3.3, notional: 33 });
    expect(ctx.size.fixed(BTC, 0.5, { price: 10 }).reason).toBe('below-min-size');
  });

  it('throws QL_ERR_INVALID_INPUT for garbage, and places nothing', () => {
    const { ctx, feed, broker } = sizingHost();
    feed(candlesFrom([100]));
    expectInvalid(() => ctx.size.fractionOfEquity(BTC, 1.5), 'fraction');
    expectInvalid(() => ctx.size.fractionOfEquity('NOPE/USDT:', 0.1), 'symbol');
    expectInvalid(() => ctx.size.fixed(BTC, Number.NaN), 'qty');
    expectInvalid(() => ctx.size.fixed(BTC, 1, { price: -1 }), 'price');
    expectInvalid(() =>
      ctx.size.fixedRisk(BTC, { side: 'buy', riskFraction: 0.01, stopPrice: 90, stopDistance: 5 }),
    );
    expectInvalid(() => ctx.size.fixedRisk(BTC, { side: 'buy', riskFraction: 0.01, stopPrice: 110 }), 'stop');
    expectInvalid(() => ctx.size.kelly(BTC, { cap: 2 }), 'cap');
    expectInvalid(
      () => ctx.size.volatilityTarget(BTC, { targetVol: 0.2, method: 'garch' as 'atr', period: 10 }),
      'method',
    );
    expectInvalid(
      () => ctx.size.volatilityTarget(BTC, { targetVol: 0.2, method: 'atr', period: 1 }),
      'period',
    );
    expect(broker.orders.size).toBe(0);
  });
});

describe('ctx.size.volatilityTarget', () => {
  const u = 1.01;

  it.each(['realised', 'atr'] as const)('halves the size when the volatility doubles (%s)', (method) => {
    const { ctx, feed } = sizingHost();
    const options = { targetVol: 0.5, method, period: 10 };
    feed(alternating(u, 5, T0));
    expect(ctx.size.volatilityTarget(BTC, options).reason).toBe('warming-up');
    feed(alternating(u, 20, T0 + 5 * MINUTE).slice(1));
    const calm = ctx.size.volatilityTarget(BTC, options);
    feed(alternating(u * u, 20, T0 + 30 * MINUTE));
    const wild = ctx.size.volatilityTarget(BTC, options);
    expect(calm.qty).toBeGreaterThan(0);
    expect(calm.reason).toBeUndefined();
    expect(wild.notional / calm.notional).toBeCloseTo(0.5, 1);
  });

  it('caps the notional at equity × maxLeverage and refuses a period its history cannot hold', () => {
    const { ctx, feed } = sizingHost(5);
    feed(alternating(u, 5, T0));
    const capped = ctx.size.volatilityTarget(BTC, { targetVol: 1_000, method: 'atr', period: 4 });
    expect(capped).toMatchObject({ reason: 'capped-max-leverage' });
    expect(capped.notional).toBeCloseTo(10_000, 6);
    expectInvalid(
      () => ctx.size.volatilityTarget(BTC, { targetVol: 0.2, method: 'atr', period: 5 }),
      'period',
    );
  });
});

describe('ctx.size.kelly from the strategy’s own closed trades', () => {
  /** Trip k buys at close 2k and sells at close 2k + 1 (market orders fill at the next open = that close). */
  const closes = [100, 110, 100, 110, 100, 90, 100, 80, 100, 100];
  const options = { cap: 0.5, minTrades: 2, fallbackFraction: 0.1, price: 100 };

  function roundTrips(initialState?: Record<string, unknown>) {
    const seen: Array<{ result: SizeResult; equity: number }> = [];
    const definition = inlineDefinition({
      onCandle: ({ ctx }) => {
        if (ctx.position(BTC).qty === 0) {
          seen.push({ result: ctx.size.kelly(BTC, options), equity: ctx.equity() });
          ctx.submit({ symbol: BTC, side: 'buy', qty: 1 });
        } else ctx.submit({ symbol: BTC, side: 'sell', qty: 1 });
      },
    });
    const result = runStrategy({
      definition,
      series: [{ symbol: BTC, timeframe: '1m', candles: candlesFrom(closes) }],
      ...(initialState === undefined ? {} : { initialState }),
    });
    return { seen, result };
  }

  it('uses the fallback until minTrades, then grows after wins and shrinks after losses', () => {
    const { seen, result } = roundTrips();
    const fractions = seen.map(({ result: r, equity }) => r.notional / equity);
    expect(seen.map((s) => s.result.reason)).toEqual([
      'kelly-fallback', // no trades
      'kelly-fallback', // +10 %
      'capped-kelly', // +10 %, +10 %: no losses, f* = 1, capped at 0.5
      undefined, // one loss: W = 2/3, R = 1, f* = 1/3
      'no-edge', // −20 %: W = 1/2, R = 2/3, f* < 0
    ]);
    expect(fractions[0]).toBeCloseTo(0.1, 9);
    expect(fractions[2]).toBeCloseTo(0.5, 9);
    expect(fractions[3]).toBeCloseTo(1 / 3, 9);
    expect(seen[4]!.result.qty).toBe(0);
    expect(result.host.context.size.closedTrades().map((r) => Math.round(r * 100) / 100)).toEqual([
      0.1, 0.1, -0.1, -0.2,
    ]);
  });

  it('survives a restart through the saved state, which the strategy does not see', () => {
    const first = roundTrips();
    const saved = first.result.savedState!;
    expect(saved[CLOSED_TRADES_STATE_KEY]).toBeDefined();
    const { host, ctx } = sizingHost(40, undefined, saved);
    expect(ctx.size.closedTrades()).toEqual(first.result.host.context.size.closedTrades());
    expect(ctx.state.keys()).not.toContain(CLOSED_TRADES_STATE_KEY);
    expect(ctx.size.kelly(BTC, options).reason).toBe('no-edge');
    host.stop('done');
  });
});
