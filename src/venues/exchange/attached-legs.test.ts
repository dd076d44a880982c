import { describe, expect, it, vi } from 'vitest';
import { FakeExchangeClient } from '../../../test/support/fake-exchange-client.js';
import { attachedIds } from '../../core/attached-ids.js';
import { strategyId } from '../../core/ids.js';
import { createInstrument } from '../../core/instrument.js';
import { SimulatedClock } from '../../engine/clock.js';
import { OrderManager } from '../../engine/order-manager.js';
import { Portfolio } from '../../engine/portfolio.js';
import { RuleRiskGate } from '../../engine/risk-gate.js';
import { OKX_CAPABILITIES } from '../ccxt/capabilities.js';
import { ExchangeVenue } from './exchange-venue.js';
import type { CreateOrderRequest } from './types.js';

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
const POLICY = { queryDelaysMs: [5, 10], notFoundGraceMs: 40, giveUpMs: 400, fillSyncDelayMs: 10 };

/** A kernel over a fake OKX account that holds attached stop-loss / take-profit natively. */
function rig() {
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
    observer: { onFill: (order, _fill, reason) => reasons.push([order.clientOrderId, reason]) },
  });
  manager.register(SID, { orderUpdated() {}, filled() {} });
  void client.startStreams([SYMBOL], (event) => venue.onStreamEvent(event));
  const enter = async () => {
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
    client.fill(id, 1, 100);
    await vi.waitFor(() => expect(manager!.get(attachedIds(id).stopLoss)?.status).toBe('Accepted'));
    return { id, ...attachedIds(id) };
  };
  return { client, venue, manager: manager!, requests, external, reasons, portfolio, enter };
}

describe('attached stop-loss / take-profit held by the venue', () => {
  it('sends them with the entry and records the venue-held children instead of sending stop orders', async () => {
    const r = rig();
    const { id, stopLoss, takeProfit } = await r.enter();
    expect(r.venue.attachedProtection).toBe(true);
    expect(r.requests).toHaveLength(1); // the entry only
    expect(r.requests[0]).toMatchObject({
      clientOrderId: id,
      stopLoss: { triggerPrice: 90 }, // on the tick grid
      takeProfit: { triggerPrice: 110, price: 109.5 },
    });
    expect(r.manager.get(stopLoss)).toMatchObject({
      type: 'stop-market',
      side: 'sell',
      reduceOnly: true,
      qty: 1,
    });
    expect(r.manager.get(takeProfit)).toMatchObject({
      type: 'stop-limit',
      price: 109.5,
      triggerDirection: 'rise',
    });
  });

  it('files a report of the one leg under its child, with its protective reason', async () => {
    const r = rig();
    const { stopLoss } = await r.enter();
    r.client.push({
      kind: 'fill',
      report: {
        tradeId: 'T9',
        venueOrderId: 'o9',
        clientOrderId: stopLoss,
        symbol: SYMBOL,
        side: 'sell',
        qty: 1,
        price: 90,
        fee: 0,
        feeCurrency: 'USDT',
        liquidity: 'taker',
        tsEvent: Date.now(),
      },
    });
    await vi.waitFor(() => expect(r.manager.get(stopLoss)?.status).toBe('Filled'));
    expect(r.reasons.filter(([order]) => order === stopLoss)).toEqual([[stopLoss, 'stop-loss']]);
    expect(r.external).toEqual([]);
  });

  it('settles a report of the attached OCO it cannot tell the leg of by querying both legs, never as external', async () => {
    const r = rig();
    const { algo, stopLoss, takeProfit } = await r.enter();
    const report = {
      clientOrderId: algo,
      venueOrderId: 'a1',
      symbol: SYMBOL,
      side: 'sell' as const,
      type: 'stop-market' as const,
      reduceOnly: true,
      qty: 1,
      status: 'filled' as const,
      filledQty: 1,
      avgFillPrice: 90,
      tsEvent: Date.now(),
    };
    expect(r.venue.owns(report)).toBe(true);
    r.venue.applyOrderReport(report);
    await vi.waitFor(() =>
      expect(r.client.calls).toEqual(expect.arrayContaining([`query ${stopLoss}`, `query ${takeProfit}`])),
    );
    expect(r.external).toEqual([]);
    expect(r.manager.get(stopLoss)?.status).toBe('Accepted');
  });

  it('refuses to amend a venue-held child, and never sends one again after a restart', async () => {
    const r = rig();
    const { stopLoss } = await r.enter();
    r.manager.amend(SID, stopLoss, { triggerPrice: 95 });
    r.manager.drain();
    expect(r.manager.get(stopLoss)?.reason).toMatch(/held by the venue/);
    expect(r.client.calls.filter((c) => c.startsWith('amend'))).toEqual([]);

    const restarted = rig();
    const child = r.manager.get(stopLoss)!;
    expect(child.venueOrderId).toBeUndefined();
    restarted.venue.restore(child, [], false);
    await new Promise((resolve) => setTimeout(resolve, POLICY.notFoundGraceMs * 3));
    expect(restarted.client.calls.filter((c) => c.startsWith('create'))).toEqual([]);
    expect(restarted.venue.inFlight()).toEqual([]);
  });
});
