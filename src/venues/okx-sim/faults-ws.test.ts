/** The WebSocket faults, seen by raw clients (and ccxt.pro for dropped connections). */

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeExchange } from '../../marketdata/exchanges.js';
import type { OkxSimulator } from './simulator.js';
import {
  ccxtFor,
  flat,
  loginFrame,
  openWs,
  privateWs,
  type RawWs,
  signedFetch,
  startSimulator,
} from './test-kit.js';

type Row = Record<string, unknown>;
const SWAP = 'BTC-USDT-SWAP';

const isPush = (channel: string) => (f: Row | string) =>
  typeof f === 'object' && (f.arg as Row)?.channel === channel && 'data' in f;
const rowsOf = (frames: Array<Row | string>, channel: string) =>
  frames.filter(isPush(channel)).map((f) => ((f as Row).data as Row[])[0]!);

const marketOrder = (sim: OkxSimulator, clOrdId: string) =>
  signedFetch(sim, '/api/v5/trade/order', {
    body: { instId: SWAP, tdMode: 'cross', side: 'buy', ordType: 'market', sz: '1', clOrdId },
  });

const closed = (client: RawWs) =>
  new Promise<void>((resolve) => {
    if (client.ws.readyState === client.ws.CLOSED) resolve();
    else client.ws.once('close', () => resolve());
  });

describe('WebSocket faults', () => {
  let sim: OkxSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterEach(() => sim.faults.clear());
  afterAll(() => sim.close());

  it('latency delays pushes', async () => {
    const client = await openWs(sim, 'public');
    client.send({ op: 'subscribe', args: [{ channel: 'tickers', instId: SWAP }] });
    await client.next(isPush('tickers'));
    sim.inject({ kind: 'latency', wsMs: 250 });
    const started = Date.now();
    sim.playCandle(SWAP, flat(60_100));
    const push = (await client.next(isPush('tickers'))) as Row;
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect((push.data as Row[])[0]!.last).toBe('60100');
    client.close();
  });

  it('drops private connections only, or all of them', async () => {
    const pub = await openWs(sim, 'public');
    const priv = await privateWs(sim, [{ channel: 'account' }]);
    sim.inject({ kind: 'dropWebSockets', privateOnly: true });
    await closed(priv);
    expect(pub.ws.readyState).toBe(pub.ws.OPEN);
    sim.faults.dropWebSockets();
    await closed(pub);
  });

  it('ccxt.pro sees a dropped connection as a network error', async () => {
    const pro = await ccxtFor(sim, { pro: true });
    try {
      await pro.loadMarkets();
      const ccxt = await import('ccxt');
      const watching = pro.watchOrders('BTC/USDT:USDT');
      await new Promise((resolve) => setTimeout(resolve, 200));
      sim.faults.dropWebSockets(true);
      await expect(watching).rejects.toBeInstanceOf(ccxt.NetworkError);
    } finally {
      await closeExchange(pro);
    }
  });

  it('silent streams: no pushes, connections stay open, pongs continue', async () => {
    const client = await openWs(sim, 'public');
    client.send({ op: 'subscribe', args: [{ channel: 'tickers', instId: SWAP }] });
    await client.next(isPush('tickers'));
    sim.faults.silence();
    sim.playCandle(SWAP, flat(60_200));
    client.send('ping');
    await client.next((f) => f === 'pong');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(rowsOf(client.frames, 'tickers').map((r) => r.last)).not.toContain('60200');
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    sim.faults.silence(false);
    sim.playCandle(SWAP, flat(60_300));
    const push = (await client.next(isPush('tickers'))) as Row;
    expect((push.data as Row[])[0]!.last).toBe('60300');
    client.close();
  });

  it('duplicates pushes on the private orders channel', async () => {
    const client = await privateWs(sim, [{ channel: 'orders', instType: 'ANY' }]);
    sim.inject({ kind: 'duplicateOrderPushes', count: 1 });
    await marketOrder(sim, 'dupPush1');
    await client.next(isPush('orders'));
    await client.next(isPush('orders'));
    await client.next(isPush('orders'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const states = rowsOf(client.frames, 'orders').map((r) => r.state);
    // live, live (the duplicate), filled
    expect(states).toEqual(['live', 'live', 'filled']);
    client.close();
  });

  it('delivers pushes on the private orders channel out of order', async () => {
    const client = await privateWs(sim, [{ channel: 'orders', instType: 'ANY' }]);
    sim.inject({ kind: 'reorderOrderPushes', count: 2 });
    await marketOrder(sim, 'reorder1');
    await client.next(isPush('orders'));
    await client.next(isPush('orders'));
    const rows = rowsOf(client.frames, 'orders');
    expect(rows.map((r) => r.state)).toEqual(['filled', 'live']);
    expect(Number(rows[0]!.uTime)).toBeGreaterThanOrEqual(Number(rows[1]!.uTime));
    client.close();
  });

  it('pushes the fill on the WebSocket before the REST acknowledgement', async () => {
    const client = await privateWs(sim, [{ channel: 'orders', instType: 'ANY' }]);
    const seen: Record<string, number> = {};
    client.ws.on('message', (raw) => {
      if (raw.toString().includes('"filled"')) seen.push ??= Date.now();
    });
    sim.inject({ kind: 'fillBeforeAck', delayMs: 200 });
    await marketOrder(sim, 'early1');
    seen.ack = Date.now();
    expect(seen.push).toBeDefined();
    // The reply was held back 200 ms after the push went out.
    expect(seen.ack - seen.push!).toBeGreaterThanOrEqual(150);
    client.close();
  });

  it('login with a clock outside the window fails (60006) when the clock is skewed', async () => {
    sim.inject({ kind: 'clockSkew', ms: 45_000 });
    const client = await openWs(sim, 'private');
    // Signed with the real clock, 45 s behind the simulator's.
    client.send(loginFrame(sim, undefined, -45));
    expect(await client.next((f) => typeof f === 'object' && f.event === 'error')).toMatchObject({
      code: '60006',
    });
    client.send(loginFrame(sim));
    expect(await client.next((f) => typeof f === 'object' && f.event === 'login')).toMatchObject({
      code: '0',
    });
    client.close();
  });
});
