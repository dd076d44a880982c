import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workload } from '../harness.js';

const BIN = new URL('../bin/quantlab.js', import.meta.url).pathname;

/** A port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls `url` until it answers 200; resolves with the time it did (performance.now()). */
export async function waitForOk(url: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function stopChild(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/**
 * `cold-start-server`: from spawning `quantlab start` (fresh SQLite database, so migrations included) to
 * `GET /health` answering 200.
 */
export const coldStartServer: Workload = {
  name: 'cold-start-server',
  unit: 'ms',
  better: 'lower',
  target: 1000,
  runs: 7,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'ql-bench-start-'));
    const port = await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'start', '--port', String(port)], {
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'ql.db')}`, LOG_LEVEL: 'warn', NATS_URL: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      const answered = await waitForOk(`http://127.0.0.1:${port}/health`, child, 15_000);
      return answered - started;
    } finally {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
