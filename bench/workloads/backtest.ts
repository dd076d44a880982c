/**
 * `backtest-full-1m-1y` and `backtest-fast-path`: sma-cross over a year of 1m bars (525,600), long-short,
 * on a linear perpetual swap with 0.05 % taker fees, 1 bp slippage, 3× leverage, funding every 8 hours
 * and liquidation checks — once through the full event-driven kernel (clock, strategy host, order
 * manager, portfolio, risk gate, simulated venue), once on the columnar fast path.
 */

import { fastPathFor, isUnsupported, SmaCache } from '../../src/backtest/fast/index.js';
import { runBacktest } from '../../src/backtest/run.js';
import type { BacktestConfig, BacktestData, SeriesData } from '../../src/backtest/types.js';
import { createInstrument, type Instrument } from '../../src/core/instrument.js';
import { smaCross } from '../../src/strategies/builtins/ma-cross.js';
import type { Workload } from '../harness.js';
import { MINUTES_PER_YEAR, syntheticCandles } from './synthetic-candles.js';

const SYMBOL = 'BTC/USDT:USDT';

export interface BenchBacktestInput {
  readonly data: BacktestData;
  readonly config: BacktestConfig;
  readonly instrument: Instrument;
}

/** A year (or `bars`) of synthetic 1m candles with 8-hourly funding, and the run's configuration. */
export function benchBacktestInput(bars = MINUTES_PER_YEAR): BenchBacktestInput {
  const candles = syntheticCandles(bars);
  const series: SeriesData = {
    symbol: SYMBOL,
    timeframe: '1m',
    ts: Float64Array.from(candles, (c) => c.ts),
    open: Float64Array.from(candles, (c) => c.open),
    high: Float64Array.from(candles, (c) => c.high),
    low: Float64Array.from(candles, (c) => c.low),
    close: Float64Array.from(candles, (c) => c.close),
    volume: Float64Array.from(candles, (c) => c.volume),
  };
  const eightHours = 8 * 3_600_000;
  const fundingTs: number[] = [];
  for (let t = series.ts[0]!; t <= series.ts[series.ts.length - 1]!; t += eightHours) fundingTs.push(t);
  const funding = {
    ts: Float64Array.from(fundingTs),
    rate: Float64Array.from(fundingTs, (_, i) => 0.0001 * Math.sin(i / 5)),
  };
  const instrument = createInstrument({
    exchange: 'bench',
    symbol: SYMBOL,
    kind: 'swap',
    tickSize: 0.1,
    lotSize: 0.001,
    minSize: 0.001,
  });
  const config: BacktestConfig = {
    strategy: 'sma-cross',
    strategyVersion: smaCross.version,
    params: { fast: 10, slow: 30, mode: 'long-short', fraction: 1 },
    exchange: 'bench',
    symbols: [SYMBOL],
    timeframe: '1m',
    capital: 10_000,
    currency: 'USDT',
    fees: { maker: 0.0002, taker: 0.0005 },
    slippage: { kind: 'fixed', bps: 1 },
    fill: 'next-open',
    leverage: 3,
    marginMode: 'cross',
    maintenanceRate: 0.004,
    liquidationFeeRate: 0.005,
  };
  return { data: { series: [series], funding: { [SYMBOL]: funding } }, config, instrument };
}

let input: BenchBacktestInput | undefined;
let equityBuffer: Float64Array | undefined;

export const backtestFull1m1y: Workload = {
  name: 'backtest-full-1m-1y',
  unit: 'bars/s',
  better: 'higher',
  target: 2_000_000,
  runs: 7,
  async setup(ctx) {
    input = benchBacktestInput(ctx.quick ? 100_000 : MINUTES_PER_YEAR);
    // Unmeasured runs so the measured ones see optimised code, as a long-running process (the server, an
    // optimizer worker) would; the cold case is the `cold-start` workload.
    for (let i = 0; i < 3; i++) {
      runBacktest({
        definition: smaCross,
        config: input.config,
        data: input.data,
        instruments: [input.instrument],
      });
    }
  },
  async run(ctx, index) {
    const { config, data, instrument } = input!;
    const started = performance.now();
    const output = runBacktest({ definition: smaCross, config, data, instruments: [instrument] });
    const elapsed = performance.now() - started;
    const bars = data.series[0]!.ts.length;
    if (index === 0)
      ctx.log(
        `backtest-full-1m-1y: ${bars} bars, ${output.result.metrics.trades} trades, end equity ${output.result.metrics.endEquity.toFixed(2)}, funding ${output.result.metrics.funding.toFixed(2)}`,
      );
    return Math.round(bars / (elapsed / 1000));
  },
};

/**
 * One fast-path evaluation: a fresh SMA cache (the SMAs are measured work), a reused equity buffer (as a
 * sweep's trials reuse theirs).
 */
function fastRun({ config, data, instrument }: BenchBacktestInput) {
  const series = data.series[0]!;
  equityBuffer ??= new Float64Array(series.ts.length);
  return fastPathFor('sma-cross')!({
    series,
    params: config.params,
    config,
    instrument,
    funding: data.funding?.[SYMBOL],
    smaCache: new SmaCache(series.close),
    equityBuffer,
  });
}

export const backtestFastPath: Workload = {
  name: 'backtest-fast-path',
  unit: 'bars/s',
  better: 'higher',
  target: 50_000_000,
  runs: 9,
  async setup(ctx) {
    input ??= benchBacktestInput(ctx.quick ? 100_000 : MINUTES_PER_YEAR);
    // Warm, as in a sweep, where every worker has run a few trials before most of them.
    for (let i = 0; i < 3; i++) fastRun(input);
  },
  async run(ctx, index) {
    const series = input!.data.series[0]!;
    const started = performance.now();
    const result = fastRun(input!);
    const elapsed = performance.now() - started;
    if (isUnsupported(result)) throw new Error(`backtest-fast-path: unsupported (${result.unsupported})`);
    if (index === 0)
      ctx.log(
        `backtest-fast-path: ${result.metrics.trades} trades, end equity ${result.metrics.endEquity.toFixed(2)}`,
      );
    return Math.round(series.ts.length / (elapsed / 1000));
  },
};
