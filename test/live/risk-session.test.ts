/**
 * The risk engine in a live (demo) session against the OKX simulator over real ccxt: limits changed
 * while running, denials recorded, a breaker that trips on rejects, is stored, survives a restart and
 * lifts only on an audited resume; and the kill switch under a flood of orders.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InProcessBus, topics } from '../../src/bus/index.js';
import type { RiskDecision } from '../../src/bus/messages.js';
import { silentLogger } from '../../src/logging/index.js';
import { RiskRuleStore } from '../../src/risk/config/index.js';
import { KillSwitch } from '../../src/risk/kill-switch.js';
import { type DemoRig, MANUAL, startDemoRig } from '../support/okx-demo-rig.js';

let rig: DemoRig;
beforeEach(async () => {
  rig = await startDemoRig();
});
afterEach(async () => {
  await rig.close();
});

const global = (rule: string) => ({ scope: 'global' as const, scopeId: '', rule });

describe('stored limits in a running session', () => {
  it('apply within a poll of being set, deny with their numbers, are recorded, and lift when removed', async () => {
    const bus = new InProcessBus({ logger: silentLogger() });
    const decisions: RiskDecision[] = [];
    bus.subscribe(topics.riskDecision, (m) => decisions.push(m as RiskDecision));
    const session = await rig.session({ killSwitchPollMs: 50, bus });
    const store = new RiskRuleStore(rig.database);
    await store.set(global('max-order-qty'), { limit: 2 }, 'test');
    await expect(store.set(global('max-order-qty'), { limit: -1 }, 'test')).rejects.toMatchObject({
      code: 'QL_ERR_INVALID_INPUT',
      message: expect.stringContaining('limit'),
    });
    await vi.waitFor(() => {
      const probe = rig.submit(session, { side: 'buy', qty: 3, type: 'limit', price: 1 });
      expect(rig.order(session, probe)?.status).toBe('Denied');
    });
    const denied = rig.submit(session, { side: 'buy', qty: 2.5 });
    expect(rig.order(session, denied)?.reason).toMatch(/^max-order-qty: /);
    // At the limit passes.
    const atLimit = rig.submit(session, { side: 'buy', qty: 2 });
    await vi.waitFor(() => expect(rig.order(session, atLimit)?.status).toBe('Filled'));
    expect(decisions.find((d) => d.intentId === denied)).toMatchObject({
      approved: false,
      rule: 'max-order-qty',
      details: { limit: 2 },
      strategyId: MANUAL,
    });
    await session.risk.flush();
    const logs = await rig.database.tradeLogs.query({ action: 'risk.denied', subject: denied });
    expect(logs).toHaveLength(1);
    expect(logs[0]!.details).toMatchObject({ rule: 'max-order-qty', limit: 2, qty: 2.5 });
    expect((await rig.database.tradeLogs.query({ action: 'risk.rule.set' })).map((l) => l.details)).toEqual([
      { scope: 'global', scopeId: '', rule: 'max-order-qty', before: null, after: { limit: 2 } },
    ]);

    await store.remove(global('max-order-qty'), 'test');
    await vi.waitFor(() => {
      const probe = rig.submit(session, { side: 'buy', qty: 3, type: 'limit', price: 1 });
      expect(rig.order(session, probe)?.status).not.toBe('Denied');
    });
    await vi.waitFor(() => expect(rig.sim.engine.store.liveOrders().length).toBeGreaterThan(0));
    // The account's equity is recorded (periodically and at stop) for reports and drawdown charts.
    session.kernelForTests!.portfolio.mark(0, 60_000);
    await session.stop('done');
    const snapshot = await rig.database.equitySnapshots.latest('account', session.account);
    expect(snapshot?.equity).toBeCloseTo(session.status().equity, 6);
    expect(snapshot!.equity).toBeGreaterThan(0);
  });

  it('a row written by hand with bad parameters is skipped and reported; the good rules still hold', async () => {
    await rig.database.riskRules.upsert({
      ...global('max-order-qty'),
      params: { limit: 'lots' },
      enabled: true,
      updatedAt: 1,
    });
    await rig.database.riskRules.upsert({
      ...global('max-order-notional'),
      params: { limit: 1 },
      enabled: true,
      updatedAt: 1,
    });
    const session = await rig.session();
    const id = rig.submit(session, { side: 'buy', qty: 1, type: 'limit', price: 50_000 });
    expect(rig.order(session, id)?.reason).toMatch(/^max-order-notional: /);
  });
});

describe('breakers in a running session', () => {
  it('a reject storm pauses the strategy, the trip is stored, survives a restart and lifts on a manual resume', async () => {
    const store = new RiskRuleStore(rig.database);
    await store.set(
      { scope: 'strategy', scopeId: MANUAL, rule: 'reject-storm' },
      { maxRejects: 2, windowMs: 60_000, resume: 'manual' },
      'test',
    );
    const session = await rig.session({ killSwitchPollMs: 50 });
    rig.sim.inject({ kind: 'rejectNextOrder', sCode: '51008', sMsg: 'Insufficient margin', count: 2 });
    const rejected = [
      rig.submit(session, { side: 'buy', qty: 1 }),
      rig.submit(session, { side: 'buy', qty: 1 }),
    ];
    await vi.waitFor(() =>
      expect(rejected.map((id) => rig.order(session, id)?.status)).toEqual(['Rejected', 'Rejected']),
    );
    const paused = rig.submit(session, { side: 'buy', qty: 1 });
    expect(rig.order(session, paused)?.reason).toMatch(/^breaker:reject-storm/);
    await session.risk.flush();
    expect(await store.trips(session.account)).toMatchObject([
      { breaker: 'reject-storm', target: { kind: 'strategy', strategyId: MANUAL }, resume: 'manual' },
    ]);
    await session.stop('restart');

    const next = await rig.session({ killSwitchPollMs: 50 });
    const still = rig.submit(next, { side: 'buy', qty: 1 });
    expect(rig.order(next, still)?.reason).toMatch(/^breaker:reject-storm/);
    await expect(
      store.clearTrip('reject-storm', { kind: 'strategy', strategyId: MANUAL }, next.account, 'test', ''),
    ).rejects.toMatchObject({
      code: 'QL_ERR_INVALID_INPUT',
    });
    expect(
      await store.clearTrip(
        'reject-storm',
        { kind: 'strategy', strategyId: MANUAL },
        next.account,
        'ops',
        'margin topped up',
      ),
    ).toBe(true);
    await vi.waitFor(() => {
      const probe = rig.submit(next, { side: 'buy', qty: 1, type: 'limit', price: 1 });
      expect(rig.order(next, probe)?.status).not.toBe('Denied');
    });
    const actions = (await rig.database.tradeLogs.query({}))
      .map((l) => l.action)
      .filter((a) => a.startsWith('risk.breaker'));
    expect(actions).toEqual(['risk.breaker.trip', 'risk.breaker.resume']);
  });
});

describe('breaker state across a restart', () => {
  it('a reject window half full before a restart is still half full after it', async () => {
    const store = new RiskRuleStore(rig.database);
    await store.set(
      { scope: 'strategy', scopeId: MANUAL, rule: 'reject-storm' },
      { maxRejects: 3, windowMs: 600_000 },
      'test',
    );
    const first = await rig.session();
    rig.sim.inject({ kind: 'rejectNextOrder', sCode: '51008', sMsg: 'Insufficient margin', count: 3 });
    const two = [rig.submit(first, { side: 'buy', qty: 1 }), rig.submit(first, { side: 'buy', qty: 1 })];
    await vi.waitFor(() =>
      expect(two.map((id) => rig.order(first, id)?.status)).toEqual(['Rejected', 'Rejected']),
    );
    await first.stop('restart');
    expect(await store.trips(first.account)).toEqual([]);

    const second = await rig.session();
    const third = rig.submit(second, { side: 'buy', qty: 1 });
    await vi.waitFor(() => expect(rig.order(second, third)?.status).toBe('Rejected'));
    // The third reject in the window trips it: the first two were carried over.
    const next = rig.submit(second, { side: 'buy', qty: 1 });
    expect(rig.order(second, next)?.reason).toMatch(/^breaker:reject-storm/);
  });
});

describe('kill switch without flattening', () => {
  it('cancels the orders that could add risk and keeps the stops of the positions it keeps', async () => {
    const session = await rig.session({ killSwitchPollMs: 60_000 });
    const entry = rig.submit(session, { side: 'buy', qty: 2 });
    await vi.waitFor(() => expect(rig.order(session, entry)?.status).toBe('Filled'));
    const stop = rig.submit(session, {
      side: 'sell',
      qty: 2,
      type: 'stop-market',
      triggerPrice: 1_000,
      reduceOnly: true,
    });
    const bid = rig.submit(session, { side: 'buy', qty: 1, type: 'limit', price: 1_000 });
    await vi.waitFor(() =>
      expect([stop, bid].map((id) => rig.order(session, id)?.status)).toEqual(['Accepted', 'Accepted']),
    );
    await new KillSwitch(rig.database).engage('test', 'drill');
    await session.obeyKillSwitch();
    await vi.waitFor(() => expect(rig.order(session, bid)?.status).toBe('Cancelled'));
    expect(rig.order(session, stop)?.status).toBe('Accepted');
    expect(session.kernelForTests!.portfolio.position(MANUAL, 'BTC/USDT:USDT').qty).toBe(2);
  });
});

describe('kill switch under load', () => {
  it('every order arriving while it trips is denied, and nothing is left open at the venue', async () => {
    const session = await rig.session({ killSwitchPollMs: 20 });
    const sent: string[] = [];
    let engagedAt = Number.POSITIVE_INFINITY;
    // A flood: a resting order every 2 ms from before the switch until well after it.
    const flood = setInterval(() => {
      const id = rig.submit(session, { side: 'buy', qty: 1, type: 'limit', price: 1_000 + sent.length });
      sent.push(id);
    }, 2);
    await new Promise((r) => setTimeout(r, 100));
    await new KillSwitch(rig.database).engage('test', 'load drill');
    await vi.waitFor(() => expect(session.status().halted).toHaveProperty('kill-switch'));
    engagedAt = sent.length;
    await vi.waitFor(() => expect(sent.length - engagedAt).toBeGreaterThan(20), { timeout: 5_000 });
    clearInterval(flood);
    const after = sent.slice(engagedAt);
    expect(new Set(after.map((id) => rig.order(session, id)?.status))).toEqual(new Set(['Denied']));
    const before = sent.slice(0, engagedAt);
    expect(before.length).toBeGreaterThan(5);
    await vi.waitFor(
      () => {
        expect(rig.sim.engine.store.liveOrders()).toEqual([]);
        for (const id of before)
          expect(['Cancelled', 'Denied', 'Rejected']).toContain(rig.order(session, id)?.status);
      },
      { timeout: 10_000 },
    );
  });
});
