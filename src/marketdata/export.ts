/**
 * `data export`: a stored series as CSV, `timestamp,open,high,low,close,volume` with the timestamp in epoch
 * milliseconds (the candle's open time) and numbers in JavaScript's shortest round-trip form, so importing
 * the file gives back exactly the same candles. `datetime: true` adds a last column with the ISO 8601 UTC
 * time, for people (the importer ignores it: `timestamp` wins). The file is written to a temporary name
 * and renamed, so a failed export never leaves a half-written file.
 */

import { open, rename, rm } from 'node:fs/promises';
import { QuantLabError } from '../core/errors.js';
import type { Database } from '../storage/index.js';

export interface ExportOptions {
  exchange: string;
  symbol: string;
  timeframe: string;
  from?: number;
  to?: number;
  /** Add an ISO 8601 `datetime` column after `volume`. */
  datetime?: boolean;
}

export interface ExportSummary {
  file: string;
  rows: number;
  from: number;
  to: number;
}

export const EXPORT_HEADER = 'timestamp,open,high,low,close,volume';
const ROWS_PER_WRITE = 4096;

export async function exportCandlesCsv(
  database: Database,
  file: string,
  options: ExportOptions,
): Promise<ExportSummary> {
  const { exchange, symbol, timeframe } = options;
  const c = await database.candles.rangeColumns(exchange, symbol, timeframe, options.from, options.to);
  const n = c.ts.length;
  if (n === 0) {
    throw new QuantLabError(
      'QL_ERR_NOT_FOUND',
      `no candles stored for ${exchange} ${symbol} ${timeframe}${options.from !== undefined || options.to !== undefined ? ' in that range' : ''}; nothing exported (see quantlab data list)`,
      { details: { exchange, symbol, timeframe } },
    );
  }
  const temporary = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    const out = await open(temporary, 'w');
    try {
      await out.write(`${EXPORT_HEADER}${options.datetime ? ',datetime' : ''}\n`);
      for (let start = 0; start < n; start += ROWS_PER_WRITE) {
        let chunk = '';
        for (let i = start; i < Math.min(n, start + ROWS_PER_WRITE); i++) {
          chunk += `${c.ts[i]},${c.open[i]},${c.high[i]},${c.low[i]},${c.close[i]},${c.volume[i]}`;
          chunk += options.datetime ? `,${new Date(c.ts[i]!).toISOString()}\n` : '\n';
        }
        await out.write(chunk);
      }
    } finally {
      await out.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `cannot write ${file}: ${(error as Error).message}`, {
      details: { file },
      cause: error,
    });
  }
  return { file, rows: n, from: c.ts[0]!, to: c.ts[n - 1]! };
}
