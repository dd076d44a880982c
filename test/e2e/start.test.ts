import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { spawnCli, waitForOutput } from '../support/process.js';

const ADDRESS = /listening on (http:\/\/[\d.]+:\d+)/;

describe('quantlab start (spawned)', () => {
  it('answers /health within 3 s of launch, prints its address, and stops gracefully on SIGTERM', async () => {
    const cwd = tempDir('ql-e2e-');
    const launched = Date.now();
    const cli = spawnCli(['start', '--port', '0'], { cwd, env: { LOG_LEVEL: 'info' } });
    await waitForOutput(cli, (out) => ADDRESS.test(out), 3_000);
    const address = ADDRESS.exec(cli.stdout())![1]!;
    const health = await fetch(`${address}/health`);
    expect(health.status).toBe(200);
    expect(Date.now() - launched).toBeLessThan(3_000);
    const ready = await fetch(`${address}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true } } });
    expect(existsSync(join(cwd, 'var', 'quantlab.db'))).toBe(true);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain('Quant Lab stopped');
    // logs are JSON lines on stderr when it is not a terminal
    for (const line of cli.stderr().trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
    await expect(fetch(`${address}/health`)).rejects.toThrow();
  });

  it('stops on SIGINT too', async () => {
    const cli = spawnCli(['start', '--port', '0'], { cwd: tempDir('ql-e2e-'), env: { LOG_LEVEL: 'warn' } });
    await waitForOutput(cli, (out) => ADDRESS.test(out), 5_000);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('fails with one line and exit code 1 on a bad configuration, without a stack trace', async () => {
    const cli = spawnCli(['start'], { cwd: tempDir('ql-e2e-'), env: { PORT: 'eighty' } });
    expect(await cli.exited).toBe(1);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
    expect(cli.stderr()).toContain('PORT (server.port)');
  });

  it('exits 2 on an unknown verb', async () => {
    const cli = spawnCli(['fly'], { cwd: tempDir('ql-e2e-') });
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain("unknown command 'fly'");
  });

  it('a port already in use is one clear line', async () => {
    const first = spawnCli(['start', '--port', '0'], { cwd: tempDir('ql-e2e-'), env: { LOG_LEVEL: 'warn' } });
    await waitForOutput(first, (out) => ADDRESS.test(out), 5_000);
    const port = ADDRESS.exec(first.stdout())![1]!.split(':').pop()!;
    const second = spawnCli(['start', '--port', port], {
      cwd: tempDir('ql-e2e-'),
      env: { LOG_LEVEL: 'warn' },
    });
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(/address .*in use/i);
    expect(second.stderr()).not.toMatch(/\n\s+at /);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });
});
