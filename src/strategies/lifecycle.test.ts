import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../../test/support/databases.js';
import { isQuantLabError } from '../core/errors.js';
import { type Database, openDatabase } from '../storage/index.js';
import {
  canTransition,
  formatLifecycleTable,
  LIFECYCLE_STATES,
  LIFECYCLE_TRANSITIONS,
  type LifecycleState,
  StrategyLifecycle,
  TRANSITION_ACTION,
} from './lifecycle.js';

describe('the lifecycle table', () => {
  it('lets only approved-for-live (and paused, which came from live) reach live', () => {
    const intoLive = LIFECYCLE_STATES.filter((from) => canTransition(from, 'live'));
    expect(intoLive).toEqual(['approved-for-live', 'paused']);
  });

  it('names only known states, has no self-loops, and archived is final', () => {
    for (const from of LIFECYCLE_STATES) {
      for (const to of LIFECYCLE_TRANSITIONS[from]) {
        expect(LIFECYCLE_STATES).toContain(to);
        expect(to).not.toBe(from);
      }
    }
    expect(LIFECYCLE_TRANSITIONS.archived).toEqual([]);
    expect(canTransition('live', 'paused') && canTransition('paused', 'live')).toBe(true);
  });

  it('is printed in docs/strategies.md exactly as the code has it', () => {
    const docs = readFileSync(new URL('../../docs/strategies.md', import.meta.url), 'utf8');
    expect(docs).toContain(formatLifecycleTable());
  });

  it('prints one line per state', () => {
    const text = formatLifecycleTable();
    expect(text.split('\n')).toHaveLength(LIFECYCLE_STATES.length);
    expect(text).toContain('approved-for-live -> live, paper, stopped, archived');
    expect(text).toMatch(/archived\s+-> \(final\)/);
  });
});

function defineLifecycleSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`StrategyLifecycle on ${name}`, () => {
    let target: TestDatabase | undefined;
    let database: Database | undefined;
    let clock = 1_000;
    let lifecycle: StrategyLifecycle;
    let counter = 0;

    beforeAll(async () => {
      target = await create();
      database = await openDatabase(target.url);
      await database.migrate();
      lifecycle = new StrategyLifecycle(database, () => clock);
    });
    afterAll(async () => {
      await database?.close();
      await target?.dispose();
    });

    async function registered(): Promise<string> {
      counter += 1;
      const id = `sma-cross-${counter}`;
      await lifecycle.register({
        id,
        name: 'sma-cross',
        version: '1.0.0',
        spec: null,
        params: { fast: 10 },
        actor: 'alice',
      });
      return id;
    }

    async function walk(id: string, path: LifecycleState[]): Promise<void> {
      for (const to of path) {
        clock += 1;
        await lifecycle.transition(id, { to, actor: 'alice', reason: `to ${to}` });
      }
    }

    it('walks the happy path to live and back, storing each move on the row and in the audit log', async () => {
      const id = await registered();
      await walk(id, ['validated', 'backtested', 'paper', 'approved-for-live', 'live', 'paused', 'live']);
      clock += 1;
      const record = await lifecycle.transition(id, {
        to: 'stopped',
        actor: 'risk-engine',
        reason: 'kill switch',
      });
      expect(record.state).toBe('stopped');
      expect(record.updatedAt).toBe(clock);
      const history = await lifecycle.history(id);
      expect(history.map((h) => h.to)).toEqual([
        'draft',
        'validated',
        'backtested',
        'paper',
        'approved-for-live',
        'live',
        'paused',
        'live',
        'stopped',
      ]);
      expect(history.at(-1)).toMatchObject({
        actor: 'risk-engine',
        from: 'live',
        reason: 'kill switch',
        ts: clock,
      });
      expect(history[0]).toMatchObject({ actor: 'alice', action: 'strategy.registered' });
    });

    it('refuses paper straight to live and writes nothing', async () => {
      const id = await registered();
      await walk(id, ['validated', 'backtested', 'paper']);
      const before = await database!.tradeLogs.query({ subject: id });
      const row = await database!.strategies.get(id);
      try {
        await lifecycle.transition(id, { to: 'live', actor: 'mallory', reason: 'yolo' });
        expect.unreachable();
      } catch (error) {
        expect(isQuantLabError(error, 'QL_ERR_STRATEGY_ILLEGAL_TRANSITION')).toBe(true);
        expect((error as Error).message).toContain('Only an approved-for-live strategy can go live');
      }
      expect(await database!.tradeLogs.query({ subject: id })).toEqual(before);
      expect(await database!.strategies.get(id)).toEqual(row);
      expect(await lifecycle.state(id)).toBe('paper');
    });

    it('refuses moves out of archived, unknown ids and unknown states', async () => {
      const id = await registered();
      await walk(id, ['archived']);
      await expect(lifecycle.transition(id, { to: 'draft', actor: 'a', reason: 'r' })).rejects.toMatchObject({
        code: 'QL_ERR_STRATEGY_ILLEGAL_TRANSITION',
      });
      await expect(
        lifecycle.transition('nope', { to: 'validated', actor: 'a', reason: 'r' }),
      ).rejects.toMatchObject({
        code: 'QL_ERR_NOT_FOUND',
      });
      await expect(
        lifecycle.transition(id, { to: 'retired' as LifecycleState, actor: 'a', reason: 'r' }),
      ).rejects.toMatchObject({ code: 'QL_ERR_INVALID_INPUT' });
      await expect(lifecycle.transition(id, { to: 'draft', actor: '', reason: 'r' })).rejects.toMatchObject({
        code: 'QL_ERR_INVALID_INPUT',
      });
    });

    it('lets only one of two concurrent moves from the same state succeed', async () => {
      const id = await registered();
      const results = await Promise.allSettled([
        lifecycle.transition(id, { to: 'validated', actor: 'a', reason: 'first' }),
        lifecycle.transition(id, { to: 'validated', actor: 'b', reason: 'second' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const moves = (await lifecycle.history(id)).filter((h) => h.action === TRANSITION_ACTION);
      expect(moves).toHaveLength(1);
    });

    it('refuses to register an id twice, also when both try at once', async () => {
      const id = await registered();
      const again = { id, name: 'x', version: '1.0.0', spec: null, params: {}, actor: 'alice' };
      await expect(lifecycle.register(again)).rejects.toMatchObject({ code: 'QL_ERR_CONFLICT' });
      const racing = await Promise.allSettled([
        lifecycle.register({ ...again, id: `${id}-race` }),
        lifecycle.register({ ...again, id: `${id}-race` }),
      ]);
      expect(racing.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(racing.find((r) => r.status === 'rejected')).toMatchObject({
        reason: { code: 'QL_ERR_CONFLICT' },
      });
    });

    it('writes the row and its trade_logs entry in one transaction: when the log fails, neither is written', async () => {
      const id = await registered();
      const db = database!.db;
      await sql`alter table trade_logs rename to trade_logs_away`.execute(db);
      try {
        await expect(
          lifecycle.transition(id, { to: 'validated', actor: 'a', reason: 'r' }),
        ).rejects.toMatchObject({ code: expect.stringMatching(/^QL_ERR_DB_/) });
        await expect(
          lifecycle.register({
            id: `${id}-new`,
            name: 'x',
            version: '1.0.0',
            spec: null,
            params: {},
            actor: 'a',
          }),
        ).rejects.toMatchObject({ code: expect.stringMatching(/^QL_ERR_DB_/) });
      } finally {
        await sql`alter table trade_logs_away rename to trade_logs`.execute(db);
      }
      expect(await lifecycle.state(id)).toBe('draft');
      expect((await lifecycle.history(id)).map((h) => h.to)).toEqual(['draft']);
      expect(await database!.strategies.get(`${id}-new`)).toBeUndefined();
    });
  });
}

defineLifecycleSuite('sqlite', async () => createSqliteTestDatabase());

if (TEST_DATABASE_URL === undefined)
  console.warn('lifecycle: TEST_DATABASE_URL unset — PostgreSQL run skipped');
describe.skipIf(TEST_DATABASE_URL === undefined)('postgresql', () => {
  defineLifecycleSuite('postgresql', () => createPostgresTestDatabase(TEST_DATABASE_URL ?? ''));
});
