import type { FastifyInstance } from 'fastify';

/** One dependency the server needs before it can serve real work (the database, the bus…). */
export interface ReadinessCheck {
  name: string;
  /** Resolves with `ok: false` (or rejects) when the dependency is not ready; `detail` says why. */
  check(): Promise<{ ok: boolean; detail?: Record<string, unknown> }>;
}

export interface HealthOptions {
  version: string;
  readiness: readonly ReadinessCheck[];
  /** A check that takes longer than this counts as failed. */
  checkTimeoutMs?: number;
}

const checkResultSchema = {
  type: 'object',
  required: ['ok'],
  properties: { ok: { type: 'boolean' }, detail: { type: 'object', additionalProperties: true } },
} as const;

/**
 * `GET /health`: liveness — the process answers. `GET /health/ready`: every readiness check passes
 * (200) or not (503, with each check's result). Replies carry no internals: errors are summarised.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  const startedAt = Date.now();
  const timeoutMs = options.checkTimeoutMs ?? 2_000;

  app.get(
    '/health',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            required: ['status', 'version', 'uptimeMs'],
            properties: {
              status: { type: 'string' },
              version: { type: 'string' },
              uptimeMs: { type: 'number' },
            },
          },
        },
      },
    },
    async () => ({ status: 'ok', version: options.version, uptimeMs: Date.now() - startedAt }),
  );

  const readySchema = {
    type: 'object',
    required: ['status', 'checks'],
    properties: {
      status: { type: 'string' },
      checks: { type: 'object', additionalProperties: checkResultSchema },
    },
  } as const;

  app.get(
    '/health/ready',
    { schema: { response: { 200: readySchema, 503: readySchema } } },
    async (request, reply) => {
      const results = await Promise.all(
        options.readiness.map(async (probe) => {
          try {
            return [probe.name, await withTimeout(probe.check(), timeoutMs)] as const;
          } catch (error) {
            request.log.warn({ err: error, check: probe.name }, 'readiness check failed');
            const reason = error instanceof Error && 'code' in error ? String(error.code) : 'check failed';
            return [probe.name, { ok: false, detail: { reason } }] as const;
          }
        }),
      );
      const ready = results.every(([, result]) => result.ok);
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not-ready', checks: Object.fromEntries(results) });
    },
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'timeout' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
