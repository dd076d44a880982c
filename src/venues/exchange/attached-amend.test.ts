import { describe, expect, it, vi } from 'vitest';
import { rig, SID, SYMBOL } from '../../../test/support/attached-venue-rig.js';
import type { ClientOrderId } from '../../core/ids.js';
import type { Order } from '../../core/order.js';

/** The kernel's view of a child once the venue answered its amend (a reason, or the new prices). */
async function settled(
  r: ReturnType<typeof rig>,
  id: ClientOrderId,
  done: (order: Order) => boolean,
): Promise<Order> {
  await vi.waitFor(() => expect(done(r.manager.get(id)!)).toBe(true));
  return r.manager.get(id)!;
}

describe('amending a leg of an attached stop-loss / take-profit held by the venue', () => {
  it('moves the stop-loss trigger through the attached algo order, addressed by its client id', async () => {
    const r = rig();
    const { stopLoss, algo } = await r.enter();
    r.manager.amend(SID, stopLoss, { triggerPrice: 100 });
    r.manager.drain();
    const child = await settled(r, stopLoss, (o) => o.triggerPrice === 100);
    expect(r.client.attachedAmends).toEqual([
      { algoClientOrderId: algo, symbol: SYMBOL, role: 'stop-loss', triggerPrice: 100 },
    ]);
    expect(child).toMatchObject({ status: 'Accepted', qty: 1, type: 'stop-market' });
    expect(child.reason).toBeUndefined();
    // Never as an order of its own: no create, no plain amend.
    expect(r.client.calls.filter((c) => c.startsWith('create') || c.startsWith('amend '))).toHaveLength(1);
  });

  it('moves a stop-limit take-profit: its price, then its trigger with the price restated', async () => {
    const r = rig();
    const { takeProfit, algo } = await r.enter();
    r.manager.amend(SID, takeProfit, { price: 111 });
    r.manager.drain();
    await settled(r, takeProfit, (o) => o.price === 111);
    r.manager.amend(SID, takeProfit, { triggerPrice: 112 });
    r.manager.drain();
    const child = await settled(r, takeProfit, (o) => o.triggerPrice === 112);
    expect(r.client.attachedAmends).toEqual([
      { algoClientOrderId: algo, symbol: SYMBOL, role: 'take-profit', triggerPrice: 110, price: 111 },
      { algoClientOrderId: algo, symbol: SYMBOL, role: 'take-profit', triggerPrice: 112, price: 111 },
    ]);
    expect(child).toMatchObject({ type: 'stop-limit', price: 111, triggerPrice: 112 });
  });

  it("passes OKX's refusal on with its code and message; the child keeps its trigger", async () => {
    const r = rig();
    const { stopLoss } = await r.enter();
    r.client.attachedAmendFaults.push({
      kind: 'fail',
      error: 'rejected',
      code: '51280',
      message: 'SL trigger price cannot be higher than the last price',
    });
    r.manager.amend(SID, stopLoss, { triggerPrice: 101 });
    r.manager.drain();
    const child = await settled(r, stopLoss, (o) => o.reason !== undefined);
    expect(child.reason).toBe('venue-rejected: 51280 SL trigger price cannot be higher than the last price');
    expect(child).toMatchObject({ status: 'Accepted', triggerPrice: 90 });
  });

  it('refuses a limit price on a market leg, and a quantity, without asking the venue', async () => {
    const r = rig();
    const { stopLoss } = await r.enter();
    r.manager.amend(SID, stopLoss, { price: 89 });
    r.manager.drain();
    expect(r.manager.get(stopLoss)?.reason).toMatch(/no limit price/);
    r.manager.amend(SID, stopLoss, { qty: 0.5 });
    r.manager.drain();
    expect(r.manager.get(stopLoss)?.reason).toMatch(
      /sizes an attached stop-loss \/ take-profit from its entry/,
    );
    expect(r.client.attachedAmends).toEqual([]);
  });

  it('an unknown outcome is settled by querying the attached order: applied when it shows the new trigger', async () => {
    const r = rig();
    const { stopLoss } = await r.enter();
    r.venueLeg(stopLoss, { triggerPrice: 90 });
    r.client.attachedAmendFaults.push({ kind: 'apply-then-timeout' });
    r.manager.amend(SID, stopLoss, { triggerPrice: 95 });
    r.manager.drain();
    const child = await settled(r, stopLoss, (o) => o.triggerPrice === 95);
    expect(child.reason).toBeUndefined();
    expect(r.client.calls).toContain(`query ${stopLoss}`);
  });

  it('an unknown outcome whose query shows the old trigger is a refusal; the child keeps its trigger', async () => {
    const r = rig();
    const { stopLoss } = await r.enter();
    r.venueLeg(stopLoss, { triggerPrice: 90 });
    r.client.attachedAmendFaults.push({ kind: 'fail', error: 'unknown', message: 'request timed out' });
    r.manager.amend(SID, stopLoss, { triggerPrice: 95 });
    r.manager.drain();
    const child = await settled(r, stopLoss, (o) => o.reason !== undefined);
    expect(child.reason).toBe('venue-unknown: request timed out');
    expect(child).toMatchObject({ status: 'Accepted', triggerPrice: 90 });
    expect(r.client.calls).toContain(`query ${stopLoss}`);
  });
});
