/**
 * The data the report's inline script draws, already thinned and in lightweight-charts' units (times in
 * UTC seconds). Everything is plain arrays so the embedded JSON stays compact.
 */

import type { BacktestChartData } from '../types.js';
import {
  type AggregatedCandles,
  aggregateCandles,
  downsampleLine,
  drawdownCurve,
  floorIndex,
  MAX_CHART_BARS,
  MAX_LINE_POINTS,
  sharedLineIndices,
} from './downsample.js';
import { formatDuration, formatInteger } from './format.js';
import { runLabels } from './metric-rows.js';
import type { ReportInput } from './types.js';

/** One colour per run, distinguishable on white and for common colour-vision deficiencies. */
export const RUN_COLORS = [
  '#2962ff',
  '#e65100',
  '#2e7d32',
  '#8e24aa',
  '#c62828',
  '#00838f',
  '#6d4c41',
  '#546e7a',
];

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length]!;
}

type Point = [time: number, value: number];

export interface PricePayload {
  readonly symbol: string;
  /** [time, open, high, low, close]. */
  readonly candles: Array<[number, number, number, number, number]>;
  /** [time, 1 = buy | -1 = sell, total qty] — fills merged per bar and side. */
  readonly markers: Array<[number, 1 | -1, number]>;
}

export interface LinePayload {
  readonly label: string;
  readonly color: string;
  readonly equity: Point[];
  /** Drawdown in percent (negative). */
  readonly drawdown: Point[];
}

export interface ChartPayload {
  readonly price?: PricePayload;
  readonly runs: LinePayload[];
  readonly stitched?: Point[];
}

/** Ten significant digits: cents of any realistic balance, without float noise bloating the JSON. */
function round(value: number): number {
  return Number(value.toPrecision(10));
}

/** Epoch ms → whole seconds, strictly increasing (the chart rejects repeated times; the last value wins). */
function toSeconds(points: ReadonlyArray<readonly [number, number]>, scale = 1): Point[] {
  const out: Point[] = [];
  for (const [ts, value] of points) {
    if (!Number.isFinite(ts) || !Number.isFinite(value)) continue;
    const time = Math.floor(ts / 1000);
    const last = out[out.length - 1];
    if (last && time <= last[0]) {
      if (time === last[0]) last[1] = round(value * scale);
      continue;
    }
    out.push([time, round(value * scale)]);
  }
  return out;
}

function pricePayload(chart: BacktestChartData, bars: AggregatedCandles): PricePayload {
  const candles: PricePayload['candles'] = [];
  const times: number[] = [];
  for (let i = 0; i < bars.ts.length; i++) {
    const time = Math.floor(bars.ts[i]! / 1000);
    if (times.length > 0 && time <= times[times.length - 1]!) continue;
    times.push(time);
    candles.push([time, bars.open[i]!, bars.high[i]!, bars.low[i]!, bars.close[i]!]);
  }
  // A fill is drawn on the bar (or bucket) that contains it; several fills of one side there become one.
  const merged = new Map<string, [number, 1 | -1, number]>();
  for (const fill of chart.fills) {
    if (times.length === 0) break;
    const time = times[floorIndex(times, Math.floor(fill.ts / 1000))]!;
    const side = fill.side === 'buy' ? 1 : -1;
    const key = `${time}:${side}`;
    const entry = merged.get(key);
    if (entry) entry[2] = round(entry[2] + Math.abs(fill.qty));
    else merged.set(key, [time, side, round(Math.abs(fill.qty))]);
  }
  const markers = [...merged.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { symbol: chart.symbol, candles, markers };
}

/** The caption under the price chart: says when candles were aggregated, and how. */
export function priceCaption(chart: BacktestChartData, bars: AggregatedCandles): string {
  const base = `${chart.symbol} ${chart.timeframe}, ${formatInteger(bars.sourceBars)} candles, UTC. Arrows: buy fills (below bar, up) and sell fills (above bar, down).`;
  if (bars.bucketMs === 0) return base;
  return (
    `${base} Candles aggregated into ${formatDuration(bars.bucketMs).replace(/ 0[hm]$/, '')} buckets ` +
    `(${formatInteger(bars.ts.length)} bars, limit ${formatInteger(MAX_CHART_BARS)}) to keep the file small; ` +
    'fills are placed on the bucket that contains them.'
  );
}

export const LINE_CAPTION =
  `Curves longer than ${formatInteger(MAX_LINE_POINTS)} points keep the lowest and highest equity and ` +
  'drawdown points of each equal-count bucket (so peaks and the deepest drawdown survive, at the same times ' +
  'in both charts) plus the final value. Drawdown is measured from the starting capital. Times UTC.';

/** A run's equity and drawdown (percent), thinned from one set of indices: the same times in both. */
export function equityAndDrawdown(
  equity: ReadonlyArray<readonly [number, number]>,
  startEquity: number,
): { equity: Point[]; drawdown: Point[] } {
  const drawdown = drawdownCurve(equity, startEquity);
  const keep = sharedLineIndices(equity.length, [(i) => equity[i]![1], (i) => drawdown[i]![1]]);
  return {
    equity: toSeconds(keep.map((i) => equity[i]!)),
    drawdown: toSeconds(
      keep.map((i) => drawdown[i]!),
      100,
    ),
  };
}

export interface BuiltCharts {
  readonly payload: ChartPayload;
  /** Caption of the price chart; undefined when the first run has no chart data. */
  readonly priceCaption?: string;
}

export function buildChartPayload(input: ReportInput): BuiltCharts {
  const labels = runLabels(input.runs.map((r) => r.result));
  const runs = input.runs.map((run, i) => ({
    label: labels[i]!,
    color: runColor(i),
    ...equityAndDrawdown(run.result.equity, run.result.metrics.startEquity),
  }));
  const stitchedEquity = input.optimization?.walkForward?.stitchedEquity;
  const stitched =
    stitchedEquity && stitchedEquity.length > 0 ? toSeconds(downsampleLine(stitchedEquity)) : undefined;
  const chart = input.runs[0]?.chart;
  if (!chart || chart.candles.ts.length === 0) {
    return { payload: stitched ? { runs, stitched } : { runs } };
  }
  const bars = aggregateCandles(chart.candles);
  const price = pricePayload(chart, bars);
  return {
    payload: stitched ? { price, runs, stitched } : { price, runs },
    priceCaption: priceCaption(chart, bars),
  };
}
