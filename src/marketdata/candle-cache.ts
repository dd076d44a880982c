/**
 * The columnar candle cache: one file per stored series holding its six columns as raw little-endian
 * float64 arrays, so that a year of 1m candles (525,600 rows, 25 MB) loads with one read and no parsing.
 *
 * Never stale: every candle write bumps the series' `candle_series.version` in the same transaction
 * (storage/repositories/candles-bulk.ts). A load first reads that version (one indexed row), then uses the
 * file only if its header carries the same version and update time; otherwise it rebuilds the file from
 * the database. The file name hashes the database URL too, so two databases never share a file.
 *
 * File layout: magic `QLCC` (4 bytes), format version (uint32), header length (uint32), JSON header,
 * zero padding to a multiple of 8 bytes, then ts, open, high, low, close, volume (count float64 each).
 */

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lowerBound } from '../core/sorted-search.js';
import type { CandleColumns, Database } from '../storage/index.js';

const MAGIC = 0x4343_4c51; // 'QLCC' read as little-endian uint32
const FORMAT_VERSION = 1;
const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

interface CacheHeader {
  exchange: string;
  symbol: string;
  timeframe: string;
  version: number;
  updatedAt: number;
  count: number;
}

export interface CandleCacheStats {
  hits: number;
  rebuilds: number;
}

export interface CandleCacheOptions {
  /** Directory for the cache files (created on first write). */
  dir: string;
}

/** Where a load came from: the file as it was, or a rebuild from the database. */
export type CacheSource = 'hit' | 'rebuilt' | 'empty';

export class CandleCache {
  private readonly dir: string;
  private readonly stats_: CandleCacheStats = { hits: 0, rebuilds: 0 };

  constructor(
    private readonly database: Database,
    options: CandleCacheOptions,
  ) {
    this.dir = options.dir;
  }

  stats(): CandleCacheStats {
    return { ...this.stats_ };
  }

  /**
   * The series as typed arrays, optionally limited to from ≤ ts ≤ to (views into the cached columns, not
   * copies). Rebuilds the file when the store changed since it was written.
   */
  async load(
    exchange: string,
    symbol: string,
    timeframe: string,
    from?: number,
    to?: number,
  ): Promise<CandleColumns & { source: CacheSource }> {
    // Version first, then data: a write racing with the rebuild can only make the file look older than
    // its content (a needless rebuild later), never newer.
    const current = await this.database.candles.seriesVersion(exchange, symbol, timeframe);
    if (current === undefined) return { ...emptyColumns(), source: 'empty' };
    const path = this.pathFor(exchange, symbol, timeframe);
    let columns = readCacheFile(path, current);
    let source: CacheSource = 'hit';
    if (columns === undefined) {
      columns = await this.database.candles.rangeColumns(exchange, symbol, timeframe);
      writeCacheFile(path, { exchange, symbol, timeframe, ...current, count: columns.ts.length }, columns);
      source = 'rebuilt';
      this.stats_.rebuilds += 1;
    } else {
      this.stats_.hits += 1;
    }
    return { ...sliceColumns(columns, from, to), source };
  }

  /** Removes the cached file of a series (the next load rebuilds it). */
  invalidate(exchange: string, symbol: string, timeframe: string): void {
    rmSync(this.pathFor(exchange, symbol, timeframe), { force: true });
  }

  private pathFor(exchange: string, symbol: string, timeframe: string): string {
    const digest = createHash('sha256')
      .update(JSON.stringify([this.database.url, exchange, symbol, timeframe]))
      .digest('hex')
      .slice(0, 32);
    const label = `${exchange}_${symbol}_${timeframe}`.replace(/[^A-Za-z0-9_-]+/g, '-');
    return join(this.dir, `${label}.${digest}.qlcc`);
  }
}

function emptyColumns(): CandleColumns {
  const empty = () => new Float64Array(0);
  return { ts: empty(), open: empty(), high: empty(), low: empty(), close: empty(), volume: empty() };
}

/** Reads a cache file; undefined when it is missing, damaged, or of another version. */
function readCacheFile(
  path: string,
  current: { version: number; updatedAt: number },
): CandleColumns | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (bytes.length < 12 || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== FORMAT_VERSION) {
    return undefined;
  }
  const headerLength = bytes.readUInt32LE(8);
  let header: CacheHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as CacheHeader;
  } catch {
    return undefined;
  }
  if (header.version !== current.version || header.updatedAt !== current.updatedAt) return undefined;
  const dataStart = align8(12 + headerLength);
  const count = header.count;
  if (bytes.length !== dataStart + COLUMNS.length * count * 8) return undefined;
  // Typed-array views need an 8-byte aligned offset; large reads get their own ArrayBuffer (offset 0).
  const aligned =
    (bytes.byteOffset + dataStart) % 8 === 0
      ? bytes
      : Buffer.from(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const column = (i: number) =>
    new Float64Array(aligned.buffer, aligned.byteOffset + dataStart + i * count * 8, count);
  return {
    ts: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  };
}

/** Writes atomically (temporary file + rename): a reader never sees half a file. */
function writeCacheFile(path: string, header: CacheHeader, columns: CandleColumns): void {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const dataStart = align8(12 + json.length);
  const count = header.count;
  const out = Buffer.alloc(dataStart + COLUMNS.length * count * 8);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(FORMAT_VERSION, 4);
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  const target = new Float64Array(out.buffer, out.byteOffset + dataStart, COLUMNS.length * count);
  for (let i = 0; i < COLUMNS.length; i++) target.set(columns[COLUMNS[i]!], i * count);
  mkdirSync(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, out);
  renameSync(temporary, path);
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function sliceColumns(columns: CandleColumns, from?: number, to?: number): CandleColumns {
  if (from === undefined && to === undefined) return columns;
  const start = from === undefined ? 0 : lowerBound(columns.ts, from);
  const end = to === undefined ? columns.ts.length : lowerBound(columns.ts, to + 1);
  const view = (a: Float64Array) => a.subarray(start, Math.max(start, end));
  return {
    ts: view(columns.ts),
    open: view(columns.open),
    high: view(columns.high),
    low: view(columns.low),
    close: view(columns.close),
    volume: view(columns.volume),
  };
}
