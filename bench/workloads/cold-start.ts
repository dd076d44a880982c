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

/** Runs the CLI once and resolves with the wall time until it exited and its stdout length. */
function runOnce(cwd: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...ARGS], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`backtest exited ${code}: ${stderr.trim()}`));
      else resolve({ ms, bytes });
    });
  });
}

/**
 * `cold-start`: from spawning `quantlab backtest --json` to its exit after printing the §4.4 JSON of a
 * year of 1m candles (525,600): process start, configuration, database, columnar cache, the full kernel,
 * metrics, storing the result and printing the equity curve. The database and the cache file are built
 * in setup (a user backtests data they downloaded earlier).
 */
export const coldStart: Workload = {
  name: 'cold-start',
  unit: 'ms',
  better: 'lower',
  target: 1500,
  async setup(ctx) {
    dir = mkdtempSync(join(tmpdir(), 'ql-bench-cold-'));
    const database = await openDatabase(`sqlite:${join(dir, 'var', 'quantlab.db')}`, { baseDir: dir });
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
  async run() {
    return (await runOnce(dir)).ms;
  },
  async teardown() {
    rmSync(dir, { recursive: true, force: true });
  },
};
