/**
 * Attached stop-loss / take-profit held by OKX (`attachAlgoOrds`), end to end through the real ccxt
 * client against the OKX-protocol simulator: the kernel sends no stop orders of its own, records the
 * venue's children, and files the fill of the leg that fired under its child exactly once — also across a
 * restart between the entry's fill and the trigger.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachedIds, attachedLegOf } from '../../src/core/attached-ids.js';
import type { Journal } from '../../src/live/journal.js';
import { EXTERNAL_STRATEGY } from '../../src/live/reconcile.js';
import type { TradingSession } from '../../src/live/session.js';
import type { ExchangeClient } from '../../src/venues/exchange/types.js';
import { type DemoRig, MANUAL, SYMBOL, startDemoRig } from '../support/okx-demo-rig.js';

const INST_ID = 'BTC-USDT-SWAP';
const ATTACHMENTS = { stopLoss: { triggerPrice: 59_000 }, takeProfit: { triggerPrice: 61_000 } };

let rig: DemoRig;
beforeEach(async () => {
  rig = await startDemoRig();
});
afterEach(async () => {
  await rig.close();
});

const simOrders = () => [...rig.sim.engine.store.allOrders()];
const liveAlgos = () => rig.sim.engine.store.liveAlgos(INST_ID);
type OnFill = (order: { clientOrderId: string }, fill: unknown, reason: string) => void;
/** Watches the reasons the kernel gives fills (what the journal and the risk engine are told). */
function fillReasons(session: TradingSession): Map<string, string[]> {
  const reasons = new Map<string, string[]>();
  const { observer } = (
    session.kernelForTests!.orders as unknown as { options: { observer: { onFill: OnFill } } }
  ).options;
  const original = observer.onFill;
  observer.onFill = (order, fill, reason) => {
    reasons.set(order.clientOrderId, [...(reasons.get(order.clientOrderId) ?? []), reason]);
    original(order, fill, reason);
  };
  return reasons;
}

/** Enters long with attached protection; returns the entry's id once OKX holds the attached OCO. */
async function enter(session: TradingSession): Promise<string> {
  const entry = rig.submit(session, { side: 'buy', qty: 1, attachments: ATTACHMENTS });
  const ids = attachedIds(entry);
  await vi.waitFor(
    () => {
      expect(rig.order(session, entry)?.status).toBe('Filled');
      expect(rig.order(session, ids.stopLoss)?.status).toBe('Accepted');
      expect(rig.order(session, ids.takeProfit)?.status).toBe('Accepted');
    },
    { timeout: 8_000 },
  );
  // OKX holds both legs as one attached algo order; the kernel sent no order of its own for them.
  expect(simOrders().map((o) => o.clOrdId)).toEqual([entry]);
  expect(liveAlgos().map((a) => [a.algoClOrdId, a.ordType, a.slTriggerPx, a.tpTriggerPx])).toEqual([
    [ids.algo, 'oco', 59_000, 61_000],
  ]);
  const open = session.kernelForTests!.orders.openOrders(rig.order(session, entry)!.strategyId);
  expect(open.map((o) => [o.clientOrderId, o.type, o.side, o.qty, o.reduceOnly, o.triggerPrice])).toEqual([
    [ids.stopLoss, 'stop-market', 'sell', 1, true, 59_000],
    [ids.takeProfit, 'stop-market', 'sell', 1, true, 61_000],
  ]);
  return entry;
}

/** The stop-loss fires on the simulator: its fill lands once under the child; the TP is gone both sides. */
async function expectStoppedOut(session: TradingSession, entry: string): Promise<void> {
  const ids = attachedIds(entry);
  const reasons = fillReasons(session);
  rig.sim.playCandle(INST_ID, { open: 60_000, high: 60_000, low: 58_500, close: 58_800, volume: 10 });
  await vi.waitFor(
    () => {
      expect(rig.order(session, ids.stopLoss)?.status).toBe('Filled');
      expect(rig.order(session, ids.takeProfit)?.status).toBe('Cancelled');
    },
    { timeout: 8_000 },
  );
  const triggered = simOrders().filter((o) => o.algoClOrdId === ids.algo);
  expect(triggered).toHaveLength(1);
  const venueFills = rig.sim.engine.store.fills().filter((f) => f.ordId === triggered[0]!.ordId);
  expect(venueFills).toHaveLength(1);
  const child = rig.order(session, ids.stopLoss)!;
  expect(child.tradeIds).toEqual([venueFills[0]!.tradeId]);
  expect(child.filledQty).toBe(1);
  expect(reasons.get(ids.stopLoss)).toEqual(['stop-loss']);
  // Flat on both sides, nothing left working anywhere.
  const kernel = session.kernelForTests!;
  expect(kernel.portfolio.accountPosition(0).qty).toBe(0);
  expect(rig.sim.engine.account.positions().every((p) => p.pos === 0)).toBe(true);
  expect(liveAlgos()).toEqual([]);
  expect(rig.sim.engine.store.liveOrders()).toEqual([]);
  expect(kernel.orders.openOrders(child.strategyId)).toEqual([]);
  expect(kernel.portfolio.invariantProblems()).toEqual([]);
}

describe('attached stop-loss / take-profit held by OKX', () => {
  it('fires the stop-loss at the venue and files its fill under the kernel child once', async () => {
    const session = await rig.session();
    const entry = await enter(session);
    await expectStoppedOut(session, entry);
  });

  it('cancelling a child cancels the attached algo order at OKX (both legs: one OCO holds them)', async () => {
    const session = await rig.session();
    const entry = await enter(session);
    const ids = attachedIds(entry);
    const kernel = session.kernelForTests!;
    kernel.orders.cancel(rig.order(session, entry)!.strategyId, ids.takeProfit);
    kernel.drain();
    await vi.waitFor(
      () => {
        expect(rig.order(session, ids.takeProfit)?.status).toBe('Cancelled');
        expect(rig.order(session, ids.stopLoss)?.status).toBe('Cancelled');
      },
      { timeout: 8_000 },
    );
    const algo = rig.sim.engine.store.findAlgo(INST_ID, '', ids.algo);
    expect(algo?.state).toBe('canceled');
    expect(liveAlgos()).toEqual([]);
    // The position stays: only its protection went, and no order was sent for it.
    expect(kernel.portfolio.accountPosition(0).qty).toBe(1);
    expect(simOrders()).toHaveLength(1);
  });

  it('survives a restart between the entry fill and the trigger: nothing lost, nothing doubled', async () => {
    const first = await rig.session({ cancelOnStop: false });
    const entry = await enter(first);
    await first.stop('restart');
    const ids = attachedIds(entry);
    const second = await rig.session();
    // Restored from the journal as ours, not adopted as external orders; the venue still holds them.
    expect(rig.order(second, ids.stopLoss)?.status).toBe('Accepted');
    expect(rig.order(second, ids.takeProfit)?.status).toBe('Accepted');
    const external = [...second.kernelForTests!.orders.all()].filter((o) => o.strategyId === 'external');
    expect(external).toEqual([]);
    expect(liveAlgos()).toHaveLength(1);
    expect(simOrders()).toHaveLength(1);
    await expectStoppedOut(second, entry);
  });

  it('lists the attached OCO among open orders, and restores children never journaled (kill -9 between rows)', async () => {
    const first = await rig.session({ cancelOnStop: false });
    // The process dies after the entry's rows, before its children's: none of theirs is written.
    const journal = (first as unknown as { journal: Journal }).journal;
    const write = journal.orderChanged.bind(journal);
    journal.orderChanged = (order) => {
      if (attachedLegOf(order.clientOrderId) === undefined) write(order);
    };
    const entry = await enter(first);
    const ids = attachedIds(entry);
    // Reconciliation and cancel-all see the attached OCO (OKX lists it under ordType `oco` only).
    const client = (first as unknown as { options: { venue: { client: ExchangeClient } } }).options.venue
      .client;
    const open = await client.fetchOpenOrders([SYMBOL]);
    expect(open.map((o) => o.clientOrderId)).toContain(ids.algo);
    await first.stop('kill -9');
    const stored = await rig.database.orders.list({ account: first.account });
    expect(stored.map((o) => o.clientOrderId)).toEqual([entry]);

    const second = await rig.session();
    expect(rig.order(second, ids.stopLoss)?.status).toBe('Accepted');
    expect(rig.order(second, ids.takeProfit)?.status).toBe('Accepted');
    const external = [...second.kernelForTests!.orders.all()].filter((o) => o.strategyId === 'external');
    expect(external).toEqual([]);
    await expectStoppedOut(second, entry);
  });

  it('entry fill and trigger both while down: one fill row per venue trade, flat, nothing external', async () => {
    const first = await rig.session({ cancelOnStop: false });
    const entry = rig.submit(first, {
      side: 'buy',
      qty: 1,
      type: 'limit',
      price: 59_800,
      attachments: ATTACHMENTS,
    });
    await vi.waitFor(() => expect(rig.order(first, entry)?.status).toBe('Accepted'), { timeout: 8_000 });
    await first.stop('restart');
    // While we are down the entry fills, OKX arms the OCO, and its stop-loss fires.
    rig.sim.playCandle(INST_ID, { open: 60_000, high: 60_000, low: 59_700, close: 59_900, volume: 10 });
    rig.sim.playCandle(INST_ID, { open: 59_900, high: 59_900, low: 58_500, close: 58_800, volume: 10 });
    const ids = attachedIds(entry);
    const fired = simOrders().find((o) => o.algoClOrdId === ids.algo);
    expect(fired?.state).toBe('filled');

    const second = await rig.session();
    await vi.waitFor(
      () => {
        expect(rig.order(second, entry)?.status).toBe('Filled');
        expect(rig.order(second, ids.stopLoss)?.status).toBe('Filled');
        expect(rig.order(second, ids.takeProfit)?.status).toBe('Cancelled');
      },
      { timeout: 8_000 },
    );
    await second.reconcileNow(); // a later pass must not apply the same trade again
    await (second as unknown as { journal: Journal }).journal.flush();
    const venueTrades = rig.sim.engine.store.fills().map((f) => f.tradeId);
    expect(venueTrades).toHaveLength(2);
    const rows = await rig.database.fills.list({ account: second.account });
    expect(rows.map((r) => r.tradeId).sort()).toEqual([...venueTrades].sort());
    expect(rows.map((r) => [r.clientOrderId, r.strategyId]).sort()).toEqual(
      [
        [entry, MANUAL],
        [ids.stopLoss, MANUAL],
      ].sort(),
    );
    const kernel = second.kernelForTests!;
    expect(kernel.portfolio.accountPosition(0).qty).toBe(0);
    expect(kernel.portfolio.position(EXTERNAL_STRATEGY, SYMBOL).qty).toBe(0);
    expect(kernel.portfolio.position(MANUAL, SYMBOL).qty).toBe(0);
    expect([...kernel.orders.all()].filter((o) => o.strategyId === EXTERNAL_STRATEGY)).toEqual([]);
  });

  it('moves the stop-loss at OKX (amend-algos): the old trigger no longer fires, the new one does, once', async () => {
    const session = await rig.session();
    const kernel = session.kernelForTests!;
    const reasons = fillReasons(session);
    // Short: the stop-loss is a buy above the price, the take-profit a buy below it.
    const entry = rig.submit(session, {
      side: 'sell',
      qty: 1,
      attachments: { stopLoss: { triggerPrice: 61_000 }, takeProfit: { triggerPrice: 59_000 } },
    });
    const ids = attachedIds(entry);
    await vi.waitFor(() => expect(rig.order(session, ids.stopLoss)?.status).toBe('Accepted'), {
      timeout: 8_000,
    });
    const amend = (triggerPrice: number) => {
      kernel.orders.amend(MANUAL, ids.stopLoss, { triggerPrice });
      kernel.drain();
    };
    const algo = () => rig.sim.engine.store.findAlgo(INST_ID, '', ids.algo)!;

    // OKX refuses a stop on the wrong side of the price: its code and message reach the strategy.
    amend(59_900);
    await vi.waitFor(() => expect(rig.order(session, ids.stopLoss)?.reason).toMatch(/51278/), {
      timeout: 8_000,
    });
    expect(rig.order(session, ids.stopLoss)?.reason).toMatch(
      /SL trigger price cannot be lower than the last price/,
    );
    expect(algo().slTriggerPx).toBe(61_000);

    amend(61_500);
    await vi.waitFor(() => expect(rig.order(session, ids.stopLoss)?.triggerPrice).toBe(61_500), {
      timeout: 8_000,
    });
    expect(algo()).toMatchObject({ state: 'live', slTriggerPx: 61_500, tpTriggerPx: 59_000 });
    expect(rig.order(session, ids.takeProfit)?.triggerPrice).toBe(59_000);

    // Through the old trigger only: nothing fires.
    rig.sim.playCandle(INST_ID, { open: 60_000, high: 61_200, low: 59_800, close: 60_000, volume: 10 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(algo().state).toBe('live');
    expect(rig.order(session, ids.stopLoss)?.status).toBe('Accepted');
    expect(kernel.portfolio.accountPosition(0).qty).toBe(-1);

    // Through the new one: the stop-loss fires, filed once under its child.
    rig.sim.playCandle(INST_ID, { open: 60_000, high: 61_700, low: 59_900, close: 61_600, volume: 10 });
    await vi.waitFor(
      () => {
        expect(rig.order(session, ids.stopLoss)?.status).toBe('Filled');
        expect(rig.order(session, ids.takeProfit)?.status).toBe('Cancelled');
      },
      { timeout: 8_000 },
    );
    const triggered = simOrders().filter((o) => o.algoClOrdId === ids.algo);
    expect(triggered).toHaveLength(1);
    const venueFills = rig.sim.engine.store.fills().filter((f) => f.ordId === triggered[0]!.ordId);
    expect(venueFills).toHaveLength(1);
    expect(venueFills[0]!.px).toBeGreaterThanOrEqual(61_500);
    expect(rig.order(session, ids.stopLoss)?.tradeIds).toEqual([venueFills[0]!.tradeId]);
    expect(reasons.get(ids.stopLoss)).toEqual(['stop-loss']);
    expect(kernel.portfolio.accountPosition(0).qty).toBe(0);
    expect(rig.sim.engine.account.positions().every((p) => p.pos === 0)).toBe(true);
    expect(liveAlgos()).toEqual([]);
    expect(kernel.orders.openOrders(MANUAL)).toEqual([]);
  });
});
