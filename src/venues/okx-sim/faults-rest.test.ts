/** The REST faults, each seen the way a client sees it: through ccxt or raw HTTP. */

import type { Exchange } from 'ccxt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeExchange } from '../../marketdata/exchanges.js';
import type { OkxSimulator } from './simulator.js';
import { ccxtFor, signedFetch, startSimulator } from './test-kit.js';

const SWAP = 'BTC/USDT:USDT';
type Ccxt = typeof import('ccxt');

describe('REST faults', () => {
  let sim: OkxSimulator;
  let okx: Exchange;
  let ccxt: Ccxt;

  beforeAll(async () => {
    ccxt = await import('ccxt');
    sim = await startSimulator();
    okx = await ccxtFor(sim, { timeoutMs: 1_000 });
    await okx.loadMarkets();
  });
  afterEach(() => sim.faults.clear());
  afterAll(async () => {
    await closeExchange(okx);
    await sim.close();
  });

  it('latency delays every REST reply', async () => {
    sim.inject({ kind: 'latency', restMs: 250 });
    const started = Date.now();
    await okx.fetchTime();
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('a timeout after accept: ccxt times out, yet the order was placed', async () => {
    sim.inject({ kind: 'timeoutAfterAccept', mode: 'withhold' });
    await expect(
      okx.createOrder(SWAP, 'limit', 'buy', 1, 59_000, { clientOrderId: 'lost1' }),
    ).rejects.toBeInstanceOf(ccxt.RequestTimeout);
    const order = await okx.fetchOrder(undefined as unknown as string, SWAP, { clOrdId: 'lost1' });
    expect(order).toMatchObject({ clientOrderId: 'lost1', status: 'open', amount: 1 });
    // Resending the same client id is refused: the first attempt did go through.
    await expect(
      okx.createOrder(SWAP, 'limit', 'buy', 1, 59_000, { clientOrderId: 'lost1' }),
    ).rejects.toBeInstanceOf(ccxt.InvalidOrder);
  });

  it('a connection reset after accept: the request fails, the order exists', async () => {
    sim.inject({ kind: 'timeoutAfterAccept', mode: 'destroy' });
    await expect(
      okx.createOrder(SWAP, 'limit', 'buy', 1, 58_500, { clientOrderId: 'reset1' }),
    ).rejects.toBeInstanceOf(ccxt.NetworkError);
    expect(await okx.fetchOrder(undefined as unknown as string, SWAP, { clOrdId: 'reset1' })).toMatchObject({
      status: 'open',
    });
  });

  it('a 429 storm for the next N requests, HTTP 429 with code 50011', async () => {
    sim.inject({ kind: 'rateLimit', count: 2 });
    await expect(okx.fetchTime()).rejects.toBeInstanceOf(ccxt.RateLimitExceeded);
    const raw = await fetch(`${sim.restUrl}/api/v5/public/time`);
    expect(raw.status).toBe(429);
    expect(await raw.json()).toMatchObject({ code: '50011' });
    expect(await okx.fetchTime()).toBeGreaterThan(0);
  });

  it('a 429 storm for a duration', async () => {
    sim.inject({ kind: 'rateLimit', durationMs: 800 });
    await expect(okx.fetchTime()).rejects.toBeInstanceOf(ccxt.RateLimitExceeded);
    await expect(okx.fetchTime()).rejects.toBeInstanceOf(ccxt.RateLimitExceeded);
    await new Promise((resolve) => setTimeout(resolve, 850));
    expect(await okx.fetchTime()).toBeGreaterThan(0);
  });

  it('rejects the next order with a chosen sCode', async () => {
    sim.inject({
      kind: 'rejectNextOrder',
      sCode: '51008',
      sMsg: 'Order failed. Insufficient USDT margin in account',
    });
    await expect(okx.createOrder(SWAP, 'market', 'buy', 1)).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
    const next = await okx.createOrder(SWAP, 'market', 'buy', 1);
    expect(next.id).toMatch(/^\d+$/);
  });

  it('"not found right after create": queries miss a fresh order for a while', async () => {
    sim.inject({ kind: 'notFoundAfterCreate', ms: 800 });
    const created = await okx.createOrder(SWAP, 'limit', 'buy', 1, 58_000, { clientOrderId: 'late1' });
    await expect(okx.fetchOrder(created.id!, SWAP)).rejects.toBeInstanceOf(ccxt.OrderNotFound);
    await new Promise((resolve) => setTimeout(resolve, 850));
    expect(await okx.fetchOrder(created.id!, SWAP)).toMatchObject({ id: created.id, status: 'open' });
  });

  it('clock skew: /public/time reports it and signatures from the real clock expire (50102)', async () => {
    sim.inject({ kind: 'clockSkew', ms: 60_000 });
    const serverTime = await okx.fetchTime();
    expect(serverTime! - Date.now()).toBeGreaterThan(55_000);
    await expect(okx.fetchBalance()).rejects.toBeInstanceOf(ccxt.InvalidNonce);
    // Signed on the simulator's (skewed) clock it passes.
    expect((await signedFetch(sim, '/api/v5/account/balance')).json.code).toBe('0');
  });

  it('5xx with code 50004 for the next N calls', async () => {
    sim.inject({ kind: 'serverErrors', count: 2 });
    await expect(okx.fetchBalance()).rejects.toBeInstanceOf(ccxt.RequestTimeout);
    const raw = await fetch(`${sim.restUrl}/api/v5/public/time`);
    expect(raw.status).toBe(503);
    expect(await raw.json()).toMatchObject({ code: '50004' });
    expect((await okx.fetchBalance()).USDT).toBeDefined();
  });

  it('the control endpoint takes the same faults as JSON and shows the state', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sim.restUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('/__sim/faults', { kind: 'rateLimit', count: 1 })).status).toBe(200);
    expect((await fetch(`${sim.restUrl}/api/v5/public/time`)).status).toBe(429);
    expect((await post('/__sim/faults', { kind: 'nonsense' })).status).toBe(400);
    expect(
      (
        await post('/__sim/faults', [
          { kind: 'latency', restMs: 5 },
          { kind: 'clockSkew', ms: 1_000 },
        ])
      ).status,
    ).toBe(200);
    const state = (await (await fetch(`${sim.restUrl}/__sim/state`)).json()) as {
      faults: { skewMs: number; restLatencyMs: number };
    };
    expect(state.faults).toMatchObject({ skewMs: 1_000, restLatencyMs: 5 });
    expect((await fetch(`${sim.restUrl}/__sim/faults`, { method: 'DELETE' })).status).toBe(200);
    const before = (await (await fetch(`${sim.restUrl}/__sim/state`)).json()) as {
      prices: Record<string, number>;
    };
    const advanced = (await (await post('/__sim/advance', { n: 3 })).json()) as { played: number };
    expect(advanced.played).toBe(3);
    const after = (await (await fetch(`${sim.restUrl}/__sim/state`)).json()) as {
      prices: Record<string, number>;
      faults: object;
    };
    expect(after.prices['BTC-USDT-SWAP']).not.toBe(before.prices['BTC-USDT-SWAP']);
    expect(after.faults).toMatchObject({ skewMs: 0, restLatencyMs: 0 });
  });
});
