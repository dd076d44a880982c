/**
 * What happens to a strategy's orders in a backtest, end to end through `runBacktest`: lot rounding and
 * lot-size denials, the risk gate, venue rejections counted by key, and the fill timing (next open or
 * the signal bar's close) with hand-computed prices.
 */

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import type { BacktestConfig } from '../../src/backtest/types.js';
import { createInstrument, type Instrument } from '../../src/core/instrument.js';
import type { Candle } from '../../src/core/market.js';
import {
  maxLeverage,
  maxOrderNotional,
  priceBand,
  type RiskGate,
  RuleRiskGate,
} from '../../src/engine/risk-gate.js';
import type { OrderRequest } from '../../src/strategies/types.js';
import { fineInstrument, seriesOf } from '../support/backtest-data.js';
import { bars, config, define, MINUTE, T0 } from './kernel-kit.js';

const S = 'BTC/USDT:USDT';

/** Lot and tick 0.01, minimum 0.1 contracts. */
const LOTTED = createInstrument({
  exchange: 'test',
  symbol: S,
  kind: 'swap',
  tickSize: 0.01,
  lotSize: 0.01,
  minSize: 0.1,
});

const FLAT = bars([
  [100, 100, 100, 100],
  [100, 101, 99, 100],
  [100, 101, 99, 100],
  [100, 101, 99, 100],
]);

/** Sends `plan[k]` on candle k; records every order update's status and reason. */
function run(
  plan: ReadonlyArray<ReadonlyArray<Omit<OrderRequest, 'symbol'>>>,
  options: {
    instrument?: Instrument;
    gate?: RiskGate;
    config?: Partial<BacktestConfig>;
    candles?: Candle[];
  } = {},
) {
  const updates: Array<{ status: string; reason: string | undefined; qty: number }> = [];
  const definition = define([{ symbol: S, timeframe: '1m' }], () => {
    let k = 0;
    return {
      onCandle({ ctx }) {
        for (const request of plan[k] ?? []) ctx.submit({ symbol: S, ...request });
        k += 1;
      },
      onOrderUpdate({ order }) {
        updates.push({ status: order.status, reason: order.reason, qty: order.qty });
      },
    };
  });
  const output = runBacktest({
    definition,
    config: config(options.config),
    data: { series: [seriesOf(S, '1m', options.candles ?? FLAT)] },
    instruments: [options.instrument ?? LOTTED],
    checkInvariants: true,
    ...(options.gate === undefined ? {} : { gate: options.gate }),
  });
  return { output, updates };
}

describe('quantity rounding', () => {
  it('sends 1.23456 as 1.23 on a 0.01 lot and fills 1.23', () => {
    const { output } = run([[{ side: 'buy', qty: 1.23456 }]]);
    expect(output.orders).toEqual([
      { ts: T0 + MINUTE, symbol: S, side: 'buy', type: 'market', qty: 1.23, status: 'Filled' },
    ]);
    expect(output.result.trades[0]!.qty).toBe(1.23);
    expect(output.result.extras.rejectedOrders).toEqual({});
  });

  it('denies a request below one lot (lot-size) before the venue; the strategy is told why', () => {
    const { output, updates } = run([[{ side: 'buy', qty: 0.005 }]]);
    expect(output.orders.map((o) => [o.qty, o.status])).toEqual([[0.005, 'Denied']]);
    expect(updates).toEqual([
      { status: 'Denied', reason: 'lot-size: quantity 0.005 rounds to 0 on the lot 0.01', qty: 0.005 },
    ]);
    // Denied by the kernel, not rejected by the venue (which never saw it: no Submitted/Accepted).
    expect(output.result.extras.rejectedOrders).toEqual({ 'lot-size': 1 });
    expect(output.result.trades).toEqual([]);
  });
});

describe('venue rejections', () => {
  it('are counted by their key: min-size, insufficient-margin, reduce-only-no-position', () => {
    const { output, updates } = run([
      [
        { side: 'buy', qty: 0.05 }, // on the lot, under the 0.1 minimum
        { side: 'buy', qty: 0.09999 }, // rounds to 0.09: under the minimum too
        { side: 'buy', qty: 100.01 }, // 10,001 of margin at 1×, 10,000 there
        { side: 'sell', qty: 1, reduceOnly: true }, // nothing to reduce
        { side: 'buy', qty: 0.1 }, // the minimum: accepted
      ],
    ]);
    expect(output.result.extras.rejectedOrders).toEqual({
      'min-size': 2,
      'insufficient-margin': 1,
      'reduce-only-no-position': 1,
    });
    expect(output.orders.map((o) => [o.qty, o.status])).toEqual([
      [0.05, 'Rejected'],
      [0.09, 'Rejected'],
      [100.01, 'Rejected'],
      [1, 'Rejected'],
      [0.1, 'Filled'],
    ]);
    expect(updates.filter((u) => u.status === 'Rejected').map((u) => u.reason!.split(':')[0])).toEqual([
      'min-size',
      'min-size',
      'insufficient-margin',
      'reduce-only-no-position',
    ]);
  });
});

describe('the risk gate in a backtest', () => {
  it('passes orders at the limits and denies them just beyond, counted by rule', () => {
    const gate = new RuleRiskGate([priceBand(0.1), maxOrderNotional(1_000)]);
    const { output } = run(
      [
        [
          { side: 'buy', qty: 10 }, // 10 × 100 = 1,000: at the notional limit
          { side: 'buy', qty: 10.01 }, // 1,001: denied
          { side: 'sell', type: 'limit', qty: 1, price: 110 }, // 10 % above the last price: at the band
          { side: 'sell', type: 'limit', qty: 1, price: 110.01 }, // denied
          { side: 'buy', type: 'limit', qty: 0.07, price: 100 }, // 7: passes (0.07 × 100 is 7.000000000000001)
        ],
      ],
      { instrument: fineInstrument('test', S), gate },
    );
    expect(output.orders.map((o) => [o.type, o.qty, o.status])).toEqual([
      ['market', 10, 'Filled'],
      ['market', 10.01, 'Denied'],
      ['limit', 1, 'Accepted'],
      ['limit', 1, 'Denied'],
      ['limit', 0.07, 'Filled'],
    ]);
    expect(output.result.extras.rejectedOrders).toEqual({ 'max-order-notional': 1, 'price-band': 1 });
  });

  it('maxLeverage counts the position already held', () => {
    // Equity 10,000 and no fees: 2× is 200 contracts at 100.
    const { output } = run(
      [
        [{ side: 'buy', qty: 150 }],
        [
          { side: 'buy', qty: 50.0001 },
          { side: 'buy', qty: 50 },
        ],
      ],
      {
        instrument: fineInstrument('test', S),
        gate: new RuleRiskGate([maxLeverage(2)]),
        config: { leverage: 2 },
      },
    );
    expect(output.orders.map((o) => [o.qty, o.status])).toEqual([
      [150, 'Filled'],
      [50.0001, 'Denied'],
      [50, 'Filled'],
    ]);
    expect(output.result.extras.rejectedOrders).toEqual({ 'max-leverage': 1 });
  });
});

describe('fill timing', () => {
  // Bars with gaps: an open differs from the previous close, so the two timings give different prices.
  const GAPPY = bars([
    [100, 100, 100, 100], // 0: buy 1
    [102, 103, 101, 102.5], // 1: sell 1
    [103, 104, 102, 103],
    [104, 105, 103, 104],
  ]);
  const slippage = { kind: 'fixed', bps: 10 } as const; // buys pay 0.1 % more, sells get 0.1 % less
  const plan = [[{ side: 'buy', qty: 1 }], [{ side: 'sell', qty: 1 }]] as const;

  it('close: at the signal bar’s close ± slippage, at the close time', () => {
    const { output } = run(plan, {
      instrument: fineInstrument('test', S),
      candles: GAPPY,
      config: { fill: 'close', slippage },
    });
    const [trade] = output.result.trades;
    expect(trade!.entryPrice).toBeCloseTo(100 * 1.001, 12);
    expect(trade!.entryTime).toBe(T0 + MINUTE);
    expect(trade!.exitPrice).toBeCloseTo(102.5 * 0.999, 12);
    expect(trade!.exitTime).toBe(T0 + 2 * MINUTE);
    expect(output.result.metrics.endEquity).toBeCloseTo(10_000 + 102.5 * 0.999 - 100.1, 9);
  });

  it('next-open: at the next bar’s open ± slippage', () => {
    const { output } = run(plan, {
      instrument: fineInstrument('test', S),
      candles: GAPPY,
      config: { fill: 'next-open', slippage },
    });
    const [trade] = output.result.trades;
    expect(trade!.entryPrice).toBeCloseTo(102 * 1.001, 12);
    expect(trade!.entryTime).toBe(T0 + MINUTE);
    expect(trade!.exitPrice).toBeCloseTo(103 * 0.999, 12);
    expect(trade!.exitTime).toBe(T0 + 2 * MINUTE);
    expect(output.result.metrics.endEquity).toBeCloseTo(10_000 + 103 * 0.999 - 102.102, 9);
    expect(output.invariantViolations).toEqual([]);
  });
});
