import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/storage/index.js';
import type { Workload } from '../harness.js';
import { MINUTES_PER_YEAR, syntheticCandles } from './synthetic-candles.js';

const BIN = new URL('../bin/quantlab.js', import.meta.url).pathname;
let dir = '';

const ARGS = [
  'backtest',
  '--json',
  '--strategy',
  'sma-cross',
  '--exchange',
  'bench',
  '--symbol',
  'BTC/USDT',
  '--timeframe',
  '1m',
  '--fee-taker',
  '0.0005',
  '--slippage-bps',
  '1',
];

/** The SQLite file setup fills: the child is pointed at it explicitly, whatever the caller's environment. */
function databaseFile(cwd: string): string {
  return join(cwd, 'var', 'quantlab.db');
}

/**
 * The child's environment: its own SQLite database, and no NATS or Redis (a developer's or CI's settings
 * must not make it connect to a message bus or a cache and time that instead), as cold-start-server does.
 */
function childEnv(cwd: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `sqlite:${databaseFile(cwd)}`,
    LOG_LEVEL: 'warn',
  };
  delete env['NATS_URL'];
  delete env['REDIS_URL'];
  return env;
}

/**
 * Runs the CLI once: the time until the JSON was complete on stdout (its last byte, `}` and a newline),
 * the time until the process exited (after storing the result), and the JSON's length.
 */
function runOnce(cwd: string): Promise<{ ms: number; exitMs: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...ARGS], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(cwd),
    });
    let bytes = 0;
    let stderr = '';
    let jsonDone = Number.NaN;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (chunk.length >= 2 && chunk[chunk.length - 1] === 0x0a && chunk[chunk.length - 2] === 0x7d)
        jsonDone = performance.now() - started;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const exitMs = performance.now() - started;
      if (code !== 0) reject(new Error(`backtest exited ${code}: ${stderr.trim()}`));
      else if (Number.isNaN(jsonDone)) reject(new Error('backtest printed no complete JSON'));
      else resolve({ ms: jsonDone, exitMs, bytes });
    });
  });
}

/**
 * `cold-start`: from spawning `quantlab backtest --json` to the last byte of the §4.4 JSON of a year of
 * 1m candles (525,600) on its stdout: process start, configuration, database, columnar cache, the full
 * kernel, metrics and the equity curve printed. The result is stored after it is printed; the time to
 * exit is logged too. The database and the cache file are built in setup (a user backtests data they
 * downloaded earlier); the child gets that database as DATABASE_URL and no NATS_URL / REDIS_URL.
 */
export const coldStart: Workload = {
  name: 'cold-start',
  unit: 'ms',
  better: 'lower',
  target: 1500,
  async setup(ctx) {
    dir = mkdtempSync(join(tmpdir(), 'ql-bench-cold-'));
    const database = await openDatabase(`sqlite:${databaseFile(dir)}`, { baseDir: dir });
    await database.migrate();
    await database.candles.upsertMany(
      'bench',
      'BTC/USDT',
      '1m',
      syntheticCandles(ctx.quick ? 100_000 : MINUTES_PER_YEAR),
    );
    await database.close();
    const first = await runOnce(dir);
    ctx.log(
      `cold-start: first run (builds the cache) ${first.ms.toFixed(0)} ms, ${first.bytes} bytes of JSON`,
    );
  },
  async run(ctx) {
    const { ms, exitMs } = await runOnce(dir);
    ctx.log(
      `cold-start: JSON complete after ${ms.toFixed(0)} ms, exit (result stored) after ${exitMs.toFixed(0)} ms`,
    );
    return ms;
  },
  async teardown() {
    rmSync(dir, { recursive: true, force: true });
  },
};
