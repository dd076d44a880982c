/**
 * The fast path against the kernel (backtest/run.ts: strategy host, order manager, portfolio, simulated
 * venue) on random configurations: every run the fast path accepts must give the same equity curve (to
 * the bit), fills, trades, details, refused orders and metrics; a run it declines for a liquidation must
 * be one where the kernel came near one: the kernel liquidated, or it would have with every liquidation
 * price moved LIQUIDATION_SLACK toward the market (see `kernelCameNearLiquidation`).
 */

import { describe, expect, it } from 'vitest';
import {
  BINANCE_BTC_USDT_SPOT,
  OKX_BTC_USD_SWAP,
  OKX_BTC_USDT_SWAP,
} from '../../../test/support/instruments.js';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import {
  BTC_PERP_1M,
  BTCUSDT_FUTURES_1H,
  loadSharedCandles,
} from '../../../test/support/strategy-candles.js';
import type { Instrument } from '../../core/instrument.js';
import type { Candle } from '../../core/market.js';
import { smaCross } from '../../strategies/builtins/ma-cross.js';
import { runBacktest } from '../run.js';
import type { BacktestConfig, BacktestData } from '../types.js';
import { LIQUIDATION_SLACK } from './account.js';
import { runSmaCrossFast } from './sma-cross.js';
import {
  configFor,
  INVERSE_SWAP,
  LINEAR_SWAP,
  randomWalkCandles,
  SPOT,
  seeded,
  seriesOf,
} from './test-fixtures.js';
import type { SmaCrossFastInput, SmaCrossFastParams } from './types.js';

const INSTRUMENTS: Instrument[] = [
  LINEAR_SWAP,
  SPOT,
  INVERSE_SWAP,
  OKX_BTC_USDT_SWAP,
  OKX_BTC_USD_SWAP,
  BINANCE_BTC_USDT_SPOT,
];
const HOUR = 3_600_000;

interface Trial {
  readonly name: string;
  readonly input: SmaCrossFastInput;
  readonly data: BacktestData;
}

/** A random configuration over `candles`: instrument, parameters, costs, fill timing, margin, funding, marks, tradeFrom. */
function randomTrial(random: () => number, candles: Candle[], timeframe: string, k: number): Trial {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const inst = pick(INSTRUMENTS);
  const fast = 2 + Math.floor(random() * 20);
  const slow = fast + 1 + Math.floor(random() * 60);
  const mode = pick(['long-only', 'long-short'] as const);
  const capital = inst.inverse ? pick([0.5, 1, 3]) : pick([1_000, 10_000, 100_000]);
  const last = candles[candles.length - 1]!.close;
  const params: SmaCrossFastParams = {
    fast,
    slow,
    mode,
    fraction: pick([0.3, 0.5, 1, 1, 2, 3]),
    ...(random() < 0.3 ? { size: pick([0.001, 0.01, 0.1, 0.5]) * (inst.inverse ? 1 : capital / last) } : {}),
  };
  const config: BacktestConfig = {
    ...configFor(inst, {
      timeframe,
      capital,
      fees: { maker: 0.0002, taker: pick([0, 0.0002, 0.0005, 0.001]) },
      slippage: { kind: 'fixed', bps: pick([0, 1, 2.5, 10]) },
      fill: pick(['next-open', 'close'] as const),
      leverage: pick([1, 2, 3, 5, 10]),
      marginMode: pick(['cross', 'isolated'] as const),
    }),
    params: { ...params },
  };
  const series = seriesOf(candles, inst.symbol, timeframe);
  let funding: SmaCrossFastInput['funding'];
  let marks: SmaCrossFastInput['marks'];
  if (random() < 0.4) {
    const times: number[] = [];
    const end = candles[candles.length - 1]!.ts + 8 * HOUR;
    for (let t = candles[0]!.ts - 8 * HOUR + 123; t < end; t += 8 * HOUR) times.push(t);
    funding = {
      ts: Float64Array.from(times),
      rate: Float64Array.from(times, () => (random() - 0.4) * 0.001),
    };
    if (random() < 0.5) {
      marks = {
        ts: Float64Array.from(candles, (c) => c.ts + 1),
        price: Float64Array.from(candles, (c) => c.open * (1 + (random() - 0.5) * 0.001)),
      };
    }
  }
  const tradeFrom =
    random() < 0.3 ? candles[Math.floor(random() * candles.length * 0.5)]!.ts + pick([0, 7]) : undefined;
  const data: BacktestData = {
    series: [series],
    ...(funding === undefined ? {} : { funding: { [inst.symbol]: funding } }),
    ...(marks === undefined ? {} : { marks: { [inst.symbol]: marks } }),
  };
  return {
    name: `#${k} ${inst.symbol} ${inst.kind} ${JSON.stringify(params)} ${config.fill} L${config.leverage} ${config.marginMode}${funding ? ' funding' : ''}${marks ? ' marks' : ''}${tradeFrom === undefined ? '' : ' tradeFrom'}`,
    input: { series, params, config, instrument: inst, funding, marks, tradeFrom },
    data,
  };
}

/**
 * A maintenance rate m' that moves every liquidation price at least LIQUIDATION_SLACK (relative) toward
 * the market, whatever the position. With collateral A, size Q, entry E (venues/simulated/
 * liquidation-price.ts), the price depends on m only through a factor:
 *   linear long (E − A/Q) / (1 − m), linear short (E + A/Q) / (1 + m),
 *   inverse long (1 + m) Q / (A + Q/E), inverse short (1 − m) Q / (Q/E − A).
 * Moving the long prices up by (1 + s) and the short ones down by (1 − s) takes, respectively,
 * 1 − m' = (1 − m) / (1 + s), 1 + m' = (1 + m) / (1 − s), 1 + m' = (1 + m)(1 + s), 1 − m' = (1 − m)(1 − s);
 * the largest m' does it for all four (each price moves toward the market as m grows). The maintenance
 * rate changes nothing else in the kernel (only the liquidation price reads it).
 */
function slackMaintenanceRate(m: number): number {
  const s = LIQUIDATION_SLACK;
  const needed = [1 - (1 - m) / (1 + s), (1 + m) / (1 - s) - 1, (1 + m) * (1 + s) - 1, 1 - (1 - m) * (1 - s)];
  // A hair more, so rounding cannot put the moved price a ulp short of the fast path's bound.
  return Math.max(...needed) + 1e-9;
}

/**
 * Did the kernel come within LIQUIDATION_SLACK of a liquidation? It liquidated; or, run again with every
 * liquidation price moved LIQUIDATION_SLACK toward the market (a larger maintenance rate), it does. The
 * fast path declines exactly when the bar path (or a mark) reaches its bound, the venue's liquidation
 * price moved by the slack, with the kernel's state up to that bar: so that second run liquidates there
 * (or earlier) — unless the fast path declined for something it should not have.
 */
function kernelCameNearLiquidation(trial: Trial, liquidations: number): boolean {
  if (liquidations > 0) return true;
  const { input } = trial;
  const closer = runBacktest({
    definition: smaCross,
    config: { ...input.config, maintenanceRate: slackMaintenanceRate(input.config.maintenanceRate) },
    data: trial.data,
    instruments: [input.instrument],
    ...(input.tradeFrom === undefined ? {} : { tradeFrom: input.tradeFrom }),
    summaryOnly: true,
  });
  return closer.result.extras.liquidations > 0;
}

/**
 * Runs both; returns how the fast path ended ('equal' or its unsupported reason). `control`: also check
 * that an accepted run is one the slack-moved kernel does not liquidate (so the near-liquidation check
 * above is not trivially true).
 */
function compare(trial: Trial, control = false): string {
  const { input } = trial;
  const fast = runSmaCrossFast(input);
  const kernel = runBacktest({
    definition: smaCross,
    config: input.config,
    data: trial.data,
    instruments: [input.instrument],
    ...(input.tradeFrom === undefined ? {} : { tradeFrom: input.tradeFrom }),
  });
  const result = kernel.result;
  if ('unsupported' in fast) {
    // Declined for a liquidation: the kernel reached (or came within the slack of) one. Never for
    // anything else on these configurations.
    expect(fast.unsupported, trial.name).toBe('liquidation');
    expect(
      kernelCameNearLiquidation(trial, result.extras.liquidations),
      `${trial.name}: the fast path declined for a liquidation the kernel never came near`,
    ).toBe(true);
    return result.extras.liquidations > 0 ? 'liquidation (kernel liquidated)' : 'liquidation (within slack)';
  }
  expect(result.extras.liquidations, trial.name).toBe(0);
  expect(fast.length, trial.name).toBe(kernel.curve.length);
  for (let i = 0; i < fast.length; i++) {
    if (fast.ts[i] !== kernel.curve.ts[i] || fast.equity[i] !== kernel.curve.equity[i])
      throw new Error(
        `${trial.name}: point ${i} fast [${fast.ts[i]}, ${fast.equity[i]}] kernel [${kernel.curve.ts[i]}, ${kernel.curve.equity[i]}]`,
      );
  }
  expect(
    fast.fillLog.map((f) => ({ ts: f.ts, price: f.price, side: f.side, qty: f.qty })),
    trial.name,
  ).toEqual(kernel.chart.fills);
  expect(fast.trades, trial.name).toEqual(result.trades);
  expect(fast.details, trial.name).toEqual(result.extras.tradeDetails);
  expect(fast.rejectedOrders, trial.name).toEqual(result.extras.rejectedOrders);
  expect(fast.metrics, trial.name).toEqual(result.metrics);
  if (control && kernelCameNearLiquidation(trial, 0)) return 'equal, yet near a liquidation';
  return 'equal';
}

function runTrials(
  candles: Candle[],
  timeframe: string,
  count: number,
  seed: number,
  control = false,
): Record<string, number> {
  const random = seeded(seed);
  const tally: Record<string, number> = {};
  for (let k = 0; k < count; k++) {
    const outcome = compare(randomTrial(random, candles, timeframe, k), control);
    tally[outcome] = (tally[outcome] ?? 0) + 1;
  }
  return tally;
}

describe('fast path = kernel', () => {
  it('on random configurations over a random walk', { timeout: 60_000 }, () => {
    const tally = runTrials(randomWalkCandles(2_000, 11), '1h', 60, 5);
    console.log('fast path = kernel, random walk:', tally);
    expect(tally['equal']).toBeGreaterThan(50);
  });

  it('declines only runs that came near a liquidation (volatile walks)', { timeout: 60_000 }, () => {
    const tally: Record<string, number> = {};
    for (const [seed, vol] of [
      [2, 0.02],
      [3, 0.03],
    ] as const) {
      const walk = randomWalkCandles(1_000, 20 + seed, HOUR, vol);
      for (const [outcome, n] of Object.entries(runTrials(walk, '1h', 60, seed, true)))
        tally[outcome] = (tally[outcome] ?? 0) + n;
    }
    console.log('fast path = kernel, volatile walks:', tally);
    // Both kinds of decline occur, and every accepted run stayed clear of the slack.
    expect(tally['liquidation (within slack)']).toBeGreaterThan(0);
    expect(tally['liquidation (kernel liquidated)']).toBeGreaterThan(0);
    expect(tally['equal, yet near a liquidation']).toBeUndefined();
    expect(tally['equal']).toBeGreaterThan(100);
  });
});

describeWithSharedData('fast path = kernel', () => {
  it('on random configurations over BTCUSDT perpetual 1h and BTC-PERP 1m', { timeout: 60_000 }, () => {
    const hourly = runTrials(loadSharedCandles(BTCUSDT_FUTURES_1H).slice(-4_000), '1h', 25, 6);
    const minutes = runTrials(loadSharedCandles(BTC_PERP_1M).slice(0, 10_000), '1m', 25, 7);
    console.log('fast path = kernel, real data:', { hourly, minutes });
    expect((hourly['equal'] ?? 0) + (minutes['equal'] ?? 0)).toBeGreaterThan(40);
  });
});
