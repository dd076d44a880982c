import { describe, expect, it } from 'vitest';
import { natsTestUrl, uniqueSubjectPrefix } from '../../test/support/nats.js';
import { defineBusSuite, expectCode, fixtures, waitUntil } from './bus.contract.js';
import { connectNatsBus } from './nats.js';
import { topics } from './topics.js';

const url = natsTestUrl('event bus over NATS');

describe.skipIf(url === undefined)('NATS event bus (TEST_NATS_URL)', () => {
  const servers = url ?? '';
  defineBusSuite('nats', (options) => connectNatsBus({ ...options, servers, prefix: uniqueSubjectPrefix() }));

  it('isolates buses with different subject prefixes', async () => {
    const a = await connectNatsBus({ servers, prefix: uniqueSubjectPrefix() });
    const b = await connectNatsBus({ servers, prefix: uniqueSubjectPrefix() });
    const seen: string[] = [];
    a.subscribe('>', (_p, env) => seen.push(`a:${env.topic}`));
    b.subscribe('>', (_p, env) => seen.push(`b:${env.topic}`));
    await a.flush();
    await b.flush();
    a.publish(topics.system('started'), fixtures.system());
    await a.flush();
    await b.close(); // drain
    await a.close();
    expect(seen).toEqual(['a:system.started']);
  });

  it('delivers between two connections sharing a prefix, and close() drains pending messages', async () => {
    const prefix = uniqueSubjectPrefix();
    const pub = await connectNatsBus({ servers, prefix });
    const sub = await connectNatsBus({ servers, prefix });
    const got: number[] = [];
    sub.subscribe('md.ticker.*.*', (t) => got.push(t.last));
    await sub.flush();
    for (let i = 0; i < 500; i++)
      pub.publish(topics.ticker('okx', 'BTC/USDT'), fixtures.ticker('okx', 'BTC/USDT', i));
    await pub.close(); // drains: everything published has reached the server
    await waitUntil(() => got.length === 500, 5_000, '500 messages');
    await sub.close();
    expect(got).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('answers across connections and refuses an invalid prefix', async () => {
    const prefix = uniqueSubjectPrefix();
    const server = await connectNatsBus({ servers, prefix });
    const client = await connectNatsBus({ servers, prefix });
    server.respond(topics.orderRequest, (r) => ({
      clientOrderId: r.clientOrderId,
      accepted: false,
      reason: 'test',
      tsEvent: 1,
      tsInit: 2,
    }));
    await server.flush();
    await expect(client.request(topics.orderRequest, fixtures.orderRequest('x'))).resolves.toMatchObject({
      clientOrderId: 'x',
      accepted: false,
    });
    await client.close();
    await server.close();
    await expectCode(connectNatsBus({ servers, prefix: 'no-dot' }), 'QL_ERR_INVALID_INPUT');
  });
});

describe('NATS event bus without a server', () => {
  it('reports an unreachable server as one QuantLabError without credentials', async () => {
    const error = await connectNatsBus({
      servers: 'nats://user:secret@127.0.0.1:1',
      connectTimeoutMs: 1_000,
    }).catch((e: unknown) => e);
    await expectCode(Promise.reject(error), 'QL_ERR_BUS_UNREACHABLE');
    expect(JSON.stringify(error)).not.toContain('secret');
    expect((error as Error).message).not.toContain('secret');
    expect((error as Error).message).toContain('127.0.0.1:1');
  });
});
