/**
 * `indicator-*-1m`: one batch indicator over 1 000 000 values (closes of the synthetic 1m candles), in
 * milliseconds. The input is built once and the function is warmed up before measuring, so a run is the
 * steady-state cost of the call: the loop and the output allocation.
 */
import { atr, bbands, ema, rsi, sma } from '../../src/indicators/index.js';
import type { Workload } from '../harness.js';
import { syntheticCandles } from './synthetic-candles.js';

/** Values per run. */
export const INDICATOR_BENCH_SIZE = 1_000_000;

export interface BenchSeries {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

let cached: BenchSeries | undefined;

/** The 1M-bar OHLCV columns every indicator workload reads (built once per process). */
export function indicatorBenchSeries(): BenchSeries {
  if (cached) return cached;
  const candles = syntheticCandles(INDICATOR_BENCH_SIZE);
  const column = (pick: (c: (typeof candles)[number]) => number) => Float64Array.from(candles, pick);
  cached = {
    open: column((c) => c.open),
    high: column((c) => c.high),
    low: column((c) => c.low),
    close: column((c) => c.close),
    volume: column((c) => c.volume),
  };
  return cached;
}

/** A workload timing `compute` over the bench series (target in ms). */
export function indicatorWorkload(
  name: string,
  compute: (series: BenchSeries) => Float64Array | Record<string, Float64Array>,
  target = 10,
): Workload {
  let series: BenchSeries | undefined;
  const once = (): number => {
    const started = performance.now();
    const result = compute(series!);
    const elapsed = performance.now() - started;
    const first = result instanceof Float64Array ? result : Object.values(result)[0]!;
    if (first.length !== INDICATOR_BENCH_SIZE || Number.isNaN(first[first.length - 1]!)) {
      throw new Error(`${name}: unexpected output`);
    }
    return elapsed;
  };
  return {
    name,
    unit: 'ms',
    better: 'lower',
    target,
    runs: 9,
    async setup() {
      series = indicatorBenchSeries();
      for (let i = 0; i < 3; i += 1) once(); // warm-up: let the JIT compile the loop
    },
    async run() {
      return once();
    },
  };
}

/** The indicator workloads: SMA, EMA, RSI and BBANDS over closes, ATR for the bar indicators. */
export const indicatorWorkloads: Workload[] = [
  indicatorWorkload('indicator-sma-1m', ({ close }) => sma(close, 30)),
  indicatorWorkload('indicator-ema-1m', ({ close }) => ema(close, 30)),
  indicatorWorkload('indicator-rsi-1m', ({ close }) => rsi(close, 14)),
  indicatorWorkload('indicator-bbands-1m', ({ close }) => ({ ...bbands(close, 20, 2, 2) })),
  indicatorWorkload('indicator-atr-1m', ({ high, low, close }) => atr(high, low, close, 14)),
];
