/**
 * Loads what a backtest reads from the store: candle series through the columnar cache (a year of 1m
 * candles in ~15 ms), coarser series a strategy subscribes to (resampled from the base series when they
 * are not stored), funding rates and mark prices for perpetual swaps, and the instruments.
 */

import { QuantLabError } from '../core/errors.js';
import { createInstrument, type Instrument } from '../core/instrument.js';
import type { Candle } from '../core/market.js';
import { nominalTimeframeMs, parseTimeframe } from '../core/timeframe.js';
import { CandleCache } from '../marketdata/candle-cache.js';
import { resampleCandles } from '../marketdata/resample.js';
import type { CandleColumns, Database } from '../storage/index.js';
import type { FundingSeries, MarkSeries } from '../venues/simulated/types.js';
import type { BacktestData, SeriesData } from './types.js';

/** Mark-price candles are stored as the series `SYMBOL#mark` (see marketdata/download). */
const MARK_SUFFIX = '#mark';

export interface SeriesRequest {
  readonly symbol: string;
  readonly timeframe: string;
}

export interface LoadBacktestDataOptions {
  readonly database: Database;
  readonly cacheDir: string;
  readonly exchange: string;
  /** Every series the run needs; the base timeframe's series of each symbol come first. */
  readonly series: readonly SeriesRequest[];
  readonly baseTimeframe: string;
  /** First candle to trade (open time); candles before it are loaded only for the warm-up. */
  readonly from?: number;
  /** Last candle open time included. */
  readonly to?: number;
  /** Base-timeframe candles loaded before `from` to warm indicators up. */
  readonly warmupBars: number;
}

export interface LoadedBacktestData {
  readonly data: BacktestData;
  /** Trading starts here when `from` was given (earlier candles warm up). */
  readonly tradeFrom?: number;
  /** How each series was obtained, for the run's record. */
  readonly sources: Readonly<Record<string, 'stored' | 'resampled'>>;
}

export async function loadBacktestData(options: LoadBacktestDataOptions): Promise<LoadedBacktestData> {
  const { database, exchange, from, to } = options;
  const cache = new CandleCache(database, { dir: options.cacheDir });
  const baseMs = nominalTimeframeMs(parseTimeframe(options.baseTimeframe));
  const loadFrom = from === undefined ? undefined : from - options.warmupBars * baseMs;
  const series: SeriesData[] = [];
  const sources: Record<string, 'stored' | 'resampled'> = {};
  const base = new Map<string, CandleColumns>();
  const requests = [...options.series].sort(
    (a, b) => Number(b.timeframe === options.baseTimeframe) - Number(a.timeframe === options.baseTimeframe),
  );
  for (const request of requests) {
    const key = `${request.symbol} ${request.timeframe}`;
    if (sources[key] !== undefined) continue;
    let columns: CandleColumns = await cache.load(exchange, request.symbol, request.timeframe, loadFrom, to);
    sources[key] = 'stored';
    if (columns.ts.length === 0 && request.timeframe !== options.baseTimeframe) {
      const finer = base.get(request.symbol);
      if (finer !== undefined && finer.ts.length > 0) {
        columns = resampleColumns(finer, request.timeframe, options.baseTimeframe);
        sources[key] = 'resampled';
      }
    }
    // Candles before `from` only warm indicators up: a base series with none at or after `from` has
    // nothing to trade (the run would be empty, or an optimisation would trade the warm-up).
    const tradable =
      request.timeframe !== options.baseTimeframe ||
      from === undefined ||
      (columns.ts.length > 0 && columns.ts[columns.ts.length - 1]! >= from);
    if (columns.ts.length === 0 || !tradable) {
      throw new QuantLabError(
        'QL_ERR_NOT_FOUND',
        `No ${exchange} ${request.symbol} ${request.timeframe} candles${rangeText(from, to)}. Load them first: quantlab data download (or data import) --exchange ${exchange} --symbol ${request.symbol} --timeframe ${request.timeframe}.`,
        { details: { exchange, symbol: request.symbol, timeframe: request.timeframe, from, to } },
      );
    }
    if (request.timeframe === options.baseTimeframe) base.set(request.symbol, columns);
    series.push({ ...columns, symbol: request.symbol, timeframe: request.timeframe });
  }
  const funding: Record<string, FundingSeries> = {};
  const marks: Record<string, MarkSeries> = {};
  for (const symbol of new Set(options.series.map((s) => s.symbol))) {
    if (!symbol.includes(':')) continue;
    // Funding paid inside the last candle (up to its close) belongs to the run too.
    const rates = await database.fundingRates.range(
      exchange,
      symbol,
      loadFrom,
      to === undefined ? undefined : to + baseMs - 1,
    );
    if (rates.length > 0) {
      funding[symbol] = {
        ts: Float64Array.from(rates, (r) => r.ts),
        rate: Float64Array.from(rates, (r) => r.rate),
      };
    }
    const mark = await cache.load(exchange, `${symbol}${MARK_SUFFIX}`, options.baseTimeframe, loadFrom, to);
    if (mark.ts.length > 0) marks[symbol] = { ts: mark.ts, price: mark.open };
  }
  return {
    data: {
      series,
      ...(Object.keys(funding).length > 0 ? { funding } : {}),
      ...(Object.keys(marks).length > 0 ? { marks } : {}),
    },
    ...(from === undefined ? {} : { tradeFrom: from }),
    sources,
  };
}

function rangeText(from?: number, to?: number): string {
  const iso = (ts: number) => new Date(ts).toISOString();
  if (from === undefined && to === undefined) return ' stored';
  return ` between ${from === undefined ? 'the start' : iso(from)} and ${to === undefined ? 'the end' : iso(to)}`;
}

/** A coarser series from the base one; the partial last bucket is dropped (it has not closed). */
function resampleColumns(columns: CandleColumns, to: string, from: string): CandleColumns {
  const candles: Candle[] = [];
  for (let i = 0; i < columns.ts.length; i++) {
    candles.push({
      ts: columns.ts[i]!,
      open: columns.open[i]!,
      high: columns.high[i]!,
      low: columns.low[i]!,
      close: columns.close[i]!,
      volume: columns.volume[i]!,
    });
  }
  const result = resampleCandles(candles, parseTimeframe(to), { fromTimeframe: parseTimeframe(from) });
  const closed = result.partialLast ? result.candles.slice(0, -1) : result.candles;
  return {
    ts: Float64Array.from(closed, (c) => c.ts),
    open: Float64Array.from(closed, (c) => c.open),
    high: Float64Array.from(closed, (c) => c.high),
    low: Float64Array.from(closed, (c) => c.low),
    close: Float64Array.from(closed, (c) => c.close),
    volume: Float64Array.from(closed, (c) => c.volume),
  };
}

export interface InstrumentOverrides {
  readonly kind?: 'spot' | 'swap';
  readonly tickSize?: number;
  readonly lotSize?: number;
  readonly minSize?: number;
  readonly contractValue?: number;
}

/**
 * The instruments of a run: from the `instruments` table when stored, else a default (spot for `A/B`, a
 * linear swap for `A/B:B`) with fine steps — reported through `warn` so a user knows precision is unknown.
 * Explicit overrides win.
 */
export async function loadInstruments(
  database: Database,
  exchange: string,
  symbols: readonly string[],
  overrides: InstrumentOverrides,
  warn: (message: string) => void,
): Promise<Instrument[]> {
  const instruments: Instrument[] = [];
  for (const symbol of symbols) {
    const stored = await database.instruments.get(exchange, symbol);
    if (stored === undefined && (overrides.tickSize === undefined || overrides.lotSize === undefined)) {
      warn(
        `no instrument metadata for ${exchange} ${symbol}: using tick and lot 1e-8, no minimum size (pass --tick-size/--lot-size/--min-size, or store the instrument)`,
      );
    }
    const kind =
      overrides.kind ??
      (stored?.kind === 'spot' || stored?.kind === 'swap' || stored?.kind === 'future'
        ? stored.kind
        : undefined) ??
      (symbol.includes(':') ? 'swap' : 'spot');
    instruments.push(
      createInstrument({
        exchange,
        symbol,
        kind,
        tickSize: overrides.tickSize ?? stored?.tickSize ?? 1e-8,
        lotSize: overrides.lotSize ?? stored?.lotSize ?? 1e-8,
        minSize: overrides.minSize ?? stored?.minSize ?? 0,
        ...((overrides.contractValue ?? stored?.contractValue)
          ? { contractValue: overrides.contractValue ?? stored?.contractValue }
          : {}),
        ...(stored === undefined ? {} : { inverse: stored.inverse }),
      }),
    );
  }
  return instruments;
}
