import type { ExpressionBuilder } from 'kysely';
import { QuantLabError } from '../../core/errors.js';
import type { Candle } from '../../core/market.js';
import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';
import type { DatabaseSchema } from '../schema.js';
import { upsertCandlesPostgres, upsertCandlesSqlite } from './candles-bulk.js';
import { type CandleColumns, readCandleColumns } from './candles-columns.js';

export type { CandleColumns } from './candles-columns.js';

/** One stored series: what `data list` shows. `from`/`to` are the first and last candle open times. */
export interface CandleSeries {
  exchange: string;
  symbol: string;
  timeframe: string;
  from: number;
  to: number;
  count: number;
}

export interface CandleRepository {
  /**
   * Inserts or updates candles of one series in one transaction (bulk path). Returns how many rows were
   * inserted or changed; candles identical to the stored ones are not rewritten and not counted.
   */
  upsertMany(
    exchange: string,
    symbol: string,
    timeframe: string,
    candles: readonly Candle[],
  ): Promise<number>;
  /** Candles with from ≤ ts ≤ to (both optional, inclusive), ordered by ts. */
  range(exchange: string, symbol: string, timeframe: string, from?: number, to?: number): Promise<Candle[]>;
  /** The same range as parallel Float64Arrays (faster for large ranges). */
  rangeColumns(
    exchange: string,
    symbol: string,
    timeframe: string,
    from?: number,
    to?: number,
  ): Promise<CandleColumns>;
  count(exchange: string, symbol: string, timeframe: string, from?: number, to?: number): Promise<number>;
  /** First and last ts of the series; undefined when it is empty. */
  bounds(
    exchange: string,
    symbol: string,
    timeframe: string,
  ): Promise<{ from: number; to: number } | undefined>;
  listSeries(filter?: { exchange?: string; symbol?: string }): Promise<CandleSeries[]>;
  /**
   * The series' write version (bumped by every upsert that changed rows and every delete that removed
   * some, in the same transaction) and when it last changed; undefined for a series never written.
   */
  seriesVersion(
    exchange: string,
    symbol: string,
    timeframe: string,
  ): Promise<{ version: number; updatedAt: number } | undefined>;
  /** Deletes from ≤ ts ≤ to (both optional); returns the number deleted. */
  deleteRange(
    exchange: string,
    symbol: string,
    timeframe: string,
    from?: number,
    to?: number,
  ): Promise<number>;
}

function validate(candles: readonly Candle[]): void {
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i]!;
    if (
      !Number.isSafeInteger(c.ts) ||
      !Number.isFinite(c.open) ||
      !Number.isFinite(c.high) ||
      !Number.isFinite(c.low) ||
      !Number.isFinite(c.close) ||
      !Number.isFinite(c.volume)
    ) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `candle ${i} (ts ${c.ts}) has a non-finite value or a non-integer ts; nothing was written`,
        { details: { index: i, ts: c.ts } },
      );
    }
  }
}

export function createCandleRepository(ctx: StorageContext): CandleRepository {
  const { db, raw } = ctx;

  /** The rows of one series, optionally within [from, to]; shared by reads and deletes. */
  function inSeries(exchange: string, symbol: string, timeframe: string, from?: number, to?: number) {
    return (eb: ExpressionBuilder<DatabaseSchema, 'candles'>) =>
      eb.and([
        eb('exchange', '=', exchange),
        eb('symbol', '=', symbol),
        eb('timeframe', '=', timeframe),
        ...(from === undefined ? [] : [eb('ts', '>=', from)]),
        ...(to === undefined ? [] : [eb('ts', '<=', to)]),
      ]);
  }

  function series(exchange: string, symbol: string, timeframe: string, from?: number, to?: number) {
    return db.selectFrom('candles').where(inSeries(exchange, symbol, timeframe, from, to));
  }

  return {
    upsertMany(exchange, symbol, timeframe, candles) {
      return guard('candles.upsertMany', async () => {
        if (candles.length === 0) return 0;
        validate(candles);
        const key: [string, string, string] = [exchange, symbol, timeframe];
        return raw.dialect === 'sqlite'
          ? upsertCandlesSqlite(db, raw.sqlite, key, candles)
          : upsertCandlesPostgres(raw.pool, key, candles);
      });
    },

    range(exchange, symbol, timeframe, from, to) {
      return guard('candles.range', () =>
        series(exchange, symbol, timeframe, from, to)
          .select(['ts', 'open', 'high', 'low', 'close', 'volume'])
          .orderBy('ts')
          .execute(),
      );
    },

    rangeColumns(exchange, symbol, timeframe, from, to) {
      return guard('candles.rangeColumns', () =>
        readCandleColumns(ctx, [exchange, symbol, timeframe], from, to),
      );
    },

    count(exchange, symbol, timeframe, from, to) {
      return guard('candles.count', async () => {
        const row = await series(exchange, symbol, timeframe, from, to)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst();
        return Number(row?.n ?? 0);
      });
    },

    bounds(exchange, symbol, timeframe) {
      return guard('candles.bounds', async () => {
        const row = await series(exchange, symbol, timeframe)
          .select((eb) => [
            eb.fn.min<number | null>('ts').as('from'),
            eb.fn.max<number | null>('ts').as('to'),
          ])
          .executeTakeFirst();
        if (row?.from === null || row?.from === undefined || row.to === null) return undefined;
        return { from: Number(row.from), to: Number(row.to) };
      });
    },

    listSeries(filter = {}) {
      return guard('candles.listSeries', async () => {
        let query = db
          .selectFrom('candles')
          .select((eb) => [
            'exchange',
            'symbol',
            'timeframe',
            eb.fn.min<number>('ts').as('from'),
            eb.fn.max<number>('ts').as('to'),
            eb.fn.countAll<number>().as('count'),
          ])
          .groupBy(['exchange', 'symbol', 'timeframe'])
          .orderBy('exchange')
          .orderBy('symbol')
          .orderBy('timeframe');
        if (filter.exchange !== undefined) query = query.where('exchange', '=', filter.exchange);
        if (filter.symbol !== undefined) query = query.where('symbol', '=', filter.symbol);
        const rows = await query.execute();
        return rows.map((r) => ({ ...r, from: Number(r.from), to: Number(r.to), count: Number(r.count) }));
      });
    },

    seriesVersion(exchange, symbol, timeframe) {
      return guard('candles.seriesVersion', async () => {
        const row = await db
          .selectFrom('candle_series')
          .select(['version', 'updated_at'])
          .where('exchange', '=', exchange)
          .where('symbol', '=', symbol)
          .where('timeframe', '=', timeframe)
          .executeTakeFirst();
        return row === undefined
          ? undefined
          : { version: Number(row.version), updatedAt: Number(row.updated_at) };
      });
    },

    deleteRange(exchange, symbol, timeframe, from, to) {
      return guard('candles.deleteRange', () =>
        db.transaction().execute(async (trx) => {
          const result = await trx
            .deleteFrom('candles')
            .where(inSeries(exchange, symbol, timeframe, from, to))
            .executeTakeFirst();
          const deleted = Number(result.numDeletedRows);
          if (deleted > 0) {
            await trx
              .insertInto('candle_series')
              .values({ exchange, symbol, timeframe, version: 1, updated_at: Date.now() })
              .onConflict((oc) =>
                oc.columns(['exchange', 'symbol', 'timeframe']).doUpdateSet((eb) => ({
                  version: eb('candle_series.version', '+', 1),
                  updated_at: eb.ref('excluded.updated_at'),
                })),
              )
              .execute();
          }
          return deleted;
        }),
      );
    },
  };
}
