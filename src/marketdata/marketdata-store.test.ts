import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../../test/support/databases.js';
import type { Candle } from '../core/market.js';
import { type Database, openDatabase } from '../storage/index.js';
import { exportCandlesCsv } from './export.js';
import { importCandleFile } from './import/import-file.js';
import { checkSeries, toCheckJson } from './quality/check-series.js';
import { listQuarantine } from './quality/quarantine-store.js';
import { resampleStoredSeries } from './resample-series.js';
import { listCandleSeries } from './series-list.js';

/**
 * The store-level behaviour of import, check, list, resample and export, on SQLite and (when
 * TEST_DATABASE_URL is set) PostgreSQL. Each test uses its own symbol on one migrated database.
 */

const M = 60_000;
const H = 60 * M;
const T = Date.UTC(2024, 0, 1);
let n = 0;
const uid = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

function candles(count: number, start = T, step = M): Candle[] {
  return Array.from({ length: count }, (_, i) => ({
    ts: start + i * step,
    open: 100 + i,
    high: 102 + i,
    low: 99 + i,
    close: 101 + i,
    volume: 1 + i / 4,
  }));
}

function writeCsv(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function defineSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`market data in the store (${name})`, () => {
    let target: TestDatabase;
    let db: Database;
    const dir = mkdtempSync(join(tmpdir(), 'ql-md-'));

    beforeAll(async () => {
      target = await create();
      db = await openDatabase(target.url);
      await db.migrate();
    });
    afterAll(async () => {
      await db?.close();
      await target?.dispose();
    });

    it('imports, quarantines bad rows with file:line, and re-imports as a no-op', async () => {
      const symbol = uid('IMP');
      const file = writeCsv(dir, `${symbol}.csv`, [
        'timestamp,open,high,low,close,volume',
        `${T + 2 * M},3,4,2,3.5,10`,
        `${T + M},2,3,1,2.5,10`,
        `${T},1,2,0.5,1.5,10`,
        `${T + M},2,3,1,2.6,10`, // conflicting duplicate of line 3
        `${T + 5 * M},NULL,3,1,2,10`,
        `${T + 6 * M},5,6,4,5.5,10`,
      ]);
      const key = { exchange: 'synthetic', symbol, timeframe: '1m' as const };
      const first = await importCandleFile(db, file, { ...key, now: 1 });
      expect(first).toMatchObject({
        rowsRead: 6,
        candles: 4,
        written: 4,
        unchanged: 0,
        duplicates: { collapsed: 0, conflicting: 1 },
        quarantined: { total: 2, added: 2, byReason: { 'duplicate-conflict': 1, 'value-null': 1 } },
        from: T,
        to: T + 6 * M,
        gaps: [[T + 3 * M, T + 5 * M]],
        missingCandles: 3,
        order: 'unordered',
        warnings: [],
      });
      expect(await db.candles.range('synthetic', symbol, '1m')).toEqual([
        { ts: T, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
        { ts: T + M, open: 2, high: 3, low: 1, close: 2.5, volume: 10 },
        { ts: T + 2 * M, open: 3, high: 4, low: 2, close: 3.5, volume: 10 },
        { ts: T + 6 * M, open: 5, high: 6, low: 4, close: 5.5, volume: 10 },
      ]);
      const quarantined = await listQuarantine(db, key);
      expect(quarantined.map((q) => [q.ts, q.reason, q.source])).toEqual([
        [T + M, 'duplicate-conflict', `${file}:5`],
        [T + 5 * M, 'value-null', `${file}:6`],
      ]);
      expect(quarantined[1]!.raw).toEqual({
        timestamp: String(T + 5 * M),
        open: 'NULL',
        high: '3',
        low: '1',
        close: '2',
        volume: '10',
      });

      const again = await importCandleFile(db, file, key);
      expect(again).toMatchObject({ written: 0, unchanged: 4, quarantined: { total: 2, added: 0 } });
      expect(await listQuarantine(db, key)).toHaveLength(2);
    });

    it('writes nothing when the file is unreadable or its spacing contradicts the timeframe', async () => {
      const symbol = uid('BAD');
      const hourly = writeCsv(dir, `${symbol}-h.csv`, [
        'ts,open,high,low,close,volume',
        ...candles(5, T, H).map((c) => `${c.ts},1,1,1,1,1`),
      ]);
      await expect(importCandleFile(db, hourly, { exchange: 'x', symbol, timeframe: '1m' })).rejects.toThrow(
        /the candles are 1h apart \(4 of 4 steps\), not 1m; pass --timeframe 1h/,
      );
      const garbage = writeCsv(dir, `${symbol}-g.csv`, ['ts,open,high,low,close,volume', 'a,b,c,d,e,f']);
      await expect(importCandleFile(db, garbage, { exchange: 'x', symbol, timeframe: '1m' })).rejects.toThrow(
        /no row could be read as a candle; first problem: line 2: timestamp "a" \(ts-unparseable\)/,
      );
      expect(await db.candles.count('x', symbol, '1m')).toBe(0);
      expect(await listQuarantine(db, { exchange: 'x', symbol, timeframe: '1m' })).toEqual([]);
      const forced = await importCandleFile(db, hourly, {
        exchange: 'x',
        symbol,
        timeframe: '1m',
        ignoreSpacing: true,
      });
      expect(forced.warnings[0]).toMatch(/imported as 1m because of --ignore-spacing/);
    });

    it('quarantines cells beyond a double or a date instead of failing the write half-way', async () => {
      const symbol = uid('HUGE');
      const file = writeCsv(dir, `${symbol}.csv`, [
        'timestamp,open,high,low,close,volume',
        ...candles(4).map((c) => `${c.ts},${c.open},${c.high},${c.low},${c.close},${c.volume}`),
        `${T + 4 * M},1e999,2,0.5,1.5,10`,
        '1e30,1,2,0.5,1.5,10',
        `${T + 5 * M},1,2,0.5,1.5,1e400`,
      ]);
      const key = { exchange: 'synthetic', symbol, timeframe: '1m' as const };
      // One candle per write: before, the Infinity candle failed its chunk after the others were stored.
      const summary = await importCandleFile(db, file, { ...key, chunkSize: 1 });
      expect(summary).toMatchObject({
        candles: 4,
        written: 4,
        quarantined: { total: 3, added: 3, byReason: { 'value-not-numeric': 2, 'ts-unparseable': 1 } },
      });
      expect((await listQuarantine(db, key)).map((q) => [q.ts, q.reason, q.source])).toEqual([
        [T + 4 * M, 'value-not-numeric', `${file}:6`],
        [null, 'ts-unparseable', `${file}:7`],
        [T + 5 * M, 'value-not-numeric', `${file}:8`],
      ]);
    });

    describe('a write failing part-way', () => {
      const rows = (symbol: string) =>
        writeCsv(dir, `${symbol}.csv`, [
          'timestamp,open,high,low,close,volume',
          ...candles(3).map((c) => `${c.ts},${c.open},${c.high},${c.low},${c.close},${c.volume}`),
          `${T + 3 * M},NULL,2,0.5,1.5,10`,
        ]);

      it('writes no candle when the quarantine cannot be written', async () => {
        const symbol = uid('QFAIL');
        const file = rows(symbol);
        const key = { exchange: 'synthetic', symbol, timeframe: '1m' as const };
        const kysely = db.db;
        const broken: Database = {
          ...db,
          db: new Proxy(kysely, {
            get(target, prop) {
              if (prop === 'transaction')
                return () => {
                  throw new Error('disk full');
                };
              const value = Reflect.get(target, prop, target);
              return typeof value === 'function' ? value.bind(target) : value;
            },
          }),
        };
        await expect(importCandleFile(broken, file, key)).rejects.toThrow(
          /1 rejected row\(s\) could not be written to candle_quarantine; no candle was imported \(.*disk full/,
        );
        expect(await db.candles.count('synthetic', symbol, '1m')).toBe(0);
        expect(await importCandleFile(db, file, key)).toMatchObject({
          written: 3,
          quarantined: { added: 1 },
        });
      });

      it('says how far the candles got, with the quarantine already kept; importing again completes it', async () => {
        const symbol = uid('CFAIL');
        const file = rows(symbol);
        const key = { exchange: 'synthetic', symbol, timeframe: '1m' as const };
        let calls = 0;
        const flaky: Database = {
          ...db,
          candles: {
            ...db.candles,
            upsertMany: (...args) =>
              ++calls === 2 ? Promise.reject(new Error('connection lost')) : db.candles.upsertMany(...args),
          },
        };
        await expect(importCandleFile(flaky, file, { ...key, chunkSize: 2 })).rejects.toThrow(
          'writing stopped after 2 of 3 candles (connection lost); importing again completes it',
        );
        expect(await db.candles.count('synthetic', symbol, '1m')).toBe(2);
        expect(await listQuarantine(db, key)).toHaveLength(1);
        expect(await importCandleFile(db, file, key)).toMatchObject({
          written: 1,
          unchanged: 2,
          quarantined: { added: 0 },
        });
      });
    });

    it('check reports by default and moves bad candles in one transaction with --quarantine', async () => {
      const symbol = uid('CHK');
      const key = { exchange: 'synthetic', symbol, timeframe: '1m' as const };
      const series = candles(80);
      series[10] = { ...series[10]!, high: 50 }; // OHLC violation
      series[40] = { ...series[40]!, close: 500, high: 510 }; // spike
      series.push({ ...candles(81)[80]!, ts: T + 90 * M + 7 }); // misaligned, prices in line
      await db.candles.upsertMany('synthetic', symbol, '1m', series);
      const versionOf = async () =>
        (
          await db.db
            .selectFrom('candle_series')
            .select('version')
            .where('exchange', '=', 'synthetic')
            .where('symbol', '=', symbol)
            .where('timeframe', '=', '1m')
            .executeTakeFirst()
        )?.version;
      if ((await versionOf()) === undefined) {
        await db.db
          .insertInto('candle_series')
          .values({ exchange: 'synthetic', symbol, timeframe: '1m', version: 1, updated_at: 0 })
          .execute();
      }
      const before = Number(await versionOf());

      const report = await checkSeries(db, key, { now: T + 1000 * M });
      expect(toCheckJson(report)).toEqual({
        count: 81,
        duplicates: 0,
        missingCandles: 10,
        gaps: [[T + 80 * M, T + 89 * M]],
        ohlcViolations: 1,
        outliers: 1,
        quarantined: 0,
      });
      expect(await db.candles.count('synthetic', symbol, '1m')).toBe(81);

      const moved = await checkSeries(db, key, { now: T + 1000 * M, quarantine: true });
      expect(moved.quarantined).toBe(2);
      expect(await db.candles.count('synthetic', symbol, '1m')).toBe(79);
      const rows = await listQuarantine(db, key);
      expect(rows.map((r) => [r.ts, r.reason, r.source])).toEqual([
        [T + 10 * M, 'high-below-low,open-outside-range,close-outside-range', 'data check'],
        [T + 90 * M + 7, 'misaligned-ts', 'data check'],
      ]);
      expect(rows[0]!.raw).toEqual(series[10]);
      expect(Number(await versionOf())).toBeGreaterThan(before);

      const outliers = await checkSeries(db, key, {
        now: T + 1000 * M,
        quarantineOutliers: true,
        quarantine: true,
      });
      expect(outliers.quarantined).toBe(1);
      expect((await listQuarantine(db, key)).at(-1)).toMatchObject({ ts: T + 40 * M, reason: 'spike' });
      await expect(checkSeries(db, { ...key, symbol: uid('NONE') })).rejects.toThrow(/no candles stored/);
    });

    it('lists series with missing candles (calendar months too)', async () => {
      const symbol = uid('LST');
      await db.candles.upsertMany(
        'synthetic',
        symbol,
        '1m',
        candles(10).filter((_, i) => i !== 4 && i !== 5),
      );
      await db.candles.upsertMany('synthetic', symbol, '1M', [
        { ...candles(1)[0]!, ts: Date.UTC(2012, 0, 31) },
        { ...candles(1)[0]!, ts: Date.UTC(2012, 3, 30) },
      ]);
      expect(await listCandleSeries(db, { symbol })).toEqual([
        {
          exchange: 'synthetic',
          symbol,
          timeframe: '1M',
          from: Date.UTC(2012, 0, 31),
          to: Date.UTC(2012, 3, 30),
          count: 2,
          missingCandles: 2,
        },
        {
          exchange: 'synthetic',
          symbol,
          timeframe: '1m',
          from: T,
          to: T + 9 * M,
          count: 8,
          missingCandles: 2,
        },
      ]);
    });

    it('resamples a stored series without its partial last bucket, idempotently', async () => {
      const symbol = uid('RES');
      await db.candles.upsertMany('synthetic', symbol, '1m', candles(150));
      const first = await resampleStoredSeries(db, { exchange: 'synthetic', symbol, from: '1m', to: '1h' });
      expect(first).toMatchObject({
        baseCandles: 150,
        candles: 2,
        written: 2,
        partialLast: T + 2 * H,
        incompleteBuckets: 0,
      });
      expect(await db.candles.range('synthetic', symbol, '1h')).toEqual([
        { ts: T, open: 100, high: 161, low: 99, close: 160, volume: 60 + (59 * 60) / 2 / 4 },
        { ts: T + H, open: 160, high: 221, low: 159, close: 220, volume: 60 + ((60 + 119) * 60) / 2 / 4 },
      ]);
      const again = await resampleStoredSeries(db, { exchange: 'synthetic', symbol, from: '1m', to: '1h' });
      expect(again).toMatchObject({ written: 0, unchanged: 2 });
      // A range starting inside an hour is widened to the whole hour.
      const ranged = await resampleStoredSeries(db, {
        exchange: 'synthetic',
        symbol,
        from: '1m',
        to: '1h',
        since: T + H + 30 * M,
        until: T + H + 31 * M,
      });
      expect(ranged).toMatchObject({
        baseCandles: 60,
        candles: 1,
        first: T + H,
        written: 0,
        partialLast: null,
      });
    });

    it('exports a CSV that imports back to the same candles', async () => {
      const symbol = uid('EXP');
      const original = candles(50).map((c, i) => ({
        ...c,
        open: c.open + 1 / 3,
        volume: i === 7 ? 1e-9 : c.volume,
      }));
      await db.candles.upsertMany('synthetic', symbol, '1m', original);
      const out = join(dir, `${symbol}.csv`);
      const summary = await exportCandlesCsv(db, out, {
        exchange: 'synthetic',
        symbol,
        timeframe: '1m',
        datetime: true,
      });
      expect(summary).toEqual({ file: out, rows: 50, from: T, to: T + 49 * M });
      const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe('timestamp,open,high,low,close,volume,datetime');
      expect(lines[1]).toBe(`${T},100.33333333333333,102,99,101,1,2024-01-01T00:00:00.000Z`);
      const back = await importCandleFile(db, out, { exchange: 'roundtrip', symbol, timeframe: '1m' });
      expect(back).toMatchObject({ candles: 50, written: 50, quarantined: { total: 0 } });
      expect(await db.candles.range('roundtrip', symbol, '1m')).toEqual(original);
      await expect(
        exportCandlesCsv(db, join(dir, 'none.csv'), { exchange: 'nope', symbol, timeframe: '1m' }),
      ).rejects.toThrow(/nothing exported/);
    });
  });
}

defineSuite('sqlite', async () => createSqliteTestDatabase());

if (TEST_DATABASE_URL === undefined) {
  console.warn('market data store suite: TEST_DATABASE_URL unset — PostgreSQL run skipped');
}
describe.skipIf(TEST_DATABASE_URL === undefined)('postgresql', () => {
  defineSuite('postgresql', () => createPostgresTestDatabase(TEST_DATABASE_URL ?? ''));
});
