import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/cli.js';
import { type Config, DEFAULT_CONFIG } from '../config/index.js';
import { silentLogger } from '../logging/index.js';
import { startPlatform } from './index.js';

function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...DEFAULT_CONFIG,
    database: { url: `sqlite:${join(tempDir('ql-platform-'), 'ql.db')}` },
    server: { port: 0, host: '127.0.0.1' },
    ...overrides,
  };
}

if (!process.env.TEST_NATS_URL)
  console.warn('platform: TEST_NATS_URL unset — the NATS bus start test is skipped');

describe('startPlatform', () => {
  it('migrates, serves, and publishes system events', async () => {
    const platform = await startPlatform({ config: testConfig(), logger: silentLogger() });
    try {
      const status = await platform.database.migrationStatus();
      expect(status.pending).toEqual([]);
      expect(status.current).toBe(status.latest);
      expect((await fetch(`${platform.address}/health/ready`)).status).toBe(200);
      const events: string[] = [];
      platform.bus.subscribe('system.>', (_payload, envelope) => events.push(envelope.topic));
      await platform.stop('test');
      expect(events).toEqual(['system.stopping']);
    } finally {
      await platform.stop();
    }
  });

  it('finishes in-flight requests on stop, refuses new ones, and closes the database', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const platform = await startPlatform({
      config: testConfig(),
      logger: silentLogger(),
      routes: [
        (app) => {
          app.get('/slow', async () => {
            await gate;
            return { done: true };
          });
        },
      ],
    });
    const inFlight = fetch(`${platform.address}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the request has reached the handler
    const stopping = platform.stop('test');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const late = await fetch(`${platform.address}/health`).then(
      (reply) => reply.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    release();
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ done: true });
    await stopping;
    await expect(platform.database.ping()).rejects.toThrow();
    expect(platform.bus.closed).toBe(true);
  });

  it.skipIf(!process.env.TEST_NATS_URL)('uses NATS as the bus when NATS_URL is set', async () => {
    const config = testConfig({ nats: { url: process.env.TEST_NATS_URL! } });
    const platform = await startPlatform({ config, logger: silentLogger() });
    try {
      expect(platform.bus.constructor.name).toBe('NatsBus');
      const ready = await (await fetch(`${platform.address}/health/ready`)).json();
      expect(ready).toMatchObject({ status: 'ready', checks: { bus: { ok: true } } });
    } finally {
      await platform.stop();
    }
    expect(platform.bus.closed).toBe(true);
  });

  it('refuses an unsafe configuration before opening anything', async () => {
    const config = testConfig({ execution: { mode: 'kraken', allowLiveTrading: false } });
    await expect(startPlatform({ config, logger: silentLogger() })).rejects.toMatchObject({
      code: 'QL_ERR_LIVE_TRADING_NOT_ALLOWED',
    });
  });

  it('closes the database again when the server cannot listen', async () => {
    const first = await startPlatform({ config: testConfig(), logger: silentLogger() });
    try {
      const port = Number(new URL(first.address).port);
      const config = testConfig({ server: { port, host: '127.0.0.1' } });
      await expect(startPlatform({ config, logger: silentLogger() })).rejects.toMatchObject({
        code: 'QL_ERR_CONFIG_INVALID',
        message: expect.stringContaining('already in use'),
      });
    } finally {
      await first.stop();
    }
  });
});
