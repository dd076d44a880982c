import type { Kysely, Selectable } from 'kysely';
import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';
import type { DatabaseSchema, DownloadCursorsTable } from '../schema.js';

/**
 * Where a history download stopped. One row per requested range (`rangeFrom` is part of the key), so
 * running the same `data download` again continues at `nextTs` instead of fetching from the start.
 */

/** What a cursor is stored under: the series, what was downloaded, and where the requested range began. */
export interface DownloadCursorKey {
  exchange: string;
  symbol: string;
  /** The candle timeframe; '' for series without one (funding rates). */
  timeframe: string;
  /** `candles`, `mark` or `funding`. */
  kind: string;
  rangeFrom: number;
}

export interface DownloadCursorRecord extends DownloadCursorKey {
  /** The requested end (inclusive); a later run may move it forward. */
  rangeTo: number;
  /** The first timestamp not fetched yet; `rangeTo + 1` once the range is complete. */
  nextTs: number;
  updatedAt: number;
}

export interface DownloadCursorRepository {
  get(key: DownloadCursorKey): Promise<DownloadCursorRecord | undefined>;
  /** Cursors of one series (optionally of one kind), oldest range first. */
  list(filter: {
    exchange: string;
    symbol: string;
    timeframe?: string;
    kind?: string;
  }): Promise<DownloadCursorRecord[]>;
  /**
   * Inserts or replaces the cursor. `executor` lets a caller write it inside its own transaction, together
   * with the rows the cursor vouches for.
   */
  upsert(cursor: DownloadCursorRecord, executor?: Kysely<DatabaseSchema>): Promise<void>;
  /** Returns whether a cursor was deleted. */
  remove(key: DownloadCursorKey): Promise<boolean>;
}

function toRecord(r: Selectable<DownloadCursorsTable>): DownloadCursorRecord {
  return {
    exchange: r.exchange,
    symbol: r.symbol,
    timeframe: r.timeframe,
    kind: r.kind,
    rangeFrom: Number(r.range_from),
    rangeTo: Number(r.range_to),
    nextTs: Number(r.next_ts),
    updatedAt: Number(r.updated_at),
  };
}

export function createDownloadCursorRepository({ db }: StorageContext): DownloadCursorRepository {
  function byKey(key: DownloadCursorKey) {
    return db
      .selectFrom('download_cursors')
      .where('exchange', '=', key.exchange)
      .where('symbol', '=', key.symbol)
      .where('timeframe', '=', key.timeframe)
      .where('kind', '=', key.kind)
      .where('range_from', '=', key.rangeFrom);
  }

  return {
    get(key) {
      return guard('download_cursors.get', async () => {
        const row = await byKey(key).selectAll().executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    list(filter) {
      return guard('download_cursors.list', async () => {
        let query = db
          .selectFrom('download_cursors')
          .selectAll()
          .where('exchange', '=', filter.exchange)
          .where('symbol', '=', filter.symbol)
          .orderBy('range_from');
        if (filter.timeframe !== undefined) query = query.where('timeframe', '=', filter.timeframe);
        if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
        return (await query.execute()).map(toRecord);
      });
    },

    upsert(cursor, executor = db) {
      return guard('download_cursors.upsert', async () => {
        const changes = { range_to: cursor.rangeTo, next_ts: cursor.nextTs, updated_at: cursor.updatedAt };
        await executor
          .insertInto('download_cursors')
          .values({
            exchange: cursor.exchange,
            symbol: cursor.symbol,
            timeframe: cursor.timeframe,
            kind: cursor.kind,
            range_from: cursor.rangeFrom,
            ...changes,
          })
          .onConflict((oc) =>
            oc.columns(['exchange', 'symbol', 'timeframe', 'kind', 'range_from']).doUpdateSet(changes),
          )
          .execute();
      });
    },

    remove(key) {
      return guard('download_cursors.remove', async () => {
        const result = await db
          .deleteFrom('download_cursors')
          .where('exchange', '=', key.exchange)
          .where('symbol', '=', key.symbol)
          .where('timeframe', '=', key.timeframe)
          .where('kind', '=', key.kind)
          .where('range_from', '=', key.rangeFrom)
          .executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}
