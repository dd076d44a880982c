import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('npm start (the README command)', () => {
  it('builds, starts, prints its address and answers /health within 3 s of launch', async () => {
    const launched = Date.now();
    // Its own process group, so the whole tree (npm → sh → node) can be stopped together.
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        PORT: '0',
        DATABASE_URL: `sqlite:${join(tempDir('ql-npm-start-'), 'ql.db')}`,
        LOG_LEVEL: 'warn',
        NATS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let address: string | undefined;
      while (address === undefined && Date.now() - launched < 10_000 && child.exitCode === null) {
        address = /listening on (http:\/\/[\d.]+:\d+)/.exec(out)?.[1];
        if (address === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(address, out).toBeDefined();
      expect((await fetch(`${address}/health`)).status).toBe(200);
      expect(Date.now() - launched).toBeLessThan(3_000);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
});
