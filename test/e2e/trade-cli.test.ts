/**
 * `quantlab trade` end to end from the command line, against `quantlab sim okx` semantics (the simulator
 * in process, the CLI as a child process, as a user runs them): a paper session on the simulator's public
 * market data, and a demo session on its private API that is killed with SIGKILL mid-run and restarted —
 * the restart reconciles, and nothing is lost or doubled.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/index.js';
import { type Database, openDatabase } from '../../src/storage/index.js';
import { OkxSimulator } from '../../src/venues/okx-sim/index.js';
import { tempDir } from '../support/cli.js';
import { spawnCli, waitForOutput } from '../support/process.js';

const CREDS = { apiKey: 'cli-key-0001', secret: 'cli-secret-never-printed', passphrase: 'Cli-Pass-1' };
const PARAMS = JSON.stringify({ fast: 2, slow: 3, mode: 'long-short', fraction: 0.2 });

let sim: OkxSimulator;
let dir: string;
beforeEach(async () => {
  // Candles of one second, one every 60 ms of wall time: sma-cross 2/4 crosses within seconds.
  sim = await OkxSimulator.start({
    credentials: [CREDS],
    symbols: ['BTC-USDT-SWAP'],
    intervalMs: 60,
    barMs: 1_000,
    volatility: 0.004,
    seed: 3,
  });
  dir = tempDir('ql-trade-');
});
afterEach(async () => {
  await sim.close();
});

function trade(mode: 'paper' | 'demo', extraEnv: Record<string, string> = {}) {
  return spawnCli(
    [
      'trade',
      '--strategy',
      'sma-cross',
      '--exchange',
      'okx',
      '--symbol',
      'BTC/USDT:USDT',
      '--timeframe',
      '1m',
      '--mode',
      mode,
      '--params',
      PARAMS,
      '--id',
      'cli-bot',
      '--json',
    ],
    {
      cwd: dir,
      env: {
        DATABASE_URL: `sqlite:${dir}/ql.db`,
        OKX_BASE_URL: sim.restUrl,
        LOG_LEVEL: 'warn',
        ...(mode === 'demo'
          ? {
              OKX_API_KEY: CREDS.apiKey,
              OKX_SECRET_KEY: CREDS.secret,
              OKX_PASSPHRASE: CREDS.passphrase,
              OKX_SIMULATED_TRADING: '1',
            }
          : {}),
        ...extraEnv,
      },
    },
  );
}

async function withDb<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(`sqlite:${dir}/ql.db`, { logger: silentLogger() });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A trade that must be refused before anything starts (the timeframe does not matter). */
const refusalArgs = (mode: string) => [
  'trade',
  '--strategy',
  'sma-cross',
  '--exchange',
  'okx',
  '--symbol',
  'BTC/USDT:USDT',
  '--timeframe',
  '1m',
  '--mode',
  mode,
];

describe('quantlab trade', () => {
  it('runs a paper session on the simulator’s market data until SIGTERM, journaling its fills', async () => {
    const cli = trade('paper');
    await waitForOutput(cli, (out) => out.includes('"event":"started"'), 20_000);
    const started = JSON.parse(cli.stdout().split('\n')[0]!);
    expect(started).toMatchObject({
      event: 'started',
      account: 'paper:okx:default',
      mode: 'paper',
      strategies: ['cli-bot'],
    });
    await until(
      async () => withDb(async (db) => (await db.fills.list({ account: 'paper:okx:default' })).length >= 1),
      45_000,
      'paper fills',
    );
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain('"event":"stopped"');
    // Paper trading never touched the venue account.
    expect(sim.engine.store.fills()).toHaveLength(0);
  }, 60_000);

  it('runs a demo session, survives kill -9, and the restart reconciles with nothing lost or doubled', async () => {
    const first = trade('demo');
    await waitForOutput(first, (out) => out.includes('"event":"started"'), 20_000);
    await until(
      () => sim.engine.store.fills().length >= 2,
      45_000,
      `demo fills at the venue (${sim.engine.store.fills().length})`,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    // While we are down the market moves on (and may fill what was left working).
    await new Promise((resolve) => setTimeout(resolve, 500));

    const second = trade('demo');
    await waitForOutput(second, (out) => out.includes('"event":"started"'), 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const venueFills = sim.engine.store.fills();
    const stored = await withDb((db) => db.fills.list());
    // Every execution at the venue is in our journal exactly once, and we hold none the venue does not.
    expect(stored.map((f) => f.tradeId).sort()).toEqual(venueFills.map((f) => f.tradeId).sort());
    // Each client order id was placed at most once.
    const byClOrdId = new Map<string, Set<string>>();
    for (const f of venueFills)
      byClOrdId.set(f.clOrdId, (byClOrdId.get(f.clOrdId) ?? new Set()).add(f.ordId));
    for (const ordIds of byClOrdId.values()) expect(ordIds.size).toBe(1);
    // No secret in anything printed.
    for (const text of [first.stdout(), first.stderr(), second.stdout(), second.stderr()]) {
      expect(text).not.toContain(CREDS.secret);
      expect(text).not.toContain(CREDS.passphrase);
    }
  }, 120_000);

  it('refuses demo mode without credentials, and live mode without ALLOW_LIVE_TRADING', async () => {
    const noKeys = spawnCli(refusalArgs('demo'), {
      cwd: dir,
      env: { DATABASE_URL: `sqlite:${dir}/ql.db`, OKX_BASE_URL: sim.restUrl },
    });
    expect(await noKeys.exited).toBe(1);
    expect(noKeys.stderr()).toContain('QL_ERR_CREDENTIALS_MISSING');
    const live = spawnCli(refusalArgs('live'), {
      cwd: dir,
      env: {
        DATABASE_URL: `sqlite:${dir}/ql.db`,
        OKX_BASE_URL: sim.restUrl,
        OKX_API_KEY: CREDS.apiKey,
        OKX_SECRET_KEY: CREDS.secret,
        OKX_PASSPHRASE: CREDS.passphrase,
        OKX_SIMULATED_TRADING: '0',
      },
    });
    expect(await live.exited).toBe(1);
    expect(live.stderr()).toContain('QL_ERR_LIVE_TRADING_NOT_ALLOWED');
    expect(live.stderr()).not.toContain(CREDS.secret);
  }, 60_000);
});
