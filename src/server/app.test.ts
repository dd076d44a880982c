import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { QuantLabError } from '../core/errors.js';
import { silentLogger } from '../logging/index.js';
import { buildServer, type ReadinessCheck } from './index.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(readiness: ReadinessCheck[] = [], routes: Array<(app: FastifyInstance) => void> = []) {
  app = await buildServer({ logger: silentLogger(), version: '9.9.9', readiness, routes });
  return app;
}

describe('health routes', () => {
  it('GET /health answers liveness with the version', async () => {
    const reply = await (await build()).inject({ method: 'GET', url: '/health' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ status: 'ok', version: '9.9.9' });
  });

  it('GET /health/ready is 200 only when every check passes', async () => {
    const ok: ReadinessCheck = {
      name: 'database',
      check: async () => ({ ok: true, detail: { version: 1 } }),
    };
    const behind: ReadinessCheck = {
      name: 'migrations',
      check: async () => ({ ok: false, detail: { pending: 2 } }),
    };
    const ready = await (await build([ok])).inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { database: { ok: true, detail: { version: 1 } } },
    });
    await app?.close();
    const notReady = await (await build([ok, behind])).inject({ method: 'GET', url: '/health/ready' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ status: 'not-ready', checks: { migrations: { ok: false } } });
  });

  it('a failing check reports its code, never its message', async () => {
    const failing: ReadinessCheck = {
      name: 'database',
      check: async () => {
        throw new QuantLabError('QL_ERR_DB_UNREACHABLE', 'connect to postgres://u:hunter2@db failed');
      },
    };
    const reply = await (await build([failing])).inject({ method: 'GET', url: '/health/ready' });
    expect(reply.statusCode).toBe(503);
    expect(reply.json().checks.database).toEqual({ ok: false, detail: { reason: 'QL_ERR_DB_UNREACHABLE' } });
    expect(reply.body).not.toContain('hunter2');
  });

  it('a hanging check times out as not ready', async () => {
    const hanging: ReadinessCheck = { name: 'bus', check: () => new Promise(() => {}) };
    app = await buildServer({ logger: silentLogger(), version: 'x', readiness: [hanging] });
    // the default timeout is 2 s; the reply must still come
    const reply = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(reply.statusCode).toBe(503);
    expect(reply.json().checks.bus).toEqual({ ok: false, detail: { reason: 'timeout' } });
  });
});

describe('error replies', () => {
  const routes = [
    (server: FastifyInstance) => {
      server.get('/known', async () => {
        throw new QuantLabError('QL_ERR_CONFLICT', 'order ABC exists already');
      });
      server.get('/crash', async () => {
        throw new Error('SELECT secret FROM api_credentials failed at /srv/app.js:12');
      });
      server.post(
        '/validated',
        { schema: { body: { type: 'object', required: ['qty'], properties: { qty: { type: 'number' } } } } },
        async () => ({ ok: true }),
      );
    },
  ];

  it('maps a QuantLabError to its status and code', async () => {
    const reply = await (await build([], routes)).inject({ method: 'GET', url: '/known' });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error).toMatchObject({
      code: 'QL_ERR_CONFLICT',
      message: 'order ABC exists already',
      retryable: false,
    });
    expect(reply.json().error.requestId).toEqual(expect.any(String));
  });

  it('hides the internals of an unexpected error', async () => {
    const reply = await (await build([], routes)).inject({ method: 'GET', url: '/crash' });
    expect(reply.statusCode).toBe(500);
    expect(reply.json().error.code).toBe('QL_ERR_INTERNAL');
    expect(reply.body).not.toContain('api_credentials');
    expect(reply.body).not.toContain('app.js');
  });

  it('answers schema violations and bad JSON with QL_ERR_INVALID_INPUT', async () => {
    const server = await build([], routes);
    const missing = await server.inject({ method: 'POST', url: '/validated', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('QL_ERR_INVALID_INPUT');
    const malformed = await server.inject({
      method: 'POST',
      url: '/validated',
      headers: { 'content-type': 'application/json' },
      payload: '{"qty":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('QL_ERR_INVALID_INPUT');
  });

  it('answers unknown routes with a structured 404', async () => {
    const reply = await (await build()).inject({ method: 'GET', url: '/nope?x=1' });
    expect(reply.statusCode).toBe(404);
    expect(reply.json().error).toMatchObject({ code: 'QL_ERR_NOT_FOUND', message: 'no route GET /nope' });
  });
});
