/** Public market data: the replayed candles as OKX serves them, read through ccxt's REST calls. */

import type { Exchange } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeExchange } from '../../marketdata/exchanges.js';
import { resolveInstrument } from './instruments.js';
import { bookChecksum, MarketData } from './market-data.js';
import type { OkxSimulator } from './simulator.js';
import { candle, ccxtFor, startSimulator } from './test-kit.js';

describe('MarketData', () => {
  it('aggregates replayed 1m candles into 5m bars, newest first, with confirm on finished bars', () => {
    let now = Date.UTC(2025, 0, 1, 0, 0, 0);
    const data = new MarketData(60_000, () => now);
    const inst = resolveInstrument('BTC-USDT');
    for (let i = 0; i < 7; i++) {
      data.record(inst, candle(100 + i, 110 + i, 90 + i, 101 + i, 1));
      now += 60_000;
    }
    const rows = data.candles(inst, { bar: '5m', limit: 10 });
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[8]])).toEqual([
      [String(Date.UTC(2025, 0, 1, 0, 5)), '105', '116', '95', '107', '2', '0'],
      [String(Date.UTC(2025, 0, 1, 0, 0)), '100', '114', '90', '105', '5', '1'],
    ]);
    const page = data.candles(inst, { bar: '1m', limit: 2, after: Date.UTC(2025, 0, 1, 0, 4) });
    expect(page.map((r) => r[0])).toEqual(
      [Date.UTC(2025, 0, 1, 0, 3), Date.UTC(2025, 0, 1, 0, 2)].map(String),
    );
  });

  it('computes OKX book checksums: signed CRC32 of "bid:size:ask:size:…" over 25 levels', () => {
    // A bitwise CRC-32 (IEEE), independent of node:zlib.
    const crc = (text: string) => {
      let c = 0xffffffff;
      for (const byte of Buffer.from(text)) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
      }
      return (c ^ 0xffffffff) | 0;
    };
    const bids = [
      ['3366.1', '7', '0', '3'],
      ['3366', '6', '3', '4'],
    ];
    const asks = [['3366.8', '9', '10', '3']];
    expect(bookChecksum(bids, asks)).toBe(crc('3366.1:7:3366.8:9:3366:6'));
    const deep = Array.from({ length: 30 }, (_, i) => [String(100 - i), '1', '0', '1']);
    expect(bookChecksum(deep, [])).toBe(
      crc(
        deep
          .slice(0, 25)
          .map((l) => `${l[0]}:1`)
          .join(':'),
      ),
    );
  });
});

describe('ccxt public REST calls against the simulator', () => {
  let sim: OkxSimulator;
  let okx: Exchange;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7 });
    okx = await ccxtFor(sim);
    await okx.loadMarkets();
    sim.advance(12);
  });
  afterAll(async () => {
    await closeExchange(okx);
    await sim.close();
  });

  it('fetchOHLCV returns the replayed candles, and the ticker their last close', async () => {
    const bars = await okx.fetchOHLCV('BTC/USDT:USDT', '1m');
    expect(bars).toHaveLength(12);
    const ticker = await okx.fetchTicker('BTC/USDT:USDT');
    expect(ticker.last).toBe(bars.at(-1)![4]);
    for (let i = 1; i < bars.length; i++) expect(bars[i]![1]).toBe(bars[i - 1]![4]);
    const spot = await okx.fetchOHLCV('BTC/USDT', '1m');
    // Spot and swap of the same base follow the same seeded walk.
    expect(spot.map((b) => b[4])).toEqual(bars.map((b) => b[4]));
    const history = await okx.fetchOHLCV('BTC/USDT:USDT', '1m', bars[3]![0], 4);
    expect(history.map((b) => b[0])).toEqual(bars.slice(3, 7).map((b) => b[0]));
  });

  it('answers a wrong HTTP method with 405 / 50115 and an unknown path with 404', async () => {
    const post = await fetch(`${sim.restUrl}/api/v5/public/time`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(await post.json()).toMatchObject({ code: '50115' });
    expect((await fetch(`${sim.restUrl}/api/v5/public/nothing`)).status).toBe(404);
  });

  it('fetchOrderBook, fetchTickers, fetchMarkPrice, fetchFundingRate and fetchTime', async () => {
    const last = (await okx.fetchTicker('BTC/USDT:USDT')).last!;
    const book = await okx.fetchOrderBook('BTC/USDT:USDT', 5);
    expect(book.bids).toHaveLength(5);
    expect(book.asks[0]![0]).toBeCloseTo(last + 0.1, 6);
    const tickers = await okx.fetchTickers(['BTC/USDT:USDT']);
    expect(tickers['BTC/USDT:USDT']!.last).toBe(last);
    expect((await okx.fetchMarkPrice('BTC/USDT:USDT')).markPrice).toBe(last);
    const funding = await okx.fetchFundingRate('BTC/USDT:USDT');
    expect(funding.fundingRate).toBe(0.0001);
    expect(funding.fundingTimestamp! % (8 * 3_600_000)).toBe(0);
    expect(Math.abs((await okx.fetchTime())! - Date.now())).toBeLessThan(1_000);
  });
});
