import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/index.js';
import { silentLogger } from '../logging/index.js';
import { Heartbeat } from './heartbeat.js';

describe('Heartbeat', () => {
  it('publishes system.health on every change and system.heartbeat with every component', () => {
    const bus = new InProcessBus({ logger: silentLogger() });
    const seen: Array<{ topic: string; detail: unknown }> = [];
    bus.subscribe('system.>', (payload, envelope) =>
      seen.push({ topic: envelope.topic, detail: payload.detail }),
    );
    const heartbeat = new Heartbeat(bus, 'test', () => 1);
    heartbeat.report('feed:okx', 'ok', 'live');
    heartbeat.report('feed:okx', 'ok', 'live'); // no change: not published again
    heartbeat.report('private-stream', 'degraded', 'reconnecting');
    expect(heartbeat.overall()).toBe('degraded');
    heartbeat.report('journal', 'down', 'the database cannot be written');
    expect(heartbeat.overall()).toBe('down');
    heartbeat.start(60_000);
    heartbeat.stop();
    expect(seen.map((m) => m.topic)).toEqual([
      'system.health',
      'system.health',
      'system.health',
      'system.heartbeat',
    ]);
    expect(seen[3]!.detail).toMatchObject({ overall: 'down', components: { journal: { state: 'down' } } });
  });
});
