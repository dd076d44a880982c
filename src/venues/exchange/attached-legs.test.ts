import { describe, expect, it, vi } from 'vitest';
import { POLICY, rig, SID, SYMBOL } from '../../../test/support/attached-venue-rig.js';
import { attachedIds } from '../../core/attached-ids.js';
import type { FillReport } from './types.js';

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
    for (const leg of [stopLoss, takeProfit]) r.venueLeg(leg, {});
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

  it('refuses a quantity amend of a venue-held child, and never sends one again after a restart', async () => {
    const r = rig();
    const { stopLoss } = await r.enter();
    r.manager.amend(SID, stopLoss, { qty: 0.5, triggerPrice: 95 });
    r.manager.drain();
    expect(r.manager.get(stopLoss)?.reason).toMatch(/quantity cannot be amended/);
    expect(r.manager.get(stopLoss)).toMatchObject({ qty: 1, triggerPrice: 90 });
    expect(r.client.calls.filter((c) => c.startsWith('amend'))).toEqual([]);

    const restarted = rig();
    const child = r.manager.get(stopLoss)!;
    restarted.venue.restore(child, [], false);
    await new Promise((resolve) => setTimeout(resolve, POLICY.notFoundGraceMs * 3));
    expect(restarted.client.calls.filter((c) => c.startsWith('create'))).toEqual([]);
    expect(restarted.venue.inFlight()).toEqual([]);
  });

  it('acknowledges a held child through the state table, under the attached algo order id', async () => {
    const r = rig();
    const { stopLoss, algo } = await r.enter();
    expect(r.changes.filter(([id]) => id === stopLoss).map(([, status]) => status)).toEqual([
      'Submitted',
      'Accepted',
    ]);
    expect(r.manager.get(stopLoss)?.venueOrderId).toBe(algo);
  });

  it('records no held child on a partial fill; when the rest is cancelled, sized to what filled', async () => {
    const r = rig();
    const id = await r.place();
    const { stopLoss, takeProfit } = attachedIds(id);
    r.client.fill(id, 0.4, 100);
    await vi.waitFor(() => expect(r.manager.get(id)?.status).toBe('PartiallyFilled'));
    // OKX arms nothing until the entry ends: neither do we.
    expect(r.manager.get(stopLoss)).toBeUndefined();
    expect(r.manager.get(takeProfit)).toBeUndefined();
    r.manager.cancel(SID, id);
    r.manager.drain();
    await vi.waitFor(() => expect(r.manager.get(stopLoss)?.status).toBe('Accepted'));
    expect(r.manager.get(id)?.status).toBe('Cancelled');
    expect([r.manager.get(stopLoss)?.qty, r.manager.get(takeProfit)?.qty]).toEqual([0.4, 0.4]);
    expect(r.requests).toHaveLength(1);
  });

  it('rejects a held child the venue does not know after its entry ended, and protects the position locally', async () => {
    const r = rig();
    const { stopLoss } = await r.enter();
    await new Promise((resolve) => setTimeout(resolve, POLICY.notFoundGraceMs + 10));
    expect(await r.venue.syncOrder(stopLoss)).toBe('not-found');
    await vi.waitFor(() => expect(r.manager.get(stopLoss)?.status).toBe('Rejected'));
    expect(r.manager.get(stopLoss)?.reason).toMatch(/not-held/);
    // An emulated stop with the same terms is sent in its place.
    await vi.waitFor(() => expect(r.requests).toHaveLength(2));
    expect(r.requests[1]).toMatchObject({
      type: 'stop-market',
      side: 'sell',
      qty: 1,
      triggerPrice: 90,
      reduceOnly: true,
    });
    expect(r.requests[1]!.stopLoss).toBeUndefined();
  });

  it('retries a failed leg query for a fill filed under the attached OCO until the leg takes it', async () => {
    const r = rig();
    const { algo, stopLoss } = await r.enter();
    r.venueLeg(stopLoss, { status: 'filled', filledQty: 1, avgFillPrice: 90 });
    const fill: FillReport = {
      tradeId: 'T7',
      venueOrderId: 'o7',
      clientOrderId: stopLoss,
      symbol: SYMBOL,
      side: 'sell',
      qty: 1,
      price: 90,
      fee: 0,
      feeCurrency: 'USDT',
      liquidity: 'taker',
      tsEvent: Date.now(),
    };
    r.client.fills.push(fill);
    const fetchOrder = r.client.fetchOrder.bind(r.client);
    let failures = 1;
    r.client.fetchOrder = (query) => {
      if (failures-- > 0) return Promise.reject(new Error('network down'));
      return fetchOrder(query);
    };
    r.venue.applyFillReport({ ...fill, clientOrderId: algo });
    await vi.waitFor(() => expect(r.manager.get(stopLoss)?.status).toBe('Filled'), { timeout: 3_000 });
    expect(r.manager.get(stopLoss)?.tradeIds).toEqual(['T7']);
    expect(r.external).toEqual([]);
  });

  it('keeps a fill filed under the attached OCO as external when every leg ended without it, never drops it', async () => {
    const r = rig();
    const { algo, stopLoss, takeProfit } = await r.enter();
    r.venueLeg(stopLoss, { status: 'cancelled' });
    r.venueLeg(takeProfit, { status: 'cancelled' });
    r.venue.applyFillReport({
      tradeId: 'T8',
      venueOrderId: 'o8',
      clientOrderId: algo,
      symbol: SYMBOL,
      side: 'sell',
      qty: 1,
      price: 90,
      fee: 0,
      feeCurrency: 'USDT',
      liquidity: 'taker',
      tsEvent: Date.now(),
    });
    await vi.waitFor(() => expect(r.external).toEqual(['fill T8']), { timeout: 3_000 });
    expect(r.manager.get(stopLoss)?.status).toBe('Cancelled');
  });

  it('syncs the sibling when a report ends one leg (OKX order_failed)', async () => {
    const r = rig();
    const { stopLoss, takeProfit } = await r.enter();
    r.venueLeg(takeProfit, { status: 'cancelled' });
    r.client.push({
      kind: 'order',
      report: {
        clientOrderId: stopLoss,
        venueOrderId: 'a1',
        symbol: SYMBOL,
        side: 'sell',
        type: 'stop-market',
        reduceOnly: true,
        qty: 1,
        status: 'rejected',
        filledQty: 0,
        avgFillPrice: 0,
        tsEvent: Date.now(),
        reason: 'order_failed',
      },
    });
    await vi.waitFor(() => expect(r.manager.get(takeProfit)?.status).toBe('Cancelled'));
    expect(r.manager.get(stopLoss)?.status).toBe('Rejected');
    expect(r.client.calls).toContain(`query ${takeProfit}`);
  });
});
