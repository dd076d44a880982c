/**
 * `OkxSimulator`: an OKX v5 exchange on one local port — REST under `/api/v5`, WebSockets under
 * `/ws/v5/{public,private,business}`, the control API under `/__sim` — backed by the matching engine and
 * a candle replay. Point ccxt at it with `createExchange('okx', { baseUrl: sim.restUrl, sandbox: true, … })`.
 *
 * Time: the simulator's clock is the wall clock plus the clock-skew fault; signatures, order times and
 * `/public/time` use it. Prices move only when candles are replayed: `advance(n)` (or every
 * `intervalMs` when given), or `playCandle` with a candle of your own.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QuantLabError } from '../../core/errors.js';
import { AlgoEngine } from './algo-engine.js';
import { handleControl } from './control.js';
import { MatchingEngine } from './engine.js';
import { FaultPlan, type FaultSpec } from './faults.js';
import { Feeds } from './feeds.js';
import { resolveInstrument } from './instruments.js';
import { MarketData } from './market-data.js';
import { PathWalker } from './path-walk.js';
import { consistent, simulatedInstruments, tapeFor } from './replay.js';
import { accountRoutes } from './rest-account.js';
import { publicRoutes, type RouteContext } from './rest-public.js';
import { queryRoutes } from './rest-queries.js';
import { RestServer, type Route } from './rest-server.js';
import { tradeRoutes } from './rest-trade.js';
import { type ApiCredentials, type SimEnvironment, verifyRestRequest } from './signing.js';
import { simulatorState } from './state.js';
import { type CandleTape, hashSeed, type TapeCandle } from './tape.js';
import { WsHub } from './ws-hub.js';

export interface OkxSimulatorOptions {
  /** Address to bind (default 127.0.0.1) and port (default 0: any free port). */
  host?: string;
  port?: number;
  /** API keys the simulator accepts; without any, every private request fails with 50111. */
  credentials?: readonly ApiCredentials[];
  /** `demo` (default): signed requests need `x-simulated-trading: 1`; `live`: they must not send it. */
  environment?: SimEnvironment;
  /** OKX ids or ccxt symbols (default BTC-USDT-SWAP and BTC-USDT). */
  symbols?: readonly string[];
  /** Candles to replay: one list for every symbol, or lists per symbol; a seeded random walk otherwise. */
  candles?: readonly TapeCandle[] | Readonly<Record<string, readonly TapeCandle[]>>;
  /** Random walk: seed (default 1), per-candle volatility (default 0.001), start price per base. */
  seed?: number;
  volatility?: number;
  startPrices?: Readonly<Record<string, number>>;
  /** Wall time per replayed candle; 0 or absent: only `advance()` moves prices. */
  intervalMs?: number;
  /** Length of a replayed candle (default `intervalMs`, else 60 000). */
  barMs?: number;
  /** Starting USDT balance (default 100 000). */
  balance?: number;
  makerFee?: number;
  takerFee?: number;
  /** Leverage of instruments nobody set one for (default 10, capped at the instrument's maximum). */
  defaultLeverage?: number;
  priceBand?: number;
  fundingRate?: number;
  /** Called once when every candle list has been replayed. */
  onTapeEnd?: () => void;
}

export class OkxSimulator {
  readonly faults: FaultPlan;
  readonly engine: MatchingEngine;
  readonly environment: SimEnvironment;
  readonly #server: Server;
  readonly #hub: WsHub;
  readonly #rest: RestServer;
  readonly #market: MarketData;
  readonly #walker: PathWalker;
  readonly #feeds: Feeds;
  readonly #tapes = new Map<string, CandleTape>();
  readonly #options: OkxSimulatorOptions;
  #timer: NodeJS.Timeout | undefined;
  #address = '';
  #tapeEnded = false;

  private constructor(options: OkxSimulatorOptions) {
    this.#options = options;
    this.environment = options.environment ?? 'demo';
    this.faults = new FaultPlan();
    const now = () => Date.now() + this.faults.skewMs;
    const instruments = simulatedInstruments(options.symbols, options.startPrices);
    const startPrices = new Map<string, number>();
    for (const inst of instruments) {
      const tape = tapeFor(inst, options);
      this.#tapes.set(inst.instId, tape);
      startPrices.set(inst.instId, tape.startPrice);
    }
    this.engine = new MatchingEngine({
      instruments,
      now,
      balances: { USDT: options.balance ?? 100_000 },
      defaultLeverage: options.defaultLeverage ?? 10,
      makerFee: options.makerFee ?? 0.0002,
      takerFee: options.takerFee ?? 0.0005,
      priceBand: options.priceBand ?? 0.1,
      startPrices,
    });
    const algos = new AlgoEngine(this.engine);
    this.#walker = new PathWalker(this.engine, algos);
    this.#market = new MarketData(options.barMs ?? (options.intervalMs || 60_000), now);
    const credentials = options.credentials ?? [];
    this.#hub = new WsHub({
      accounts: () => credentials,
      now,
      faults: this.faults,
      instrumentExists: (instId) => this.engine.instrument(instId) !== undefined,
      initialFrames: (arg) => this.#feeds.initialFrames(arg),
    });
    this.faults.onDrop = (privateOnly) => this.#hub.drop(privateOnly);
    const fundingRate = options.fundingRate ?? 0.0001;
    this.#feeds = new Feeds(this.#hub, this.engine, this.#market, {
      fundingRate,
      usdPrice: (ccy) => this.#usdPrice(ccy),
    });
    this.engine.setListener((event) => this.#feeds.onEngineEvent(event));
    const ctx: RouteContext = {
      engine: this.engine,
      algos,
      market: this.#market,
      feeds: this.#feeds,
      faults: this.faults,
      fundingRate,
      listTime: Date.UTC(2019, 10, 12),
    };
    const uid = String(hashSeed(credentials[0]?.apiKey ?? 'sim', 7) * 1000 + 7);
    const routes = new Map<string, Route>([
      ...publicRoutes(ctx),
      ...tradeRoutes(ctx),
      ...queryRoutes(ctx),
      ...accountRoutes(ctx, uid),
    ]);
    this.#rest = new RestServer({
      routes,
      control: (request) => handleControl(this, request),
      faults: this.faults,
      hub: this.#hub,
      authenticate: (request) => {
        const result = verifyRestRequest(request, credentials, this.environment, now());
        return result.ok ? undefined : result.error;
      },
    });
    this.#server = createServer((req, res) => {
      this.#rest.handle(req, res).catch(() => res.destroy());
    });
    this.#hub.attach(this.#server);
  }

  /** Starts the simulator and resolves once it listens. */
  static async start(options: OkxSimulatorOptions = {}): Promise<OkxSimulator> {
    const sim = new OkxSimulator(options);
    await sim.#listen(options.host ?? '127.0.0.1', options.port ?? 0);
    if (options.intervalMs !== undefined && options.intervalMs > 0) {
      sim.#timer = setInterval(() => sim.advance(1), options.intervalMs);
    }
    return sim;
  }

  #listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        const address = this.#server.address() as AddressInfo;
        const shown =
          host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
        this.#address = `${shown}:${address.port}`;
        resolve();
      });
    });
  }

  /** REST base for ccxt (`baseUrl`). */
  get restUrl(): string {
    return `http://${this.#address}`;
  }

  /** WebSocket base (ccxt appends /public, /private, /business). */
  get wsUrl(): string {
    return `ws://${this.#address}/ws/v5`;
  }

  /** The simulator's clock (wall clock + skew). */
  now(): number {
    return this.engine.now();
  }

  #usdPrice(ccy: string): number {
    if (ccy === 'USDT' || ccy === 'USDC') return 1;
    const market = this.engine.instrument(`${ccy}-USDT`) ?? this.engine.instrument(`${ccy}-USDT-SWAP`);
    return market === undefined ? 0 : this.engine.lastPrice(market);
  }

  /** Replays the next `n` candles of every instrument; returns how many rounds were played. */
  advance(n = 1): number {
    let played = 0;
    for (let i = 0; i < n; i++) {
      let any = false;
      for (const [instId, tape] of this.#tapes) {
        const candle = tape.next();
        if (candle === undefined) continue;
        this.playCandle(instId, consistent(candle));
        any = true;
      }
      if (!any) {
        this.#endOfTape();
        break;
      }
      played += 1;
    }
    return played;
  }

  #endOfTape(): void {
    if (this.#tapeEnded) return;
    this.#tapeEnded = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#options.onTapeEnd?.();
  }

  /** Plays one candle on an instrument now: orders fill along its path, then market data is pushed. */
  playCandle(symbol: string, candle: TapeCandle): void {
    const inst = this.engine.instrument(symbol) ?? this.engine.instrument(resolveInstrument(symbol).instId);
    if (inst === undefined) throw new QuantLabError('QL_ERR_INVALID_INPUT', `${symbol} is not simulated`);
    const { open, high, low, close } = candle;
    if (!(high >= Math.max(open, close) && low <= Math.min(open, close) && low > 0)) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `${symbol}: not a valid candle (high ${high}, low ${low})`,
      );
    }
    this.#walker.walk(inst, candle);
    this.#market.record(inst, candle);
    this.#feeds.onCandle(inst);
  }

  /** Applies a fault (the same JSON the control endpoint takes). */
  inject(spec: FaultSpec): void {
    this.faults.inject(spec);
  }

  /** What `GET /__sim/state` shows. */
  state(): unknown {
    return simulatorState(this.engine, this.faults, this.environment, this.#feeds);
  }

  get openWebSockets(): number {
    return this.#hub.openConnections;
  }

  /** True when a WebSocket client subscribes to `channel` (for `instId`, when given). */
  isSubscribed(channel: string, instId?: string): boolean {
    return this.#hub.hasSubscribers(channel, instId);
  }

  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#rest.close();
    this.#hub.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
