import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../logging/index.js';
import { installErrorHandling } from './errors.js';
import { type ReadinessCheck, registerHealthRoutes } from './routes/health.js';

export interface BuildServerOptions {
  logger: Logger;
  version: string;
  readiness?: readonly ReadinessCheck[];
  /** Route plugins registered after the built-in ones (API modules of later issues, tests). */
  routes?: ReadonlyArray<(app: FastifyInstance) => void | Promise<void>>;
}

/**
 * The HTTP application: routes, error replies and hooks, without listening. Tests use `app.inject()`;
 * the runtime calls `listen`. Later issues register their route plugins here.
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the instance type the default one.
    loggerInstance: options.logger as FastifyBaseLogger,
    // Probes hit /health every few seconds; logging them would drown the request log.
    logController: new LogController({
      disableRequestLogging: (request) => request.url.startsWith('/health'),
    }),
    // Stop accepting on close and answer 503 to requests that arrive while in-flight ones finish.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    bodyLimit: 1_048_576,
  });
  installErrorHandling(app);
  closeConnectionsWhenClosing(app);
  registerHealthRoutes(app, { version: options.version, readiness: options.readiness ?? [] });
  for (const register of options.routes ?? []) await register(app);
  await app.ready();
  return app;
}

/**
 * `close()` closes the connections idle at that moment; a keep-alive connection whose in-flight request
 * finishes later would hold the close open until its keep-alive timeout. Replies sent while closing
 * therefore ask the client to close the connection.
 */
function closeConnectionsWhenClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}
