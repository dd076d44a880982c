import { describe, expect, it } from 'vitest';
import type { Candle } from '../../core/market.js';
import type { InstrumentRecord } from '../repositories/instruments.js';
import { type GetDatabase, MINUTE, makeCandles, T0, uid } from './fixtures.js';

const BULK_ROWS = 120_000;

export function defineMarketTests(get: GetDatabase): void {
  describe('candles', () => {
    it('upserts, ranges (inclusive, ordered), counts, bounds and lists series', async () => {
      const db = get();
      const symbol = uid('SYM');
      const candles = makeCandles(100);
      expect(await db.candles.upsertMany('okx', symbol, '1m', candles)).toBe(100);
      expect(await db.candles.range('okx', symbol, '1m')).toEqual(candles);
      const slice = await db.candles.range('okx', symbol, '1m', T0 + 10 * MINUTE, T0 + 19 * MINUTE);
      expect(slice).toEqual(candles.slice(10, 20));
      const columns = await db.candles.rangeColumns('okx', symbol, '1m', T0 + 10 * MINUTE, T0 + 19 * MINUTE);
      expect(Array.from(columns.ts)).toEqual(slice.map((c) => c.ts));
      expect(Array.from(columns.volume)).toEqual(slice.map((c) => c.volume));
      expect((await db.candles.rangeColumns('okx', symbol, '5m')).ts).toHaveLength(0);
      expect(await db.candles.count('okx', symbol, '1m')).toBe(100);
      expect(await db.candles.count('okx', symbol, '1m', T0 + 90 * MINUTE)).toBe(10);
      expect(await db.candles.bounds('okx', symbol, '1m')).toEqual({ from: T0, to: T0 + 99 * MINUTE });
      expect(await db.candles.bounds('okx', symbol, '5m')).toBeUndefined();
      expect(await db.candles.range('okx', symbol, '5m')).toEqual([]);
      await db.candles.upsertMany('okx', symbol, '1h', makeCandles(3));
      expect(await db.candles.listSeries({ symbol })).toEqual([
        { exchange: 'okx', symbol, timeframe: '1h', from: T0, to: T0 + 2 * MINUTE, count: 3 },
        { exchange: 'okx', symbol, timeframe: '1m', from: T0, to: T0 + 99 * MINUTE, count: 100 },
      ]);
    });

    it('re-upserting the same range changes nothing; an overlapping upsert updates values', async () => {
      const db = get();
      const symbol = uid('SYM');
      const first = makeCandles(50);
      await db.candles.upsertMany('okx', symbol, '1m', first);
      expect(await db.candles.upsertMany('okx', symbol, '1m', first)).toBe(0);
      expect(await db.candles.range('okx', symbol, '1m')).toEqual(first);

      // 25..74 with new values: 25 changed + 25 new.
      const overlap = makeCandles(50, T0 + 25 * MINUTE, 0.5);
      expect(await db.candles.upsertMany('okx', symbol, '1m', overlap)).toBe(50);
      const stored = await db.candles.range('okx', symbol, '1m');
      expect(stored).toHaveLength(75);
      expect(stored.slice(0, 25)).toEqual(first.slice(0, 25));
      expect(stored.slice(25)).toEqual(overlap);
    });

    it('keeps the last of duplicate timestamps in one batch, in any order (small and COPY paths)', async () => {
      const db = get();
      for (const n of [10, 3_000]) {
        const symbol = uid('SYM');
        const base = makeCandles(n);
        const again = makeCandles(n, T0, 1);
        const batch: Candle[] = [...base, ...again].reverse();
        // reversed: `base` comes last, so it must win
        await db.candles.upsertMany('okx', symbol, '1m', batch);
        expect(await db.candles.range('okx', symbol, '1m')).toEqual(base);
      }
    });

    it('the candle key is unique (exchange, symbol, timeframe, ts)', async () => {
      const db = get();
      const symbol = uid('SYM');
      const row = {
        exchange: 'okx',
        symbol,
        timeframe: '1m',
        ts: T0,
        open: 1,
        high: 2,
        low: 0.5,
        close: 1.5,
        volume: 3,
      };
      await db.db.insertInto('candles').values(row).execute();
      await expect(db.db.insertInto('candles').values(row).execute()).rejects.toThrow();
      await db.db
        .insertInto('candles')
        .values({ ...row, timeframe: '5m' })
        .execute();
    });

    it('rejects a non-finite candle and writes nothing', async () => {
      const db = get();
      const symbol = uid('SYM');
      const candles = makeCandles(10);
      candles[7] = { ...candles[7]!, close: Number.NaN };
      await expect(db.candles.upsertMany('okx', symbol, '1m', candles)).rejects.toMatchObject({
        code: 'QL_ERR_INVALID_INPUT',
      });
      expect(await db.candles.count('okx', symbol, '1m')).toBe(0);
    });

    it(`bulk path: ${BULK_ROWS.toLocaleString('en')} candles in one upsert`, async () => {
      const db = get();
      const symbol = uid('BULK');
      const candles = makeCandles(BULK_ROWS);
      let started = performance.now();
      expect(await db.candles.upsertMany('binanceusdm', symbol, '1m', candles)).toBe(BULK_ROWS);
      const ms = performance.now() - started;
      started = performance.now();
      expect(await db.candles.upsertMany('binanceusdm', symbol, '1m', candles)).toBe(0);
      const againMs = performance.now() - started;
      started = performance.now();
      const stored = await db.candles.range('binanceusdm', symbol, '1m');
      const readMs = performance.now() - started;
      console.info(
        `storage suite (${db.dialect}): upsert ${BULK_ROWS} candles ${ms.toFixed(0)} ms ` +
          `(${Math.round(BULK_ROWS / (ms / 1000))} rows/s), identical re-upsert ${againMs.toFixed(0)} ms, range ${readMs.toFixed(0)} ms`,
      );
      expect(stored).toHaveLength(BULK_ROWS);
      expect(stored[0]).toEqual(candles[0]);
      expect(stored[BULK_ROWS - 1]).toEqual(candles[BULK_ROWS - 1]);
      expect(stored[54_321]).toEqual(candles[54_321]);
      started = performance.now();
      const columns = await db.candles.rangeColumns('binanceusdm', symbol, '1m');
      const columnsMs = performance.now() - started;
      console.info(
        `storage suite (${db.dialect}): rangeColumns ${BULK_ROWS} candles ${columnsMs.toFixed(0)} ms`,
      );
      expect(columns.ts).toHaveLength(BULK_ROWS);
      expect(columns.close[54_321]).toBe(candles[54_321]!.close);
      expect(columns.ts[BULK_ROWS - 1]).toBe(candles[BULK_ROWS - 1]!.ts);
      expect(await db.candles.bounds('binanceusdm', symbol, '1m')).toEqual({
        from: T0,
        to: T0 + (BULK_ROWS - 1) * MINUTE,
      });
    });

    it('deletes a range', async () => {
      const db = get();
      const symbol = uid('SYM');
      await db.candles.upsertMany('okx', symbol, '1m', makeCandles(20));
      expect(await db.candles.deleteRange('okx', symbol, '1m', T0 + 5 * MINUTE, T0 + 9 * MINUTE)).toBe(5);
      expect(await db.candles.count('okx', symbol, '1m')).toBe(15);
    });
    it('bulk-writes free-form labels with backslashes and tabs intact (COPY text escaping)', async () => {
      const db = get();
      const symbol = `${uid('ODD')}\\x\ty`;
      const candles = makeCandles(2_500);
      expect(await db.candles.upsertMany('lab\\el', symbol, '1m', candles)).toBe(2_500);
      expect(await db.candles.count('lab\\el', symbol, '1m')).toBe(2_500);
      // The same range again goes through the conflict path and changes nothing.
      expect(await db.candles.upsertMany('lab\\el', symbol, '1m', candles)).toBe(0);
    });

    it('bumps the series version on every write that changes rows, and only then (both paths)', async () => {
      const db = get();
      const symbol = uid('VER');
      expect(await db.candles.seriesVersion('okx', symbol, '1m')).toBeUndefined();
      const candles = makeCandles(3_000);
      await db.candles.upsertMany('okx', symbol, '1m', candles.slice(0, 10));
      const first = await db.candles.seriesVersion('okx', symbol, '1m');
      expect(first?.version).toBe(1);
      await db.candles.upsertMany('okx', symbol, '1m', candles.slice(0, 10));
      expect(await db.candles.seriesVersion('okx', symbol, '1m')).toEqual(first);
      await db.candles.upsertMany('okx', symbol, '1m', candles); // COPY path on PostgreSQL
      expect((await db.candles.seriesVersion('okx', symbol, '1m'))?.version).toBe(2);
      expect(await db.candles.deleteRange('okx', symbol, '1m', T0 + 5_000 * MINUTE)).toBe(0);
      expect((await db.candles.seriesVersion('okx', symbol, '1m'))?.version).toBe(2);
      expect(await db.candles.deleteRange('okx', symbol, '1m', T0, T0)).toBe(1);
      expect((await db.candles.seriesVersion('okx', symbol, '1m'))?.version).toBe(3);
      expect(await db.candles.seriesVersion('okx', symbol, '5m')).toBeUndefined();
    });
  });

  describe('instruments', () => {
    it('upserts, gets and lists with booleans and raw JSON intact', async () => {
      const db = get();
      const exchange = uid('ex');
      const swap: InstrumentRecord = {
        exchange,
        symbol: 'BTC/USD:BTC',
        kind: 'swap',
        base: 'BTC',
        quote: 'USD',
        settle: 'BTC',
        tickSize: 0.1,
        lotSize: 1,
        minSize: 1,
        contractValue: 100,
        inverse: true,
        active: true,
        raw: { instId: 'BTC-USD-SWAP', ctVal: '100', nested: [1, 'two', null] },
        updatedAt: T0,
      };
      const spot: InstrumentRecord = {
        ...swap,
        symbol: 'BTC/USDT',
        kind: 'spot',
        quote: 'USDT',
        settle: null,
        contractValue: 1,
        inverse: false,
        active: false,
        raw: null,
      };
      expect(await db.instruments.upsertMany([swap, spot])).toBe(2);
      expect(await db.instruments.get(exchange, 'BTC/USD:BTC')).toEqual(swap);
      expect(await db.instruments.get(exchange, 'BTC/USDT')).toEqual(spot);
      expect(await db.instruments.get(exchange, 'nope')).toBeUndefined();
      await db.instruments.upsertMany([{ ...swap, tickSize: 0.5, updatedAt: T0 + 1 }]);
      expect((await db.instruments.get(exchange, 'BTC/USD:BTC'))?.tickSize).toBe(0.5);
      expect(await db.instruments.list({ exchange })).toHaveLength(2);
      expect((await db.instruments.list({ exchange, activeOnly: true })).map((i) => i.symbol)).toEqual([
        'BTC/USD:BTC',
      ]);
      expect((await db.instruments.list({ exchange, kind: 'spot' })).map((i) => i.symbol)).toEqual([
        'BTC/USDT',
      ]);
    });
  });

  describe('funding rates', () => {
    it('upserts by (exchange, symbol, ts), ranges and returns the latest', async () => {
      const db = get();
      const symbol = uid('SYM');
      const hours8 = 8 * 60 * MINUTE;
      const rates = [0, 1, 2].map((i) => ({
        ts: T0 + i * hours8,
        rate: 0.0001 * (i + 1),
        markPrice: i === 1 ? null : 42_000,
      }));
      expect(await db.fundingRates.upsertMany('okx', symbol, rates)).toBe(3);
      await db.fundingRates.upsertMany('okx', symbol, [{ ts: T0, rate: -0.0002, markPrice: 41_000 }]);
      const stored = await db.fundingRates.range('okx', symbol);
      expect(stored).toEqual([{ ts: T0, rate: -0.0002, markPrice: 41_000 }, rates[1], rates[2]]);
      expect(await db.fundingRates.range('okx', symbol, T0 + 1, T0 + hours8)).toEqual([rates[1]]);
      expect(await db.fundingRates.latest('okx', symbol)).toEqual(rates[2]);
      expect(await db.fundingRates.latest('okx', 'none')).toBeUndefined();
    });
  });
}
