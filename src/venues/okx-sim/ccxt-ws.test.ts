/**
 * ccxt.pro's okx against the simulator's WebSockets: login as ccxt does it, then the private channels
 * (orders, fills from the orders channel, positions, account) carrying what REST calls changed.
 */

import type { Exchange } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeExchange } from '../../marketdata/exchanges.js';
import type { OkxSimulator } from './simulator.js';
import { candle, ccxtFor, startSimulator, waitUntil } from './test-kit.js';

const SWAP = 'BTC/USDT:USDT';

/** Calls a ccxt watch method until what it returns satisfies `done` (`first`: a call already made). */
async function watchUntil<T>(
  watch: () => Promise<T>,
  done: (value: T) => boolean,
  first?: Promise<T>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let pending = first;
  for (;;) {
    const call = pending ?? watch();
    pending = undefined;
    const value = await Promise.race([
      call,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('watch timed out')), Math.max(1, deadline - Date.now())),
      ),
    ]);
    if (done(value)) return value;
  }
}

describe('ccxt.pro okx (WebSocket) against the simulator', () => {
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

  it('watchOrders sees an order go from open to filled', async () => {
    const first = pro.watchOrders(SWAP);
    await waitUntil(() => sim.isSubscribed('orders'));
    const created = await pro.createOrder(SWAP, 'limit', 'buy', 1, 59_500, { clientOrderId: 'wsord1' });
    const opened = await first;
    expect(opened.find((o) => o.id === created.id)).toMatchObject({
      status: 'open',
      clientOrderId: 'wsord1',
      filled: 0,
    });
    sim.playCandle('BTC-USDT-SWAP', candle(60_000, 60_000, 59_400, 59_600));
    const orders = await watchUntil(
      () => pro.watchOrders(SWAP),
      (list) => list.some((o) => o.id === created.id && o.status === 'closed'),
    );
    const filled = orders.find((o) => o.id === created.id && o.status === 'closed')!;
    expect(filled).toMatchObject({ filled: 1, average: 59_500, side: 'buy', price: 59_500 });
    expect(filled.fee).toMatchObject({ cost: 0.119, currency: 'USDT' }); // 0.01 × 59 500 × 0.0002
  });

  it('watchMyTrades reads the fill from the orders channel', async () => {
    const watching = pro.watchMyTrades(SWAP);
    await waitUntil(() => sim.isSubscribed('orders') && sim.openWebSockets > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const created = await pro.createOrder(SWAP, 'market', 'sell', 1, undefined, { clientOrderId: 'wstrd1' });
    const trades = await watchUntil(
      () => pro.watchMyTrades(SWAP),
      (list) => list.some((t) => t.order === created.id),
      watching,
    );
    const trade = trades.find((t) => t.order === created.id)!;
    expect(trade.id).toMatch(/^\d+$/);
    expect(trade).toMatchObject({
      side: 'sell',
      price: 59_600,
      amount: 1,
      takerOrMaker: 'taker',
      symbol: SWAP,
    });
    // ccxt copies the orders channel's fillFee as it is (OKX's sign: negative = charged).
    expect(trade.fee).toMatchObject({ cost: -0.298, currency: 'USDT' }); // 0.01 × 59 600 × 0.0005
  });

  it('watchPositions gets the snapshot, then the position a fill opens', async () => {
    const snapshot = await pro.watchPositions();
    expect(snapshot.filter((p) => (p.contracts ?? 0) > 0)).toEqual([]);
    await pro.createOrder(SWAP, 'market', 'buy', 3, undefined, { clientOrderId: 'wspos1' });
    const positions = await watchUntil(
      () => pro.watchPositions(),
      (list) => list.some((p) => p.symbol === SWAP && p.contracts === 3),
    );
    expect(positions.find((p) => p.contracts === 3)).toMatchObject({
      side: 'long',
      entryPrice: 59_600,
      leverage: 10,
    });
  });

  it('watchBalance gets the account, then the balance after a fill', async () => {
    const first = await pro.watchBalance();
    const before = first.USDT!.total!;
    expect(before).toBeGreaterThan(99_000);
    await pro.createOrder(SWAP, 'market', 'sell', 3, undefined, { clientOrderId: 'wsbal1' });
    const after = await watchUntil(
      () => pro.watchBalance(),
      (balance) => balance.USDT!.total !== before,
    );
    // Closing 3 contracts at the entry price costs only the taker fee.
    expect(after.USDT!.total).toBeCloseTo(before - 3 * 0.01 * 59_600 * 0.0005, 6);
  });
});
