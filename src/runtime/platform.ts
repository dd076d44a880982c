import type { FastifyInstance } from 'fastify';
import { type EventBus, InProcessBus } from '../bus/index.js';
import { assertSafeConfig, type Config, redactUrl, type TradingEnvironment } from '../config/index.js';
import { QuantLabError } from '../core/errors.js';
import type { TradingEngine } from '../live/engine.js';
import type { Logger } from '../logging/index.js';
import { type BuildServerOptions, buildServer, type ReadinessCheck } from '../server/index.js';
import { type Database, openDatabase } from '../storage/index.js';
import { VERSION } from '../version.js';

/** The running platform: what `quantlab start` (and end-to-end tests) hold on to. */
export interface Platform {
  readonly config: Config;
  readonly environment: TradingEnvironment;
  readonly database: Database;
  readonly bus: EventBus;
  readonly server: FastifyInstance;
  /** `http://host:port` the server listens on. */
  readonly address: string;
  /** The trading engine: bots started, stopped and listed through `/api/v1/bots`. */
  readonly engine: TradingEngine;
  /** Graceful stop: stop accepting, finish in-flight requests, close the bus and the database. Idempotent. */
  stop(reason?: string): Promise<void>;
}

export interface StartPlatformOptions {
  config: Config;
  logger: Logger;
  /** Directory relative paths (the SQLite file) are resolved against; default the working directory. */
  cwd?: string;
  /** Extra route plugins for the HTTP server. */
  routes?: BuildServerOptions['routes'];
}

/**
 * Starts the platform on the given configuration: safety check, database (migrated), event bus (NATS when
 * NATS_URL is set, in-process otherwise), HTTP server. Whatever was opened is closed again when a later
 * step fails, so a failed start leaves nothing running.
 */
export async function startPlatform({
  config,
  logger,
  routes,
  cwd,
}: StartPlatformOptions): Promise<Platform> {
  const environment = assertSafeConfig(config);
  const opened: Array<() => Promise<void>> = [];
  const closeOpened = async () => {
    for (const close of opened.reverse())
      await close().catch((error) => logger.warn({ err: error }, 'close failed'));
  };

  try {
    const database = await openDatabase(config.database.url, { logger, ...(cwd ? { baseDir: cwd } : {}) });
    opened.push(() => database.close());
    await database.migrate();

    const bus: EventBus = config.nats.url
      ? await (await import('../bus/nats.js')).connectNatsBus({
          servers: config.nats.url,
          name: `quantlab-${process.pid}`,
          logger,
        })
      : new InProcessBus({ logger });
    opened.push(() => bus.close());

    const { TradingEngine } = await import('../live/engine.js');
    const engine = new TradingEngine({ config, database, bus, logger, cwd: cwd ?? process.cwd() });
    opened.push(() => engine.stop('Quant Lab stopping'));
    const { registerBotRoutes } = await import('../server/routes/bots.js');
    const { registerRiskRoutes } = await import('../server/routes/risk.js');
    const server = await buildServer({
      logger,
      version: VERSION,
      readiness: readinessChecks(database, bus),
      routes: [
        (app) => registerBotRoutes(app, engine),
        (app) => registerRiskRoutes(app, database),
        ...(routes ?? []),
      ],
    });
    opened.push(() => server.close());
    const address = await listen(server, config);

    const resumed = await engine.resume();
    if (resumed.length > 0) logger.info({ bots: resumed }, 'bots resumed');
    const now = Date.now();
    bus.publish('system.started', {
      source: 'quantlab',
      tsEvent: now,
      tsInit: now,
      detail: { environment, address },
    });
    logger.info({ address, environment, database: redactUrl(config.database.url) }, 'Quant Lab started');

    let stopping: Promise<void> | undefined;
    return {
      config,
      environment,
      database,
      bus,
      server,
      address,
      engine,
      stop(reason = 'stop requested') {
        stopping ??= (async () => {
          logger.info({ reason }, 'Quant Lab stopping');
          const at = Date.now();
          if (!bus.closed)
            bus.publish('system.stopping', {
              source: 'quantlab',
              tsEvent: at,
              tsInit: at,
              detail: { reason },
            });
          await closeOpened();
          logger.info('Quant Lab stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await closeOpened();
    throw error;
  }
}

async function listen(server: FastifyInstance, config: Config): Promise<string> {
  const { port, host } = config.server;
  try {
    return await server.listen({ port, host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const why =
        code === 'EADDRINUSE'
          ? 'is already in use'
          : code === 'EACCES'
            ? 'needs privileges'
            : 'is not available';
      throw new QuantLabError(
        'QL_ERR_CONFIG_INVALID',
        `cannot listen on ${host}:${port}: the address ${why} (PORT, HOST)`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

function readinessChecks(database: Database, bus: EventBus): ReadinessCheck[] {
  return [
    {
      name: 'database',
      async check() {
        await database.ping();
        const status = await database.migrationStatus();
        const ok = status.pending.length === 0 && status.current === status.latest;
        return { ok, detail: { dialect: database.dialect, version: status.current, latest: status.latest } };
      },
    },
    {
      name: 'bus',
      async check() {
        return { ok: !bus.closed };
      },
    },
  ];
}
