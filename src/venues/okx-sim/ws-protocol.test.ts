/** The WebSocket protocol: control frames and error codes as OKX sends them, and ccxt.pro's public watches. */

import type { Exchange } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeExchange } from '../../marketdata/exchanges.js';
import type { OkxSimulator } from './simulator.js';
import {
  CREDS,
  candle,
  ccxtFor,
  flat,
  loginFrame,
  openWs,
  privateWs,
  signedFetch,
  startSimulator,
} from './test-kit.js';

type Row = Record<string, unknown>;
const SWAP = 'BTC-USDT-SWAP';
const event = (name: string) => (f: Row | string) => typeof f === 'object' && f.event === name;

describe('WebSocket control frames', () => {
  let sim: OkxSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it('answers ping, acks subscribe/unsubscribe with the arg and a connId', async () => {
    const client = await openWs(sim, 'public');
    client.send('ping');
    expect(await client.next((f) => f === 'pong')).toBe('pong');
    client.send({ op: 'subscribe', args: [{ channel: 'tickers', instId: SWAP }] });
    const ack = (await client.next(event('subscribe'))) as Row;
    expect(ack).toEqual({
      event: 'subscribe',
      arg: { channel: 'tickers', instId: SWAP },
      connId: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    client.send({ op: 'unsubscribe', args: [{ channel: 'tickers', instId: SWAP }] });
    expect(await client.next(event('unsubscribe'))).toMatchObject({
      arg: { channel: 'tickers', instId: SWAP },
    });
    client.close();
  });

  it('answers bad requests with OKX error events', async () => {
    const pub = await openWs(sim, 'public');
    const expectError = async (client: typeof pub, frame: object | string, code: string) => {
      client.send(frame);
      expect(await client.next(event('error'))).toMatchObject({ event: 'error', code });
    };
    await expectError(pub, '{not json', '60012');
    await expectError(pub, { op: 'subscribe', args: [{ channel: 'nope', instId: SWAP }] }, '60018');
    await expectError(pub, { op: 'subscribe', args: [{ channel: 'tickers', instId: 'XYZ-USDT' }] }, '60018');
    await expectError(pub, { op: 'subscribe', args: [{ channel: 'candle1m', instId: SWAP }] }, '64001');
    await expectError(pub, { op: 'fly', args: [] }, '60019');
    const priv = await openWs(sim, 'private');
    await expectError(priv, { op: 'subscribe', args: [{ channel: 'orders', instType: 'ANY' }] }, '60011');
    await expectError(
      priv,
      { op: 'login', args: [{ ...(loginFrame(sim) as { args: Row[] }).args[0], sign: 'bad' }] },
      '60007',
    );
    await expectError(
      priv,
      { op: 'login', args: [{ ...(loginFrame(sim) as { args: Row[] }).args[0], apiKey: 'nobody' }] },
      '60005',
    );
    await expectError(
      priv,
      {
        op: 'login',
        args: [{ ...(loginFrame(sim, { ...CREDS, passphrase: 'x' }) as { args: Row[] }).args[0] }],
      },
      '60024',
    );
    await expectError(priv, loginFrame(sim, CREDS, -40), '60006');
    priv.send(loginFrame(sim));
    expect(await priv.next(event('login'))).toMatchObject({ event: 'login', code: '0', msg: '' });
    priv.send({ op: 'subscribe', args: [{ channel: 'orders-algo', instType: 'ANY' }] });
    expect(await priv.next(event('error'))).toMatchObject({ code: '64001' });
    pub.close();
    priv.close();
  });
});

describe('WebSocket channels', () => {
  let sim: OkxSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  const push = (channel: string) => (f: Row | string) =>
    typeof f === 'object' && (f.arg as Row | undefined)?.channel === channel && 'data' in f;
  const first = (frame: Row | string) => ((frame as Row).data as Row[])[0]!;

  it('market channels push on every replayed candle', async () => {
    const pub = await openWs(sim, 'public');
    const biz = await openWs(sim, 'business');
    const args = ['books5', 'bbo-tbt', 'mark-price', 'funding-rate'].map((channel) => ({
      channel,
      instId: SWAP,
    }));
    pub.send({ op: 'subscribe', args });
    biz.send({ op: 'subscribe', args: [{ channel: 'candle5m', instId: SWAP }] });
    for (let i = 0; i < args.length; i++) await pub.next(event('subscribe'));
    await biz.next(event('subscribe'));
    // mark-price and funding-rate send their current value at once.
    expect(first(await pub.next(push('mark-price')))).toMatchObject({ instId: SWAP, markPx: '60000' });
    const funding = first(await pub.next(push('funding-rate')));
    expect(funding).toMatchObject({ instId: SWAP, fundingRate: '0.0001' });
    sim.playCandle(SWAP, candle(60_000, 60_100, 59_800, 60_050));
    const books5 = first(await pub.next(push('books5')));
    expect((books5.asks as string[][]).map((l) => l[0])).toEqual([
      '60050.1',
      '60050.2',
      '60050.3',
      '60050.4',
      '60050.5',
    ]);
    expect(first(await pub.next(push('bbo-tbt')))).toMatchObject({
      bids: [['60049.9', expect.any(String), '0', expect.any(String)]],
    });
    expect(first(await pub.next(push('mark-price')))).toMatchObject({ markPx: '60050' });
    await pub.next(push('funding-rate'));
    const bar = (await biz.next(push('candle5m'))) as Row;
    expect(((bar.data as string[][])[0] ?? []).slice(1, 5)).toEqual(['60000', '60100', '59800', '60050']);
    pub.close();
    biz.close();
  });

  it('account subscriptions get the currencies they ask for', async () => {
    const client = await privateWs(sim, [{ channel: 'account', ccy: 'BTC' }, { channel: 'account' }]);
    const frames = [await client.next(push('account')), await client.next(push('account'))] as Row[];
    const currencies = (f: Row) => (first(f).details as Row[]).map((d) => d.ccy);
    const byArg = new Map(frames.map((f) => [(f.arg as Row).ccy ?? 'all', currencies(f)]));
    expect(byArg.get('BTC')).toEqual(['BTC']);
    expect(byArg.get('all')).toEqual(['USDT']);
    client.close();
  });

  it('balance_and_position and positions (filtered by instId) after a fill', async () => {
    const client = await privateWs(sim, [
      { channel: 'balance_and_position' },
      { channel: 'positions', instType: 'SWAP', instId: SWAP },
      { channel: 'positions', instType: 'SPOT' },
    ]);
    expect(first(await client.next(push('balance_and_position')))).toMatchObject({
      eventType: 'snapshot',
      posData: [],
    });
    await signedFetch(sim, '/api/v5/trade/order', {
      body: { instId: SWAP, tdMode: 'cross', side: 'sell', ordType: 'market', sz: '4' },
    });
    const bp = first(
      await client.next((f) => push('balance_and_position')(f) && first(f).eventType === 'filled'),
    );
    expect(bp.posData).toEqual([
      expect.objectContaining({ instId: SWAP, pos: '-4', avgPx: '60050', posSide: 'net' }),
    ]);
    expect(bp.trades).toEqual([{ instId: SWAP, tradeId: expect.stringMatching(/^\d+$/) }]);
    await client.next((f) => push('positions')(f) && ((f as Row).data as Row[]).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const withData = client.frames.filter(
      (f) => push('positions')(f) && ((f as Row).data as Row[]).length > 0,
    ) as Row[];
    // Only the SWAP subscription gets the swap position; the SPOT one stays empty.
    expect(withData.map((f) => (f.arg as Row).instType)).toEqual(['SWAP']);
    expect(first(withData[0]!)).toMatchObject({ instId: SWAP, pos: '-4', mgnMode: 'cross' });
    client.close();
  });
});

describe('ccxt.pro public watches', () => {
  let sim: OkxSimulator;
  let pro: Exchange;
  beforeAll(async () => {
    sim = await startSimulator();
    pro = await ccxtFor(sim, { pro: true });
    await pro.loadMarkets();
  });
  afterAll(async () => {
    await closeExchange(pro);
    await sim.close();
  });

  it('watchTicker, watchTrades and watchOHLCV follow the replay', async () => {
    const ticker = await pro.watchTicker('BTC/USDT:USDT');
    expect(ticker.last).toBe(60_000);
    const trades = pro.watchTrades('BTC/USDT:USDT');
    const ohlcv = pro.watchOHLCV('BTC/USDT:USDT', '1m');
    const nextTicker = pro.watchTicker('BTC/USDT:USDT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    sim.playCandle(SWAP, candle(60_000, 60_400, 59_900, 60_250, 3));
    const [trade] = await trades;
    expect(trade).toMatchObject({ price: 60_250, amount: 300 });
    const bars = await ohlcv;
    // ccxt reads a swap candle's volume in base currency (volCcy): 3 BTC.
    expect(bars.at(-1)!.slice(1, 6)).toEqual([60_000, 60_400, 59_900, 60_250, 3]);
    expect((await nextTicker).last).toBe(60_250);
  });

  it('watchOrderBook keeps a valid book across updates (checksums verified by ccxt)', async () => {
    const first = await pro.watchOrderBook('BTC/USDT:USDT');
    expect(first.bids[0]![0]).toBeLessThan(first.asks[0]![0]!);
    for (const price of [60_300, 60_500, 60_100]) {
      sim.playCandle(SWAP, flat(price));
      const book = await pro.watchOrderBook('BTC/USDT:USDT');
      expect(book.asks[0]![0]).toBeCloseTo(price + 0.1, 6);
      expect(book.bids[0]![0]).toBeCloseTo(price - 0.1, 6);
      expect(book.asks.length).toBe(25);
    }
  });
});
