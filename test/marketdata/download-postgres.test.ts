import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadHistory } from '../../src/marketdata/download/index.js';
import { closeExchange, type Exchange } from '../../src/marketdata/exchanges.js';
import { createPostgresTestDatabase, TEST_DATABASE_URL } from '../support/databases.js';
import { type OkxRestServer, okxBusy, startOkxRestServer } from '../support/okx-rest-server.js';
import { describeWithSharedData } from '../support/shared-data.js';
import {
  expectedCandles,
  FAST_RETRY,
  HOUR,
  localExchange,
  type OpenedDatabase,
  openTestDatabase,
} from './download-harness.js';

if (!TEST_DATABASE_URL) console.warn('download on PostgreSQL: TEST_DATABASE_URL unset — skipped');

const T0 = Date.UTC(2024, 0, 1);

describeWithSharedData('data download into PostgreSQL', () => {
  describe.skipIf(!TEST_DATABASE_URL)('postgresql', () => {
    let server: OkxRestServer;
    let opened: OpenedDatabase;
    let exchange: Exchange;

    beforeAll(async () => {
      opened = await openTestDatabase(await createPostgresTestDatabase(TEST_DATABASE_URL!));
      server = await startOkxRestServer({ history: { 'BTC-USDT': { broken: [T0 + 7 * HOUR] } } });
      exchange = await localExchange('okx', server.url);
    });
    afterAll(async () => {
      await closeExchange(exchange);
      await server?.close();
      await opened?.close();
    });

    it('stores pages and cursors, resumes after a failure, quarantines, and re-downloads as a no-op', async () => {
      const { database } = opened;
      const request = {
        database,
        exchange,
        symbol: 'BTC/USDT',
        timeframe: '1h' as const,
        from: T0,
        retry: FAST_RETRY,
      };
      const to = T0 + 349 * HOUR;
      server.inject({ path: /history-candles$/, skip: 2, times: Number.POSITIVE_INFINITY, fault: okxBusy });
      await expect(downloadHistory({ ...request, to })).rejects.toMatchObject({
        code: 'QL_ERR_VENUE_UNAVAILABLE',
      });
      expect(await database.candles.count('okx', 'BTC/USDT', '1h')).toBe(199);

      server.clearFaults();
      const resumed = await downloadHistory({ ...request, to });
      expect(resumed).toMatchObject({ resumedFrom: T0 + 200 * HOUR, written: 150, complete: true });
      const stored = await database.candles.range('okx', 'BTC/USDT', '1h');
      expect(stored).toEqual(expectedCandles('BTC-USDT', '1h', T0, to).filter((c) => c.ts !== T0 + 7 * HOUR));

      const again = await downloadHistory({ ...request, to, restart: true });
      expect(again).toMatchObject({ written: 0, unchanged: 349, quarantined: 1 });
      const quarantined = await database.db
        .selectFrom('candle_quarantine')
        .select(['ts', 'reason'])
        .execute();
      expect(quarantined.map((q) => Number(q.ts))).toEqual([T0 + 7 * HOUR]);

      const funding = await downloadHistory({
        ...request,
        symbol: 'BTC/USDT:USDT',
        kind: 'funding',
        to: T0 + 30 * 24 * HOUR,
      });
      expect(funding).toMatchObject({ written: 91, complete: true });
      expect(database.dialect).toBe('postgres');
    });
  });
});
