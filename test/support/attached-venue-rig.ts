/**
 * A kernel (order manager, portfolio, risk gate) over an `ExchangeVenue` and a fake OKX account that holds
 * attached stop-loss / take-profit natively: the exchange venue's attached-leg unit tests share it.
 */

import { expect, vi } from 'vitest';
import { attachedIds } from '../../src/core/attached-ids.js';
import { strategyId } from '../../src/core/ids.js';
import { createInstrument } from '../../src/core/instrument.js';
import { SimulatedClock } from '../../src/engine/clock.js';
import { OrderManager } from '../../src/engine/order-manager.js';
import { Portfolio } from '../../src/engine/portfolio.js';
import { RuleRiskGate } from '../../src/engine/risk-gate.js';
import { OKX_CAPABILITIES } from '../../src/venues/ccxt/capabilities.js';
import { ExchangeVenue } from '../../src/venues/exchange/exchange-venue.js';
import type { CreateOrderRequest, OrderStatusReport } from '../../src/venues/exchange/types.js';
import { FakeExchangeClient } from './fake-exchange-client.js';

export const SYMBOL = 'BTC/USDT:USDT';
export const inst = createInstrument({
  exchange: 'okx',
  symbol: SYMBOL,
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.01,
  minSize: 0.01,
});
export const SID = strategyId('s1');
export const POLICY = { queryDelaysMs: [5, 10], notFoundGraceMs: 40, giveUpMs: 400, fillSyncDelayMs: 10 };

/** A kernel over a fake OKX account that holds attached stop-loss / take-profit natively. */
export function rig() {
  const client = new FakeExchangeClient([inst]);
  Object.assign(client, { capabilities: OKX_CAPABILITIES });
  const requests: CreateOrderRequest[] = [];
  const create = client.createOrder.bind(client);
  client.createOrder = (request) => {
    requests.push(request);
    return create(request);
  };
  const external: string[] = [];
  const reasons: Array<[string, string]> = [];
  const changes: Array<[string, string]> = [];
  let manager: OrderManager | undefined;
  const venue = new ExchangeVenue({
    client,
    instrument: (s) => (s === SYMBOL ? inst : undefined),
    outbox: { recordIntent: async () => {} },
    clock: { now: () => Date.now() },
    notify: () => manager?.drain(),
    policy: POLICY,
    onExternalOrder: (r) => external.push(`order ${r.clientOrderId}`),
    onExternalFill: (r) => external.push(`fill ${r.tradeId}`),
  });
  const portfolio = new Portfolio({ instruments: [inst], currency: 'USDT', capital: 1e6, now: Date.now });
  manager = new OrderManager({
    venue,
    gate: new RuleRiskGate(),
    portfolio,
    clock: new SimulatedClock(0),
    observer: {
      onFill: (order, _fill, reason) => reasons.push([order.clientOrderId, reason]),
      onOrderChanged: (order) => changes.push([order.clientOrderId, order.status]),
    },
  });
  manager.register(SID, { orderUpdated() {}, filled() {} });
  void client.startStreams([SYMBOL], (event) => venue.onStreamEvent(event));
  const place = async () => {
    const id = manager!.nextClientOrderId(SID);
    manager!.submit({
      strategyId: SID,
      clientOrderId: id,
      request: {
        symbol: SYMBOL,
        side: 'buy',
        qty: 1,
        type: 'limit',
        price: 100,
        attachments: { stopLoss: { triggerPrice: 90.04 }, takeProfit: { triggerPrice: 110, price: 109.5 } },
      },
      tsInit: Date.now(),
    });
    await vi.waitFor(() => expect(manager!.get(id)?.status).toBe('Accepted'));
    return id;
  };
  const enter = async () => {
    const id = await place();
    client.fill(id, 1, 100);
    await vi.waitFor(() => expect(manager!.get(attachedIds(id).stopLoss)?.status).toBe('Accepted'));
    return { id, ...attachedIds(id) };
  };
  /** The fake venue's view of a leg (the real client reads it off the attached algo order). */
  const venueLeg = (id: string, patch: Partial<OrderStatusReport>): void => {
    client.orders.set(id, {
      clientOrderId: id,
      venueOrderId: 'a1',
      symbol: SYMBOL,
      side: 'sell',
      type: 'stop-market',
      reduceOnly: true,
      qty: 1,
      status: 'open',
      filledQty: 0,
      avgFillPrice: 0,
      tsEvent: Date.now(),
      ...patch,
    });
  };
  return {
    client,
    venue,
    manager: manager!,
    requests,
    external,
    reasons,
    changes,
    portfolio,
    place,
    enter,
    venueLeg,
  };
}
