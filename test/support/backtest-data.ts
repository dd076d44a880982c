/**
 * Candle files and synthetic series as backtest inputs (typed-array columns), and instruments for them.
 */

import type { SeriesData } from '../../src/backtest/types.js';
import { createInstrument, type Instrument } from '../../src/core/instrument.js';
import type { Candle } from '../../src/core/market.js';
import { parseTimeframe } from '../../src/core/timeframe.js';
import { normaliseRows, readCandleFile } from '../../src/marketdata/import/index.js';

export function seriesOf(symbol: string, timeframe: string, candles: readonly Candle[]): SeriesData {
  return {
    symbol,
    timeframe,
    ts: Float64Array.from(candles, (c) => c.ts),
    open: Float64Array.from(candles, (c) => c.open),
    high: Float64Array.from(candles, (c) => c.high),
    low: Float64Array.from(candles, (c) => c.low),
    close: Float64Array.from(candles, (c) => c.close),
    volume: Float64Array.from(candles, (c) => c.volume),
  };
}

/** A candle file (any format `data import` reads) as a series; problem rows are left out. */
export async function loadSeriesFile(path: string, symbol: string, timeframe: string): Promise<SeriesData> {
  const read = await readCandleFile(path);
  const normal = normaliseRows(read.parsed, {
    timeframe: parseTimeframe(timeframe),
    positionLabel: read.positionLabel,
  });
  return seriesOf(symbol, timeframe, normal.candles);
}

/** An instrument with fine steps (spot for `A/B`, linear swap for `A/B:B`). */
export function fineInstrument(exchange: string, symbol: string): Instrument {
  return createInstrument({
    exchange,
    symbol,
    kind: symbol.includes(':') ? 'swap' : 'spot',
    tickSize: 1e-8,
    lotSize: 1e-8,
    minSize: 0,
  });
}

/**
 * A random walk where each open equals the previous close (no gaps), so a fill at the next open is a fill
 * at the signal bar's close.
 */
export function gaplessWalk(
  count: number,
  seed = 7,
  start = 100,
  startTs = Date.UTC(2024, 0, 1),
  stepMs = 3_600_000,
): Candle[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const candles: Candle[] = [];
  let close = start;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = open * (1 + (random() - 0.5) * 0.02);
    candles.push({
      ts: startTs + i * stepMs,
      open,
      high: Math.max(open, close) * (1 + random() * 0.002),
      low: Math.min(open, close) * (1 - random() * 0.002),
      close,
      volume: 100 + random() * 1000,
    });
  }
  return candles;
}
