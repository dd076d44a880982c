/**
 * Reads real candle files from shared/data for strategy tests (never copied into the repository):
 * CryptoDataDownload exports (URL banner, `unix,date,symbol,open,…`, newest first, seconds or ms) and plain
 * `timestamp,open,high,low,close,volume` CSVs (nautilus). Rows come back oldest first, de-duplicated by
 * time, with unsound rows (validateCandle) dropped, so the host never refuses them.
 */

import { readFileSync } from 'node:fs';
import type { Candle } from '../../src/core/market.js';
import { validateCandle } from '../../src/core/market-validation.js';
import { sharedDataPath } from './shared-data.js';

export interface CandleSlice {
  /** Keep candles with ts ≥ from. */
  from?: number;
  /** Keep candles with ts < to. */
  to?: number;
  /** Then keep only the first N. */
  limit?: number;
}

function parseTime(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  // `2021-12-31 23:01:00.000000` (UTC)
  return Date.parse(`${text.replace(' ', 'T').replace(/(\.\d{3})\d+$/, '$1')}Z`);
}

/** Parses a candle CSV (see above); path relative to shared/data, e.g. `ohlcv/nautilus/…csv`. */
export function loadSharedCandles(relativePath: string, slice: CandleSlice = {}): Candle[] {
  const lines = readFileSync(sharedDataPath(relativePath), 'utf8').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => /open/i.test(l) && /close/i.test(l));
  if (headerAt < 0) throw new Error(`${relativePath}: no header line`);
  const header = lines[headerAt]!.split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const timeCol = col('unix') >= 0 ? col('unix') : col('timestamp') >= 0 ? col('timestamp') : 0;
  const volumeCol = header.findIndex(
    (h) => h === 'volume' || (h.startsWith('volume') && !h.endsWith('usdt')),
  );
  const [o, h, l, c] = [col('open'), col('high'), col('low'), col('close')];
  const byTs = new Map<number, Candle>();
  for (const line of lines.slice(headerAt + 1)) {
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const candle: Candle = {
      ts: parseTime(cells[timeCol]!.trim()),
      open: Number(cells[o]),
      high: Number(cells[h]),
      low: Number(cells[l]),
      close: Number(cells[c]),
      volume: volumeCol >= 0 ? Number(cells[volumeCol]) : 0,
    };
    if (validateCandle(candle).length === 0 && !byTs.has(candle.ts)) byTs.set(candle.ts, candle);
  }
  let candles = [...byTs.values()].sort((a, b) => a.ts - b.ts);
  if (slice.from !== undefined) candles = candles.filter((x) => x.ts >= slice.from!);
  if (slice.to !== undefined) candles = candles.filter((x) => x.ts < slice.to!);
  if (slice.limit !== undefined) candles = candles.slice(0, slice.limit);
  return candles;
}

/** Binance USDⓈ-M BTCUSDT perpetual, 1h, 2020-08-02 .. 2020-12-30 (3,599 candles, no gaps). */
export const BTCUSDT_FUTURES_1H = 'ohlcv/cryptodatadownload-binance/BTCUSDT_Binance_futures_data_hour.csv';
/** Binance USDⓈ-M ETHUSDT perpetual, 1h, same range. */
export const ETHUSDT_FUTURES_1H = 'ohlcv/cryptodatadownload-binance/ETHUSDT_Binance_futures_data_hour.csv';
/** Binance USDⓈ-M BTCUSDT perpetual, 1d, 2019-09-08 .. 2020-12-30. */
export const BTCUSDT_FUTURES_1D = 'ohlcv/cryptodatadownload-binance/BTCUSDT_Binance_futures_data_day.csv';
/** A BTC perpetual, 1m, 2021-12-31 .. 2022-02-01 (45,031 candles; source unverified, see shared/data README). */
export const BTC_PERP_1M = 'ohlcv/nautilus/btc-perp-20211231-20220201_1m.csv';
