import { describe, expect, it } from 'vitest';
import { attachedIds, attachedLegOf, attachedLegsOfAlgo, venueHoldsAttachments } from './attached-ids.js';
import { makeClientOrderId, strategyId } from './ids.js';
import { createOrder } from './order.js';

const parent = makeClientOrderId(strategyId('sma'), 42, 'acct');
const OKX_ID = /^[A-Za-z0-9]{1,32}$/;

describe('attached stop-loss / take-profit ids', () => {
  it('derives the algo and both children from the parent, valid OKX client ids', () => {
    const ids = attachedIds(parent);
    expect(parent).toHaveLength(26);
    expect(ids).toEqual({ algo: `${parent}a`, stopLoss: `${parent}s`, takeProfit: `${parent}t` });
    for (const id of Object.values(ids)) expect(id).toMatch(OKX_ID);
    expect(attachedIds(parent)).toEqual(ids); // deterministic: a restarted process derives the same
  });

  it('refuses a parent that leaves no room for the marker, instead of naming a hashed stand-in', () => {
    expect(attachedIds(`${'A'.repeat(30)}x`).algo).toBe(`${'A'.repeat(30)}xa`);
    expect(() => attachedIds(`${'A'.repeat(31)}x`)).toThrow(/no room/);
    expect(attachedIds('ab').algo).toBe('aba');
  });

  it('recognises the children of kernel ids only, and maps the algo id back to them', () => {
    const ids = attachedIds(parent);
    // The parent is named explicitly: the leg links to it verbatim.
    expect(attachedLegOf(ids.stopLoss)).toEqual({ role: 'stop-loss', algo: ids.algo, parent });
    expect(attachedLegOf(ids.takeProfit)).toEqual({ role: 'take-profit', algo: ids.algo, parent });
    expect(attachedLegOf(parent)).toBeUndefined();
    expect(attachedLegOf(ids.algo)).toBeUndefined();
    expect(attachedLegOf('handmades')).toBeUndefined();
    expect(attachedLegsOfAlgo(ids.algo)).toEqual(ids);
    expect(attachedLegsOfAlgo(ids.stopLoss)).toBeUndefined();
  });

  it('leaves the venue only market and limit parents with a stop-loss or take-profit', () => {
    const base = {
      clientOrderId: parent,
      strategyId: strategyId('sma'),
      instrumentId: 'okx:BTC/USDT:USDT' as never,
      side: 'buy' as const,
      qty: 1,
      tsInit: 0,
    };
    const sl = { stopLoss: { triggerPrice: 90 } };
    expect(venueHoldsAttachments(createOrder({ ...base, type: 'market', attachments: sl }))).toBe(true);
    expect(venueHoldsAttachments(createOrder({ ...base, type: 'market' }))).toBe(false);
    const trailing = { trailing: { callbackRate: 0.01 } };
    expect(venueHoldsAttachments(createOrder({ ...base, type: 'market', attachments: trailing }))).toBe(
      false,
    );
    const stop = createOrder({ ...base, type: 'stop-market', triggerPrice: 110, attachments: sl });
    expect(venueHoldsAttachments(stop)).toBe(false);
  });
});
