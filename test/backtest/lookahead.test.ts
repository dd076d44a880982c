/**
 * The look-ahead check (src/backtest/lookahead.ts): a strategy that reads candles it could not have seen
 * is reported biased, with the first differing decision located at the cut; an honest one is not. The
 * truncated runs get only what was known at each cut, funding and marks included.
 */

import { describe, expect, it } from 'vitest';
import { lookaheadCheck } from '../../src/backtest/lookahead.js';
import { runBacktest } from '../../src/backtest/run.js';
import type { BacktestConfig, BacktestData } from '../../src/backtest/types.js';
import { smaCross } from '../../src/strategies/builtins/ma-cross.js';
import type { StrategyDefinition } from '../../src/strategies/types.js';
import { fineInstrument, gaplessWalk, seriesOf } from '../support/backtest-data.js';
import { config, define } from './kernel-kit.js';

const S = 'BTC/USDT:USDT';
const HOUR = 3_600_000;
const candles = gaplessWalk(120, 5);
const DATA: BacktestData = { series: [seriesOf(S, '1h', candles)] };

function runner(
  definition: (data: BacktestData) => StrategyDefinition,
  overrides: Partial<BacktestConfig> = {},
) {
  return (data: BacktestData) =>
    runBacktest({
      definition: definition(data),
      config: config({ timeframe: '1h', ...overrides }),
      data,
      instruments: [fineInstrument('test', S)],
      recordSignals: true,
      summaryOnly: true,
    });
}

/** Signals `up` or `down` from the NEXT candle's close, read from the data it was given. */
function peeker(data: BacktestData): StrategyDefinition {
  const series = data.series[0]!;
  return define(
    [{ symbol: S, timeframe: '1h' }],
    {
      onCandle({ ctx, candle }) {
        const i = series.ts.indexOf(candle.ts);
        const next = series.close[i + 1];
        if (next === undefined) return;
        ctx.signal(next > candle.close ? 'up' : 'down', { next });
      },
    },
    'peeker',
  );
}

describe('lookaheadCheck', () => {
  it('reports a strategy that reads the next candle as biased, the first difference at each cut', () => {
    const report = lookaheadCheck({ data: DATA, symbol: S, timeframe: '1h', cuts: 4, run: runner(peeker) });
    expect(report.biased).toBe(true);
    expect(report.cuts).toHaveLength(4);
    // Cuts at the closes of candles ⌊120·k/5⌋: 24, 48, 72, 96.
    expect(report.cuts).toEqual([24, 48, 72, 96].map((i) => candles[i]!.ts + HOUR));
    expect(report.differences).toHaveLength(4);
    for (const [k, difference] of report.differences.entries()) {
      const cut = report.cuts[k]!;
      const i = [24, 48, 72, 96][k]!;
      // The full run signalled at the cut from the candle after it; the truncated run had none to read.
      expect(difference.cut).toBe(cut);
      expect(difference.ts).toBe(cut);
      const kind = candles[i + 1]!.close > candles[i]!.close ? 'up' : 'down';
      expect(difference.full).toBe(
        `signal ${cut} ${kind} ${JSON.stringify({ next: candles[i + 1]!.close })}`,
      );
      expect(difference.truncated).toBe('—');
    }
  });

  it('finds no bias in the honest sma-cross over the same data', () => {
    const report = lookaheadCheck({
      data: DATA,
      symbol: S,
      timeframe: '1h',
      cuts: 4,
      run: runner(() => smaCross, {
        strategy: 'sma-cross',
        params: { fast: 3, slow: 8, mode: 'long-short', size: 1 },
      }),
    });
    expect(report.compared).toBeGreaterThan(10);
    expect(report.differences).toEqual([]);
    expect(report.biased).toBe(false);
  });

  it('does not take what a strategy does when the data ends (onStop) for look-ahead', () => {
    // Honest: it decides from the closed candle only, and flattens with a signal when stopped.
    const flattener = () =>
      define(
        [{ symbol: S, timeframe: '1h' }],
        {
          onCandle({ ctx, candle }) {
            const held = ctx.position(S).qty;
            if (candle.close > candle.open && held <= 0)
              ctx.submit({ symbol: S, side: 'buy', qty: 1 - held });
            if (candle.close < candle.open && held >= 0)
              ctx.submit({ symbol: S, side: 'sell', qty: 1 + held });
          },
          onStop({ ctx }) {
            const held = ctx.position(S).qty;
            ctx.signal('stopped', { held });
            if (held !== 0) ctx.submit({ symbol: S, side: held > 0 ? 'sell' : 'buy', qty: Math.abs(held) });
          },
        },
        'flattener',
      );
    const run = runner(flattener);
    const full = run(DATA);
    expect(full.afterEnd).toEqual({ signals: 1, orders: 1 });
    expect(full.signals.at(-1)!.kind).toBe('stopped');
    const report = lookaheadCheck({ data: DATA, symbol: S, timeframe: '1h', cuts: 4, run });
    expect(report.compared).toBeGreaterThan(10);
    expect(report.differences).toEqual([]);
    expect(report.biased).toBe(false);
  });

  it('gives each truncated run only the candles, funding and marks known at its cut', () => {
    const ts = Float64Array.from({ length: 30 }, (_, k) => candles[0]!.ts + k * 4 * HOUR + HOUR / 2);
    const data: BacktestData = {
      series: DATA.series,
      funding: { [S]: { ts, rate: ts.map((_, k) => 1e-4 * (k + 1)) } },
      marks: { [S]: { ts, price: ts.map((_, k) => 100 + k) } },
    };
    const seen: BacktestData[] = [];
    const run = runner(peeker);
    const report = lookaheadCheck({
      data,
      symbol: S,
      timeframe: '1h',
      cuts: 3,
      run: (d) => {
        seen.push(d);
        return run(d);
      },
    });
    expect(seen).toHaveLength(4);
    expect(seen[0]).toBe(data);
    for (const [k, cut] of report.cuts.entries()) {
      const d = seen[k + 1]!;
      const known = ts.filter((t) => t <= cut);
      expect(known.length).toBeGreaterThan(0);
      expect(known.length).toBeLessThan(ts.length);
      expect(Array.from(d.funding![S]!.ts)).toEqual(Array.from(known));
      expect(Array.from(d.funding![S]!.rate)).toEqual(
        Array.from(data.funding![S]!.rate.subarray(0, known.length)),
      );
      expect(Array.from(d.marks![S]!.ts)).toEqual(Array.from(known));
      expect(Array.from(d.marks![S]!.price)).toEqual(
        Array.from(data.marks![S]!.price.subarray(0, known.length)),
      );
      const series = d.series[0]!;
      expect(series.ts.at(-1)! + HOUR).toBe(cut);
      expect(series.close.length).toBe(series.ts.length);
    }
  });

  it('does nothing on a series too short to cut', () => {
    const short: BacktestData = { series: [seriesOf(S, '1h', candles.slice(0, 2))] };
    let runs = 0;
    const report = lookaheadCheck({
      data: short,
      symbol: S,
      timeframe: '1h',
      run: (d) => {
        runs += 1;
        return runner(peeker)(d);
      },
    });
    expect(report).toEqual({ cuts: [], compared: 0, differences: [], biased: false });
    expect(runs).toBe(0);
  });
});
