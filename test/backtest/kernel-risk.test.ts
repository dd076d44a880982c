/**
 * The risk engine in backtests (the same object sessions use): stored-style rules deny with their
 * numbers, breakers pause and resume a strategy on the simulated clock, automatic reduction answers a
 * limit breached by the market, and the accounting identities hold throughout.
 */

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import { createInstrument } from '../../src/core/instrument.js';
import type { Candle } from '../../src/core/market.js';
import { RiskEngine, type RiskEngineEvent } from '../../src/risk/engine/index.js';
import type { RiskRuleRecord } from '../../src/storage/index.js';
import type { OrderRequest } from '../../src/strategies/types.js';
import { seriesOf } from '../support/backtest-data.js';
import { bars, config, define, MINUTE, T0 } from './kernel-kit.js';

const S = 'BTC/USDT:USDT';
const BTC = createInstrument({
  exchange: 'test',
  symbol: S,
  kind: 'swap',
  tickSize: 0.01,
  lotSize: 0.01,
  minSize: 0.01,
});
const STRATEGY = 'bt-kernel-test';

function rule(rule: string, params: unknown, strategy?: string): RiskRuleRecord {
  return {
    scope: strategy === undefined ? 'global' : 'strategy',
    scopeId: strategy ?? '',
    rule,
    params,
    enabled: true,
    updatedAt: 0,
  };
}

/** Sends `plan(k)` on candle k; returns the run, the risk events and every order update. */
function run(
  candles: Candle[],
  rules: RiskRuleRecord[],
  plan: (k: number, held: number) => ReadonlyArray<Omit<OrderRequest, 'symbol'>>,
  stepMs = MINUTE,
) {
  const events: RiskEngineEvent[] = [];
  const risk = new RiskEngine({ account: 'backtest', onEvent: (e) => events.push(e) });
  const load = risk.load(rules);
  expect(load.invalid).toEqual([]);
  const updates: Array<{ k: number; status: string; reason: string | undefined; side: string }> = [];
  let k = 0;
  const definition = define([{ symbol: S, timeframe: stepMs === MINUTE ? '1m' : '1h' }], {
    onCandle({ ctx }) {
      for (const request of plan(k, ctx.position(S).qty)) ctx.submit({ symbol: S, ...request });
      k += 1;
    },
    onOrderUpdate({ order }) {
      if (order.status === 'Denied' || order.status === 'Filled')
        updates.push({ k, status: order.status, reason: order.reason, side: order.side });
    },
  });
  const output = runBacktest({
    definition,
    config: config({ timeframe: stepMs === MINUTE ? '1m' : '1h' }),
    data: { series: [seriesOf(S, stepMs === MINUTE ? '1m' : '1h', candles)] },
    instruments: [BTC],
    checkInvariants: true,
    risk,
  });
  expect(output.invariantViolations).toEqual([]);
  return { output, events, updates, risk };
}

const flat = (price: number) => [price, price, price, price] as const;

describe('stored rules in a backtest', () => {
  it('deny with the rule and its numbers; the order never reaches the venue', () => {
    const { output, updates } = run(
      bars([flat(100), flat(100), flat(100)]),
      [rule('max-order-notional', { limit: 500 })],
      (k) =>
        k === 0
          ? [
              { side: 'buy', qty: 5 },
              { side: 'buy', qty: 5.01 },
            ]
          : [],
    );
    expect(updates.map((u) => [u.status, u.reason?.split(':')[0]])).toEqual([
      ['Denied', 'max-order-notional'],
      ['Filled', undefined],
    ]);
    expect(output.result.extras.rejectedOrders).toEqual({ 'max-order-notional': 1 });
  });

  it('apply a strategy-scoped rule to that strategy only', () => {
    const other = run(
      bars([flat(100), flat(100)]),
      [rule('max-order-qty', { limit: 1 }, 'someone-else')],
      (k) => (k === 0 ? [{ side: 'buy', qty: 2 }] : []),
    );
    expect(other.updates.map((u) => u.status)).toEqual(['Filled']);
    const own = run(bars([flat(100), flat(100)]), [rule('max-order-qty', { limit: 1 }, STRATEGY)], (k) =>
      k === 0 ? [{ side: 'buy', qty: 2 }] : [],
    );
    expect(own.updates.map((u) => u.status)).toEqual(['Denied']);
  });
});

describe('breakers in a backtest', () => {
  it('max drawdown pauses the strategy (opening orders denied, closing ones pass) until resumed by hand', () => {
    // 10 long at 100 (next open); the price falls to 97: −30 on 10,000 = 0.3 % from the peak.
    const candles = bars([flat(100), flat(100), flat(99), flat(97), flat(97), flat(97), flat(97)]);
    const { events, updates } = run(
      candles,
      [rule('max-drawdown', { maxDrawdown: 0.002, pause: 'strategy', resume: 'manual' })],
      (k, held) =>
        k === 0
          ? [{ side: 'buy', qty: 10 }]
          : k === 4
            ? [{ side: 'buy', qty: 1 }]
            : k === 5 && held > 0
              ? [{ side: 'sell', qty: held, reduceOnly: true }]
              : [],
    );
    const trips = events.filter((e) => e.type === 'tripped');
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatchObject({
      trip: { breaker: 'max-drawdown', target: { kind: 'strategy', strategyId: STRATEGY } },
    });
    const denied = updates.find((u) => u.status === 'Denied');
    expect(denied?.reason).toMatch(/^breaker:max-drawdown/);
    // The close went through while paused.
    expect(updates.filter((u) => u.status === 'Filled').map((u) => u.side)).toEqual(['buy', 'sell']);
    expect(events.some((e) => e.type === 'resumed')).toBe(false);
  });

  it('a pause cancels the working orders that would add, and keeps the ones that close', () => {
    const candles = bars([flat(100), flat(100), flat(100), flat(97), flat(97)]);
    const { output, events } = run(
      candles,
      [rule('max-drawdown', { maxDrawdown: 0.002, pause: 'strategy' })],
      (k) =>
        k === 0
          ? [{ side: 'buy', qty: 10 }]
          : k === 2
            ? [
                { side: 'sell', qty: 10, type: 'limit', price: 120 }, // an exit, not flagged reduce-only
                { side: 'buy', qty: 5, type: 'limit', price: 50 }, // adds
              ]
            : [],
    );
    expect(events.filter((e) => e.type === 'tripped')).toHaveLength(1);
    expect(output.orders.map((o) => [o.side, o.type, o.status])).toEqual([
      ['buy', 'market', 'Filled'],
      ['sell', 'limit', 'Accepted'],
      ['buy', 'limit', 'Cancelled'],
    ]);
  });

  it('daily loss resumes by itself at the next UTC day', () => {
    // Hourly bars over two days; a loss on day one trips it, trading works again after midnight.
    const rows = Array.from({ length: 30 }, (_, i) => flat(i < 3 ? 100 : 90));
    const candles = bars(rows, { stepMs: 3_600_000 });
    const { events, updates } = run(
      candles,
      [rule('daily-loss', { maxLoss: 50, pause: 'strategy', resume: 'auto' })],
      (k) => (k === 0 ? [{ side: 'buy', qty: 10 }] : k === 10 || k === 26 ? [{ side: 'buy', qty: 0.1 }] : []),
      3_600_000,
    );
    expect(events.map((e) => e.type)).toEqual(['tripped', 'resumed']);
    const resumed = events[1] as Extract<RiskEngineEvent, { type: 'resumed' }>;
    expect(resumed.at).toBeGreaterThanOrEqual(T0 + 86_400_000);
    expect(updates.map((u) => [u.k, u.status])).toEqual([
      [1, 'Filled'],
      [11, 'Denied'],
      [27, 'Filled'],
    ]);
  });

  it('consecutive losses count closed round trips of the strategy', () => {
    // Buy at 100, sell at 99, three times: three losing trips trip a limit of three.
    const rows = [
      flat(100),
      flat(100),
      flat(99),
      flat(100),
      flat(99),
      flat(100),
      flat(99),
      flat(100),
      flat(100),
    ];
    const { events, updates } = run(
      bars(rows),
      [rule('consecutive-losses', { maxLosses: 3, pause: 'strategy', resume: 'manual' })],
      (k, held) =>
        k % 2 === 0
          ? held === 0
            ? [{ side: 'buy', qty: 1 }]
            : []
          : held > 0
            ? [{ side: 'sell', qty: held }]
            : [],
    );
    expect(events.filter((e) => e.type === 'tripped')).toHaveLength(1);
    expect(updates.filter((u) => u.status === 'Filled')).toHaveLength(6);
    expect(updates.at(-1)).toMatchObject({ status: 'Denied' });
  });
});

describe('automatic position reduction', () => {
  it('brings a position the market pushed past its notional limit back to the limit, once', () => {
    // 10 long at 100 = 1,000; at 150 it is worth 1,500 against a 1,100 limit.
    const candles = bars([flat(100), flat(100), flat(150), flat(150), flat(150), flat(150)]);
    const { output, events } = run(candles, [rule('auto-reduce', { perSymbolNotional: 1_100 })], (k) =>
      k === 0 ? [{ side: 'buy', qty: 10 }] : [],
    );
    const reduced = events.filter((e) => e.type === 'reduced');
    expect(reduced).toHaveLength(1);
    // 10 × (1 − 1,100 / 1,500) = 2.666… → 2.67 (rounded up to the lot).
    expect(reduced[0]).toMatchObject({ side: 'sell', qty: 2.67, limit: 'per-symbol-notional' });
    expect(output.orders.map((o) => [o.side, o.qty, o.status])).toEqual([
      ['buy', 10, 'Filled'],
      ['sell', 2.67, 'Filled'],
    ]);
  });

  it('leaves a position inside its tolerance alone', () => {
    const candles = bars([flat(100), flat(100), flat(111), flat(111)]);
    const { events } = run(
      candles,
      [rule('auto-reduce', { perSymbolNotional: 1_100, tolerance: 0.02 })],
      (k) => (k === 0 ? [{ side: 'buy', qty: 10 }] : []),
    );
    expect(events.filter((e) => e.type === 'reduced')).toEqual([]);
  });
});
