import { describe, expect, it } from 'vitest';
import { FakeExchangeClient } from '../../test/support/fake-exchange-client.js';
import { strategyId } from '../core/ids.js';
import { createInstrument } from '../core/instrument.js';
import type { Order } from '../core/order.js';
import { SimulatedClock } from '../engine/clock.js';
import { OrderManager } from '../engine/order-manager.js';
import { Portfolio } from '../engine/portfolio.js';
import { RuleRiskGate } from '../engine/risk-gate.js';
import { ExchangeVenue } from '../venues/exchange/exchange-venue.js';
import type { FillReport } from '../venues/exchange/types.js';
import { assertReconciled, EXTERNAL_STRATEGY, reconcile } from './reconcile.js';

const SYMBOL = 'BTC/USDT:USDT';
const inst = createInstrument({
  exchange: 'okx',
  symbol: SYMBOL,
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.01,
  minSize: 0.01,
});
const SID = strategyId('s1');

/** One process's kernel over the shared fake venue account. */
function process(client: FakeExchangeClient) {
  const portfolio = new Portfolio({ instruments: [inst], currency: 'USDT', capital: 10_000, now: Date.now });
  let manager: OrderManager | undefined;
  const venue = new ExchangeVenue({
    client,
    instrument: () => inst,
    outbox: { recordIntent: async () => {} },
    clock: { now: Date.now },
    notify: () => manager?.drain(),
    policy: { queryDelaysMs: [5], fillSyncDelayMs: 5 },
  });
  manager = new OrderManager({
    venue,
    gate: new RuleRiskGate(),
    portfolio,
    clock: new SimulatedClock(0),
    observer: { onAnomaly: () => {} },
  });
  manager.register(SID, { orderUpdated: () => {}, filled: () => {} });
  void client.startStreams([SYMBOL], (event) => venue.onStreamEvent(event));
  const external: FillReport[] = [];
  const run = () =>
    reconcile({
      client,
      venue,
      orders: manager!,
      portfolio,
      instruments: [inst],
      since: 0,
      now: Date.now,
      recordExternalFill: (f) => external.push(f),
    });
  return { portfolio, manager, venue, run, external };
}

describe('reconcile', () => {
  it('applies fills and cancels that happened while we were down, each once', async () => {
    const client = new FakeExchangeClient([inst]);
    const before = process(client);
    const a = before.manager.nextClientOrderId(SID);
    const b = before.manager.nextClientOrderId(SID);
    for (const id of [a, b])
      before.manager.submit({
        strategyId: SID,
        clientOrderId: id,
        request: { symbol: SYMBOL, side: 'buy', qty: 1, type: 'limit', price: 100 },
        tsInit: Date.now(),
      });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const saved: Order[] = [before.manager.get(a)!, before.manager.get(b)!];
    expect(saved.map((o) => o.status)).toEqual(['Accepted', 'Accepted']);

    // kill -9; while down, the venue fills `a` and cancels `b`.
    await client.close();
    client.fill(a, 1, 99.5, { push: false });
    await client.cancelOrder({ clientOrderId: b, symbol: SYMBOL });

    const after = process(client);
    for (const order of saved) {
      after.manager.restore(order);
      after.venue.restore(order, [], true);
    }
    const result = await after.run();
    assertReconciled(result);
    expect(after.manager.get(a)?.status).toBe('Filled');
    expect(after.manager.get(b)?.status).toBe('Cancelled');
    expect(after.portfolio.position(SID, SYMBOL).qty).toBe(1);
    expect(after.external).toEqual([]);
    // A second pass changes nothing (nothing doubled).
    await after.run();
    expect(after.portfolio.position(SID, SYMBOL).qty).toBe(1);
    expect(after.manager.get(a)?.filledQty).toBe(1);
  });

  it('adopts orders and positions opened outside Quant Lab as external, and reports the drift', async () => {
    const client = new FakeExchangeClient([inst]);
    client.orders.set('manual', {
      venueOrderId: '777',
      symbol: SYMBOL,
      side: 'sell',
      type: 'limit',
      reduceOnly: false,
      qty: 2,
      price: 130,
      status: 'open',
      filledQty: 0,
      avgFillPrice: 0,
      tsEvent: 1,
    });
    client.positions = [{ symbol: SYMBOL, qty: 0.5, avgPrice: 101, positionSide: 'net', tsEvent: 1 }];
    const p = process(client);
    const result = await p.run();
    expect(result.ok).toBe(true);
    expect(result.adoptedOrders).toEqual(['777']);
    expect(p.manager.openOrders(EXTERNAL_STRATEGY).map((o) => [o.side, o.qty, o.price])).toEqual([
      ['sell', 2, 130],
    ]);
    expect(result.drift).toEqual([{ symbol: SYMBOL, ours: 0, venue: 0.5 }]);
    expect(p.portfolio.position(EXTERNAL_STRATEGY, SYMBOL)).toMatchObject({ qty: 0.5, avgEntryPrice: 101 });
    expect(p.portfolio.invariantProblems()).toEqual([]);
    // The adopted order then trades like any other: its fill reaches the external position.
    client.fill('manual', 2, 130);
    expect(p.manager.openOrders(EXTERNAL_STRATEGY)).toEqual([]);
    expect(p.portfolio.position(EXTERNAL_STRATEGY, SYMBOL).qty).toBeCloseTo(-1.5, 9);
    // Once adopted, nothing drifts any more.
    client.positions = [{ symbol: SYMBOL, qty: -1.5, avgPrice: 130, positionSide: 'net', tsEvent: 2 }];
    expect((await p.run()).drift).toEqual([]);
  });

  it('fails when the venue cannot be read, and the runner refuses to trade', async () => {
    const client = new FakeExchangeClient([inst]);
    client.positionsFault = true;
    const result = await process(client).run();
    expect(result.ok).toBe(false);
    expect(() => assertReconciled(result)).toThrow(
      expect.objectContaining({ code: 'QL_ERR_RECONCILIATION_FAILED' }),
    );
  });
});
