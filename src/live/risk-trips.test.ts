import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/index.js';
import type { BreakerTrip } from '../risk/breakers/index.js';
import { type RiskRuleStore, tripAddress } from '../risk/config/index.js';
import type { RiskEngine } from '../risk/engine/index.js';
import type { RiskRuleRecord } from '../storage/index.js';
import { RiskRecords } from './risk-records.js';
import { RiskTrips } from './risk-trips.js';

const ACCOUNT = 'paper:okx:a';
const trip = (at: number): BreakerTrip => ({
  breaker: 'reject-storm',
  target: { kind: 'strategy', strategyId: 's1' },
  reason: 'storm',
  details: {},
  at,
  resume: 'manual',
});
const row = (t: BreakerTrip): RiskRuleRecord => ({
  ...tripAddress(t.breaker, t.target, ACCOUNT),
  params: t,
  enabled: true,
  updatedAt: t.at,
});

/** An engine holding `active` trips; records every resume asked of it. */
function fakeEngine(active: BreakerTrip[]) {
  const resumed: number[] = [];
  const engine = {
    breakers: { trips: () => active },
    resumeBreaker: (_kind: string, _target: unknown) => {
      resumed.push(active[0]!.at);
      active.splice(0, 1);
      return true;
    },
    restoreTrips: (trips: readonly BreakerTrip[]) => {
      active.push(...trips);
      return [];
    },
  } as unknown as RiskEngine;
  return { engine, resumed };
}

function trips(engine: RiskEngine) {
  const writes: string[] = [];
  const store = {
    recordTrip: async (t: BreakerTrip) => void writes.push(`record ${t.at}`),
    clearTrip: async (_k: string, _t: unknown, _a: string, _actor: string, reason: string) => {
      writes.push(`clear ${reason}`);
      return true;
    },
  } as unknown as RiskRuleStore;
  const records = new RiskRecords(silentLogger());
  return { sync: new RiskTrips(ACCOUNT, engine, store, records), writes, records };
}

describe('RiskTrips', () => {
  it('resumes a trip only after a read saw its row and a later read does not', async () => {
    const active = [trip(100)];
    const { engine, resumed } = fakeEngine(active);
    const { sync, writes, records } = trips(engine);
    sync.onEvent({ type: 'tripped', trip: active[0]! });
    await records.flush();
    expect(writes).toEqual(['record 100']);
    // A read that started before the write landed: the row is missing, but it was never seen.
    sync.sync([]);
    expect(resumed).toEqual([]);
    sync.sync([row(trip(100))]);
    expect(resumed).toEqual([]);
    // Removed elsewhere (the CLI, the API): resumed here.
    sync.sync([]);
    expect(resumed).toEqual([100]);
  });

  it('a new trip of the same breaker is not taken for the old one, whose row a resume removed', async () => {
    const active = [trip(100)];
    const { engine, resumed } = fakeEngine(active);
    const { sync } = trips(engine);
    sync.sync([row(trip(100))]);
    // The engine resumed the old trip by itself and tripped again at 200 before the next read.
    active.splice(0, 1, trip(200));
    sync.sync([row(trip(100))]);
    sync.sync([]);
    expect(resumed).toEqual([]);
  });

  it('removes the row of a trip the engine resumed by itself or by reconfiguration, audited with why', async () => {
    const { engine } = fakeEngine([]);
    const { sync, writes, records } = trips(engine);
    sync.onEvent({ type: 'resumed', trip: trip(1), by: 'auto', at: 2 });
    sync.onEvent({ type: 'resumed', trip: trip(3), by: 'manual', at: 4 });
    await records.flush();
    expect(writes).toEqual(['clear automatic resume']);
  });

  it('keeps a trip row per account, even for a strategy id both accounts use', () => {
    const a = tripAddress('daily-loss', { kind: 'strategy', strategyId: 's1' }, 'acct-a');
    const b = tripAddress('daily-loss', { kind: 'strategy', strategyId: 's1' }, 'acct-b');
    expect(a).toEqual({ scope: 'account', scopeId: 'acct-a', rule: 'breaker-trip:daily-loss:s1' });
    expect(b.scopeId).toBe('acct-b');
    expect(tripAddress('daily-loss', { kind: 'account' }, 'acct-a').rule).toBe('breaker-trip:daily-loss');
  });
});
