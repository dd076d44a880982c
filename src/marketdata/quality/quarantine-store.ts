/**
 * `candle_quarantine`: rows that failed a check, kept with the reason, the raw row and where it came from,
 * so nothing bad is stored as a candle and nothing is lost. Imports add the rows they could not read;
 * `data check --quarantine` moves stored candles here (delete + insert in one transaction).
 */

import type { Candle } from '../../core/market.js';
import { toQueryError } from '../../storage/errors.js';
import type { Database } from '../../storage/index.js';

export interface SeriesKey {
  exchange: string;
  symbol: string;
  timeframe: string;
}

export interface QuarantineEntry {
  /** Null when the timestamp itself could not be read. */
  ts: number | null;
  reason: string;
  /** The row as it arrived (stored as JSON). */
  raw: unknown;
  /** `FILE:LINE`, `FILE#RECORD`, `data check`, … */
  source: string;
}

export interface QuarantineRecord extends QuarantineEntry {
  id: number;
  detectedAt: number;
}

/** Rows per statement: 8 parameters each stays far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Driver errors become QuantLabErrors (QL_ERR_DB_NOT_MIGRATED, QL_ERR_DB_QUERY), as in the repositories. */
async function guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toQueryError(error, what);
  }
}

const entryKey = (source: string, reason: string, ts: number | null) => `${source}\u0000${reason}\u0000${ts}`;

function toRow(key: SeriesKey, entry: QuarantineEntry, now: number) {
  return {
    exchange: key.exchange,
    symbol: key.symbol,
    timeframe: key.timeframe,
    ts: entry.ts,
    reason: entry.reason,
    raw: JSON.stringify(entry.raw ?? null),
    source: entry.source,
    detected_at: now,
  };
}

/**
 * Adds entries to the quarantine, skipping those already there (same series, source, reason and ts), so
 * importing a file twice quarantines its bad rows once. Returns how many were added.
 */
export async function addToQuarantine(
  database: Database,
  key: SeriesKey,
  entries: readonly QuarantineEntry[],
  now = Date.now(),
): Promise<number> {
  if (entries.length === 0) return 0;
  return guarded('candle_quarantine.add', () => insertFresh(database, key, entries, now));
}

async function insertFresh(
  database: Database,
  key: SeriesKey,
  entries: readonly QuarantineEntry[],
  now: number,
): Promise<number> {
  const existing = await database.db
    .selectFrom('candle_quarantine')
    .select(['source', 'reason', 'ts'])
    .where('exchange', '=', key.exchange)
    .where('symbol', '=', key.symbol)
    .where('timeframe', '=', key.timeframe)
    .execute();
  const seen = new Set(
    existing.map((r) => entryKey(r.source, r.reason, r.ts === null ? null : Number(r.ts))),
  );
  const fresh = entries.filter((e) => {
    const k = entryKey(e.source, e.reason, e.ts);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (fresh.length === 0) return 0;
  await database.db.transaction().execute(async (trx) => {
    for (const part of chunks(fresh)) {
      await trx
        .insertInto('candle_quarantine')
        .values(part.map((e) => toRow(key, e, now)))
        .execute();
    }
  });
  return fresh.length;
}

export interface CandleToQuarantine {
  candle: Candle;
  reason: string;
}

/**
 * Moves stored candles to the quarantine in one transaction: inserted there, deleted from `candles`, and
 * the series version bumped (the columnar cache must not serve them). Returns how many were moved.
 */
export async function moveToQuarantine(
  database: Database,
  key: SeriesKey,
  items: readonly CandleToQuarantine[],
  source: string,
  now = Date.now(),
): Promise<number> {
  if (items.length === 0) return 0;
  return guarded('candle_quarantine.move', () => moveInTransaction(database, key, items, source, now));
}

function moveInTransaction(
  database: Database,
  key: SeriesKey,
  items: readonly CandleToQuarantine[],
  source: string,
  now: number,
): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    let moved = 0;
    for (const part of chunks(items)) {
      await trx
        .insertInto('candle_quarantine')
        .values(
          part.map((i) => toRow(key, { ts: i.candle.ts, reason: i.reason, raw: i.candle, source }, now)),
        )
        .execute();
      const deleted = await trx
        .deleteFrom('candles')
        .where('exchange', '=', key.exchange)
        .where('symbol', '=', key.symbol)
        .where('timeframe', '=', key.timeframe)
        .where(
          'ts',
          'in',
          part.map((i) => i.candle.ts),
        )
        .executeTakeFirst();
      moved += Number(deleted.numDeletedRows);
    }
    await trx
      .updateTable('candle_series')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
      .where('exchange', '=', key.exchange)
      .where('symbol', '=', key.symbol)
      .where('timeframe', '=', key.timeframe)
      .execute();
    return moved;
  });
}

/** The quarantined rows of a series, oldest first. */
export async function listQuarantine(database: Database, key: SeriesKey): Promise<QuarantineRecord[]> {
  const rows = await guarded('candle_quarantine.list', () =>
    database.db
      .selectFrom('candle_quarantine')
      .selectAll()
      .where('exchange', '=', key.exchange)
      .where('symbol', '=', key.symbol)
      .where('timeframe', '=', key.timeframe)
      .orderBy('id')
      .execute(),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    ts: r.ts === null ? null : Number(r.ts),
    reason: r.reason,
    raw: JSON.parse(r.raw) as unknown,
    source: r.source,
    detectedAt: Number(r.detected_at),
  }));
}
