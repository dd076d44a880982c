/**
 * The look-ahead check: re-run a backtest on data cut at several points and compare every decision (the
 * strategy's signals and the orders it sent) made up to each cut with the full run's. A strategy that
 * only uses what it could have known decides the same with or without the future; any difference is
 * look-ahead bias (a plugin reading future data from elsewhere, a vectorised precomputation …).
 */

import { lowerBound, upperBound } from '../core/sorted-search.js';
import { parseTimeframe } from '../core/timeframe.js';
import { candleCloseTime } from '../strategies/host-series.js';
import type { BacktestRunOutput } from './run.js';
import type { BacktestData, SeriesData } from './types.js';

export interface LookaheadDifference {
  /** Close time of the last candle the truncated run saw. */
  readonly cut: number;
  /** Time of the first decision that differs. */
  readonly ts: number;
  /** The decision in the full run and in the truncated run (`—` when absent). */
  readonly full: string;
  readonly truncated: string;
}

export interface LookaheadReport {
  readonly cuts: number[];
  /** Decisions compared over all cuts. */
  readonly compared: number;
  readonly differences: LookaheadDifference[];
  readonly biased: boolean;
}

export interface LookaheadOptions {
  readonly data: BacktestData;
  /** The series whose candles define the cut points (the run's main series). */
  readonly symbol: string;
  readonly timeframe: string;
  /** Where trading starts (cuts are placed after it). */
  readonly tradeFrom?: number;
  /** Number of cut points (default 5), spread evenly over the traded range. */
  readonly cuts?: number;
  /** Runs the same backtest on the given data. */
  readonly run: (data: BacktestData) => BacktestRunOutput;
}

export function lookaheadCheck(options: LookaheadOptions): LookaheadReport {
  const main = options.data.series.find(
    (s) => s.symbol === options.symbol && s.timeframe === options.timeframe,
  );
  if (main === undefined || main.ts.length < 3)
    return { cuts: [], compared: 0, differences: [], biased: false };
  const full = decisions(options.run(options.data));
  const first = options.tradeFrom === undefined ? 0 : lowerBound(main.ts, options.tradeFrom);
  const span = main.ts.length - first;
  const count = Math.max(1, Math.min(options.cuts ?? 5, span - 1));
  const mainTf = parseTimeframe(main.timeframe);
  const cuts: number[] = [];
  const differences: LookaheadDifference[] = [];
  let compared = 0;
  for (let k = 1; k <= count; k++) {
    const index = first + Math.floor((span * k) / (count + 1));
    // The cut is the close of the main candle at `index`: nothing that closes later is kept.
    const cut = candleCloseTime(main.ts[index]!, mainTf);
    cuts.push(cut);
    const truncated = decisions(options.run(truncate(options.data, cut)));
    const expected = full.filter((d) => d.ts <= cut);
    compared += Math.max(expected.length, truncated.length);
    const length = Math.max(expected.length, truncated.length);
    for (let i = 0; i < length; i++) {
      const a = expected[i];
      const b = truncated[i];
      if (a?.text === b?.text) continue;
      differences.push({
        cut,
        ts: Math.min(a?.ts ?? Infinity, b?.ts ?? Infinity),
        full: a?.text ?? '—',
        truncated: b?.text ?? '—',
      });
      break;
    }
  }
  return { cuts, compared, differences, biased: differences.length > 0 };
}

interface Decision {
  readonly ts: number;
  readonly text: string;
}

/**
 * The decisions made while the data lasted. What the strategy did once it ended (`onStop`) is left out:
 * a truncated run stops at the cut, the full run does not, and that is no look-ahead.
 */
function decisions(output: BacktestRunOutput): Decision[] {
  const signals = output.signals.slice(0, output.signals.length - output.afterEnd.signals);
  const orders = output.orders.slice(0, output.orders.length - output.afterEnd.orders);
  const list: Decision[] = [
    ...signals.map((s) => ({
      ts: s.ts,
      text: `signal ${s.ts} ${s.kind} ${JSON.stringify(s.payload)}`,
    })),
    ...orders.map((o) => ({
      ts: o.ts,
      text: `order ${o.ts} ${o.symbol} ${o.side} ${o.type} ${o.qty}`,
    })),
  ];
  return list.sort((a, b) => a.ts - b.ts || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

/** Every series, funding and mark sample up to `cut` (a candle is kept when it has closed by then). */
function truncate(data: BacktestData, cut: number): BacktestData {
  const series = data.series.map((s) => cutSeries(s, cut));
  const funding =
    data.funding === undefined
      ? undefined
      : mapValues(data.funding, (f) => {
          const n = upperBound(f.ts, cut);
          return { ts: f.ts.subarray(0, n), rate: f.rate.subarray(0, n) };
        });
  const marks =
    data.marks === undefined
      ? undefined
      : mapValues(data.marks, (m) => {
          const n = upperBound(m.ts, cut);
          return { ts: m.ts.subarray(0, n), price: m.price.subarray(0, n) };
        });
  return { series, ...(funding === undefined ? {} : { funding }), ...(marks === undefined ? {} : { marks }) };
}

function cutSeries(s: SeriesData, cut: number): SeriesData {
  const tf = parseTimeframe(s.timeframe);
  // Candles are kept while their close time is ≤ cut (ts is ascending, so is the close time).
  let lo = 0;
  let hi = s.ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (candleCloseTime(s.ts[mid]!, tf) <= cut) lo = mid + 1;
    else hi = mid;
  }
  const n = lo;
  return {
    symbol: s.symbol,
    timeframe: s.timeframe,
    ts: s.ts.subarray(0, n),
    open: s.open.subarray(0, n),
    high: s.high.subarray(0, n),
    low: s.low.subarray(0, n),
    close: s.close.subarray(0, n),
    volume: s.volume.subarray(0, n),
  };
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, f: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) out[key] = f(value);
  return out;
}
