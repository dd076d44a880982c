import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { silentLogger } from '../../logging/index.js';
import { type Database, openDatabase } from '../../storage/index.js';
import { buildServer } from '../app.js';
import { registerRiskRoutes } from './risk.js';

describe('/api/v1/risk', () => {
  let testDb: TestDatabase;
  let database: Database;
  beforeEach(async () => {
    testDb = createSqliteTestDatabase();
    database = await openDatabase(testDb.url, { logger: silentLogger() });
    await database.migrate();
  });
  afterEach(async () => {
    await database.close();
    await testDb.dispose();
  });

  const server = () =>
    buildServer({
      logger: silentLogger(),
      version: 't',
      routes: [(app) => registerRiskRoutes(app, database)],
    });

  it('engages and lifts the kill switch (a reason is required), audited with the caller', async () => {
    const app = await server();
    const missing = await app.inject({ method: 'POST', url: '/api/v1/risk/kill', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('QL_ERR_INVALID_INPUT');
    const kill = await app.inject({
      method: 'POST',
      url: '/api/v1/risk/kill',
      payload: { reason: 'drill', flatten: true },
    });
    expect(kill.statusCode).toBe(200);
    expect(kill.json()).toMatchObject({ engaged: true, reason: 'drill', flatten: true });
    expect((await app.inject({ method: 'GET', url: '/api/v1/risk' })).json().killSwitch).toMatchObject({
      engaged: true,
    });
    const lift = await app.inject({
      method: 'POST',
      url: '/api/v1/risk/resume',
      payload: { reason: 'done' },
    });
    expect(lift.json()).toMatchObject({ engaged: false });
    const audit = await database.tradeLogs.query({});
    expect(audit.map((e) => [e.action, e.actor.startsWith('api:')])).toEqual([
      ['risk.kill', true],
      ['risk.resume', true],
    ]);
    await app.close();
  });

  it('sets, lists and removes limits with the same validation as the CLI', async () => {
    const app = await server();
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/risk/rules/max-order-notional',
      payload: { scope: 'global', params: { limit: 0 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/max-order-notional: limit/);
    const unknown = await app.inject({
      method: 'PUT',
      url: '/api/v1/risk/rules/kill-switch',
      payload: { scope: 'global', params: {} },
    });
    expect(unknown.statusCode).toBe(400);
    const set = await app.inject({
      method: 'PUT',
      url: '/api/v1/risk/rules/daily-loss',
      payload: { scope: 'strategy', scopeId: 'sma-1', params: { maxLoss: 250 } },
    });
    expect(set.statusCode).toBe(200);
    const listed = (await app.inject({ method: 'GET', url: '/api/v1/risk' })).json();
    expect(listed.rules).toMatchObject([
      { scope: 'strategy', scopeId: 'sma-1', rule: 'daily-loss', enabled: true },
    ]);
    const removed = await app.inject({
      method: 'DELETE',
      url: '/api/v1/risk/rules/daily-loss?scope=strategy&scopeId=sma-1',
    });
    expect(removed.statusCode).toBe(200);
    const again = await app.inject({
      method: 'DELETE',
      url: '/api/v1/risk/rules/daily-loss?scope=strategy&scopeId=sma-1',
    });
    expect(again.statusCode).toBe(404);
    expect((await database.tradeLogs.query({})).map((e) => e.action)).toEqual([
      'risk.rule.set',
      'risk.rule.remove',
    ]);
    await app.close();
  });
});
