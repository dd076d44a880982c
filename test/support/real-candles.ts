/**
 * Real 1-minute candle values (shared/data/ohlcv/nautilus/btc-perp-20211231-20220201_1m.csv, a BTC
 * perpetual) re-timestamped onto a test's own clock, as the strings an exchange would send.
 */

import { readFileSync } from 'node:fs';
import { sharedDataPath } from './shared-data.js';

export interface RealCandle {
  ts: number;
  /** open, high, low, close, volume as the CSV spells them. */
  values: [string, string, string, string, string];
}

let cache: string[][] | undefined;

/** `count` consecutive real 1m candles, the first opening at `startTs`, one minute apart. */
export function realMinuteCandles(count: number, startTs: number): RealCandle[] {
  cache ??= readFileSync(sharedDataPath('ohlcv', 'nautilus', 'btc-perp-20211231-20220201_1m.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1, 2_001)
    .map((line) => line.split(',').slice(1));
  if (count > cache.length) throw new Error(`only ${cache.length} real candles are loaded`);
  return cache.slice(0, count).map((row, i) => ({
    ts: startTs + i * 60_000,
    values: [row[0]!, row[1]!, row[2]!, row[3]!, row[4]!],
  }));
}
