import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteTestDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { InProcessBus } from '../../bus/index.js';
import { loadConfig } from '../../config/index.js';
import { TradingEngine } from '../../live/engine.js';
import { silentLogger } from '../../logging/index.js';
import { type Database, openDatabase } from '../../storage/index.js';
import { OkxSimulator } from '../../venues/okx-sim/index.js';
import { buildServer } from '../app.js';
import { registerBotRoutes } from './bots.js';

describe('/api/v1/bots', () => {
  let sim: OkxSimulator;
  let testDb: TestDatabase;
  let database: Database;
  beforeEach(async () => {
    sim = await OkxSimulator.start({ credentials: [], symbols: ['BTC-USDT-SWAP'] });
    testDb = createSqliteTestDatabase();
    database = await openDatabase(testDb.url, { logger: silentLogger() });
    await database.migrate();
  });
  afterEach(async () => {
    await database.close();
    await testDb.dispose();
    await sim.close();
  });

  it('starts a paper bot, lists it with its session, stops it; a restarted engine resumes running bots', async () => {
    const config = loadConfig({ env: { OKX_BASE_URL: sim.restUrl }, cwd: process.cwd() });
    const engine = new TradingEngine({
      config,
      database,
      bus: new InProcessBus({ logger: silentLogger() }),
      logger: silentLogger(),
      cwd: process.cwd(),
    });
    const app = await buildServer({
      logger: silentLogger(),
      version: 't',
      routes: [(a) => registerBotRoutes(a, engine)],
    });
    const body = {
      id: 'bot-1',
      strategy: 'sma-cross',
      exchange: 'okx',
      symbols: ['BTC/USDT:USDT'],
      timeframe: '1m',
      mode: 'paper',
    };
    const started = await app.inject({ method: 'POST', url: '/api/v1/bots', payload: body });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({
      mode: 'paper',
      account: 'paper:okx:default',
      strategies: [{ id: 'bot-1', state: 'running' }],
    });
    const again = await app.inject({ method: 'POST', url: '/api/v1/bots', payload: body });
    expect(again.statusCode).toBe(409);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/bots' });
    expect(listed.json().sessions[0].strategies.map((s: { id: string }) => s.id)).toEqual(['bot-1']);
    expect((await database.strategies.get('bot-1'))?.state).toBe('paper');

    // The process stops with the bot running: the next engine resumes it.
    await engine.stop('restart');
    const next = new TradingEngine({
      config,
      database,
      bus: new InProcessBus({ logger: silentLogger() }),
      logger: silentLogger(),
      cwd: process.cwd(),
    });
    expect(await next.resume()).toEqual(['bot-1']);
    await next.stopBot('bot-1');
    expect((await database.strategies.get('bot-1'))?.state).toBe('stopped');
    expect(next.status()).toEqual([]);
    await app.close();
  });

  it('refuses live bots over the API, bad bodies, and unknown bots', async () => {
    const config = loadConfig({ env: { OKX_BASE_URL: sim.restUrl }, cwd: process.cwd() });
    const engine = new TradingEngine({
      config,
      database,
      bus: new InProcessBus({ logger: silentLogger() }),
      logger: silentLogger(),
      cwd: process.cwd(),
    });
    const app = await buildServer({
      logger: silentLogger(),
      version: 't',
      routes: [(a) => registerBotRoutes(a, engine)],
    });
    const live = await app.inject({
      method: 'POST',
      url: '/api/v1/bots',
      payload: {
        strategy: 'sma-cross',
        exchange: 'okx',
        symbols: ['BTC/USDT:USDT'],
        timeframe: '1m',
        mode: 'live',
      },
    });
    expect(live.statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/bots', payload: { strategy: 'sma-cross' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('QL_ERR_INVALID_INPUT');
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/bots/nope/stop' });
    expect(unknown.statusCode).toBe(404);
    await app.close();
  });
});
