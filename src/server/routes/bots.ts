import type { FastifyInstance } from 'fastify';
import type { BotRequest, TradingEngine } from '../../live/engine.js';

const botRequestSchema = {
  type: 'object',
  required: ['strategy', 'exchange', 'symbols', 'timeframe'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
    strategy: { type: 'string', minLength: 1 },
    exchange: { type: 'string', pattern: '^[a-z][a-z0-9]{0,31}$' },
    symbols: { type: 'array', minItems: 1, maxItems: 8, items: { type: 'string', minLength: 3 } },
    timeframe: { type: 'string', minLength: 2 },
    mode: { type: 'string', enum: ['paper', 'demo', 'live'], default: 'paper' },
    params: { type: 'object', additionalProperties: true },
    account: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
  },
} as const;

/**
 * Bot controls of the engine inside `quantlab start`: `GET /api/v1/bots` (every session with its
 * strategies, health, halts and equity), `POST /api/v1/bots` (start one), `POST /api/v1/bots/:id/stop`.
 * Replies never carry credentials: sessions report account keys, which hold a hash of the API key only.
 */
export function registerBotRoutes(app: FastifyInstance, engine: TradingEngine): void {
  app.get('/api/v1/bots', async () => ({ sessions: engine.status() }));
  app.post<{ Body: BotRequest }>(
    '/api/v1/bots',
    { schema: { body: botRequestSchema } },
    async (request, reply) => {
      const status = await engine.startBot(request.body);
      return reply.code(201).send(status);
    },
  );
  app.post<{ Params: { id: string } }>('/api/v1/bots/:id/stop', async (request) => {
    await engine.stopBot(request.params.id);
    return { stopped: request.params.id };
  });
}
