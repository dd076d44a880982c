/**
 * A demo trading session against the OKX-protocol simulator, over the real ccxt client: what the
 * execution tests drive. Orders are sent straight through the kernel's order manager (the path a
 * strategy's `ctx.submit` takes), so each test scripts exactly the orders its fault needs.
 */

import { InProcessBus } from '../../src/bus/index.js';
import type { ClientOrderId } from '../../src/core/ids.js';
import { strategyId } from '../../src/core/ids.js';
import type { Instrument } from '../../src/core/instrument.js';
import type { Order } from '../../src/core/order.js';
import { TradingSession, type TradingSessionOptions } from '../../src/live/session.js';
import { createLogger, silentLogger } from '../../src/logging/index.js';
import type { FeedStats, MarketFeed } from '../../src/marketdata/types.js';
import { type Database, openDatabase } from '../../src/storage/index.js';
import type { OrderRequest } from '../../src/strategies/types.js';
import { createCcxtExchangeClient } from '../../src/venues/ccxt/index.js';
import { OkxSimulator, type OkxSimulatorOptions } from '../../src/venues/okx-sim/index.js';
import { createSqliteTestDatabase, type TestDatabase } from './databases.js';

export const SYMBOL = 'BTC/USDT:USDT';
export const MANUAL = strategyId('manual');
export const CREDS = { apiKey: 'rig-key-0001', secret: 'rig-secret-not-logged', passphrase: 'Rig-Pass-1' };

/** No market data (these tests script orders, not strategies). */
export function idleFeed(): MarketFeed {
  const stats: FeedStats = {
    received: 0,
    published: 0,
    rejected: {},
    reconnects: 0,
    staleEvents: 0,
    bookResyncs: 0,
    backfilledCandles: 0,
    backfillFailures: 0,
  };
  return {
    exchange: 'okx',
    subscribe() {},
    on: () => () => {},
    start: async () => {},
    stop: async () => {},
    stats: () => stats,
  };
}

export interface DemoRig {
  readonly sim: OkxSimulator;
  readonly database: Database;
  /** A new session on the account (a process start); `credentials` overrides the keys it signs with. */
  session(
    options?: Partial<TradingSessionOptions> & { credentials?: typeof CREDS; timeoutMs?: number },
  ): Promise<TradingSession>;
  /** Sends an order through the session's kernel as strategy `manual`. */
  submit(session: TradingSession, request: Omit<OrderRequest, 'symbol'>): ClientOrderId;
  order(session: TradingSession, id: string): Order | undefined;
  close(): Promise<void>;
}

export async function startDemoRig(options: OkxSimulatorOptions = {}): Promise<DemoRig> {
  const sim = await OkxSimulator.start({ credentials: [CREDS], symbols: ['BTC-USDT-SWAP'], ...options });
  const testDb: TestDatabase = createSqliteTestDatabase();
  const database = await openDatabase(testDb.url, { logger: silentLogger() });
  await database.migrate();
  const sessions: TradingSession[] = [];
  let instruments: Instrument[] | undefined;
  return {
    sim,
    database,
    async session(overrides = {}) {
      const { credentials = CREDS, timeoutMs = 1_000, ...sessionOptions } = overrides;
      const client = await createCcxtExchangeClient({
        exchange: 'okx',
        environment: 'demo',
        credentials: {
          apiKey: credentials.apiKey,
          secret: credentials.secret,
          password: credentials.passphrase,
        },
        baseUrl: sim.restUrl,
        timeoutMs,
        streams: { reconnectBaseMs: 50, reconnectMaxMs: 200, healthCheckMs: 100, staleAfterMs: 1_000 },
      });
      instruments ??= await client.loadInstruments([SYMBOL]);
      const session = new TradingSession({
        mode: 'demo',
        exchange: 'okx',
        instruments,
        venue: { kind: 'exchange', client },
        feed: idleFeed(),
        database,
        bus: new InProcessBus({ logger: silentLogger() }),
        logger: process.env.RIG_LOG ? createLogger({ level: 'warn' }) : silentLogger(),
        leaseTtlMs: 600,
        reconcileEveryMs: 60_000,
        heartbeatMs: 50,
        venuePolicy: {
          queryDelaysMs: [50, 100, 200],
          notFoundGraceMs: 600,
          fillSyncDelayMs: 100,
          giveUpMs: 5_000,
        },
        ...sessionOptions,
      });
      await session.start();
      sessions.push(session);
      const kernel = session.kernelForTests!;
      const used = await database.orders.list({ account: session.account, strategyId: MANUAL });
      kernel.orders.register(
        MANUAL,
        { orderUpdated() {}, filled() {} },
        session.account,
        used.length + 1_000 * sessions.length,
      );
      return session;
    },
    submit(session, request) {
      const kernel = session.kernelForTests!;
      const id = kernel.orders.nextClientOrderId(MANUAL);
      kernel.orders.submit({
        strategyId: MANUAL,
        clientOrderId: id,
        request: { symbol: SYMBOL, ...request },
        tsInit: Date.now(),
      });
      kernel.drain();
      return id;
    },
    order: (session, id) => session.kernelForTests!.orders.get(id),
    async close() {
      for (const s of sessions) await s.stop('rig closed').catch(() => {});
      await sim.close();
      await database.close();
      await testDb.dispose();
    },
  };
}
