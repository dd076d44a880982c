/**
 * The live market-data feed over ccxt's WebSocket layer: OKX, Binance USDⓈ-M and, best effort, any ccxt
 * pro exchange. It owns the connection life cycle; ccxt owns the protocol.
 *
 * Connections come in *epochs*: one fresh ccxt instance with the venue tap installed (tap.ts), one watch
 * loop per subscription (stream-loops.ts), one stale timer. When anything ends the epoch (a network
 * error, a dropped socket, a silent stream) the instance is closed, the feed waits an exponential
 * full-jitter backoff (backoff.ts) and opens the next epoch, which resubscribes everything. A fresh
 * instance per epoch means no cache (ccxt's books, candles, its own reconnect backoff) outlives its
 * connection; markets are carried over so a reconnect costs no REST call.
 *
 * Closed candles go through one CandleSequencer per series, which survives epochs: it de-duplicates what
 * a resubscribe repeats and backfills over REST what the outage missed, so consumers see every closed
 * candle once, in order. Close detection: OKX `confirm`, Binance kline `x` (read by the tap, as ccxt drops
 * them); elsewhere the next interval's arrival closes a candle.
 *
 * Status: connecting → live ⇄ backfilling; stale → reconnecting → connecting …; stopped.
 */

import { QuantLabError } from '../../core/errors.js';
import { closeExchange, createExchange, type Exchange, type ExchangeOptions } from '../exchanges.js';
import { FeedEmitter, type FeedLogger, FeedStatsCounter, silentFeedLogger } from '../feed-support.js';
import type { FeedStats, FeedSubscription, MarketEventListener, MarketFeed } from '../types.js';
import { exchangeCandleBackfill } from './backfill.js';
import { Backoff, type BackoffOptions, fullJitterDelay } from './backoff.js';
import { type CandleBackfill, type CandleObservation, CandleSequencer } from './candle-sequencer.js';
import { type CcxtProExchange, classifyCcxtError } from './ccxt-pro.js';
import { type Epoch, openEpoch } from './epoch.js';
import { bookLoop, candleLoop, type LoopHost, StreamMemory, tickerLoop, tradesLoop } from './stream-loops.js';
import { candleKey, checkSubscription, subscriptionKey } from './subscriptions.js';

export interface LiveFeedOptions {
  /** ccxt id: `okx`, `binanceusdm`, or any ccxt pro exchange. Also the `exchange` of every event. */
  exchange: string;
  /** Options for the shared exchange factory (base URL, sandbox, market types); ignored with `createExchange`. */
  exchangeOptions?: Omit<ExchangeOptions, 'pro'>;
  /** Builds one ccxt pro instance per connection; default: `createExchange(exchange, { pro: true, … })`. */
  createExchange?: () => Promise<CcxtProExchange>;
  /** Missed closed candles over REST; default: the venue's REST API through the live ccxt instance. */
  backfill?: CandleBackfill;
  /** Reconnect backoff (full jitter); default base 500 ms, max 30 s. */
  reconnect?: BackoffOptions;
  /** No message for this long on a subscription → `stale`, counted, reconnect. Default 60 s. */
  staleAfterMs?: number;
  /** Book levels per side in published snapshots (a subscription's `depth` wins). Default 20. */
  bookDepth?: number;
  /** Publish forming candles as `closed: false` updates too. Default true. */
  emitFormingCandles?: boolean;
  /**
   * `auto` (default): the dedicated tap for OKX and Binance USDⓈ-M, none for other exchanges. `none`: rely on
   * ccxt's unified output only, as for any other exchange (candles close when the next interval arrives).
   */
  venueTap?: 'auto' | 'none';
  /** Backfill tries per gap before it is given up (default 3). */
  backfillAttempts?: number;
  now?: () => number;
  logger?: FeedLogger;
}

const DEFAULT_STALE_MS = 60_000;
const DEFAULT_BOOK_DEPTH = 20;
/** A subscription failing this many times in a row with a non-network error is given up. */
const MAX_SUBSCRIPTION_FAILURES = 5;

interface SubscriptionEntry {
  readonly key: string;
  readonly subscription: FeedSubscription;
  readonly memory: StreamMemory;
  broken: boolean;
}

export class LiveFeed implements MarketFeed {
  readonly exchange: string;
  readonly #options: LiveFeedOptions;
  readonly #stats = new FeedStatsCounter();
  readonly #emitter: FeedEmitter;
  readonly #logger: FeedLogger;
  readonly #now: () => number;
  readonly #backoff: Backoff;
  readonly #backfill: CandleBackfill;
  readonly #subs = new Map<string, SubscriptionEntry>();
  readonly #sequencers = new Map<string, CandleSequencer>();
  readonly #host: LoopHost;
  #epoch: Epoch | undefined;
  #epochCount = 0;
  #markets: { markets: unknown; currencies: unknown } | undefined;
  #running = false;
  #run: Promise<void> | undefined;
  #backfillsInFlight = 0;
  readonly #wakeups = new Set<() => void>();
  /** Aborted by `stop()`: cuts short a REST backfill (and its retry pauses) still running. */
  readonly #shutdown = new AbortController();

  constructor(options: LiveFeedOptions) {
    this.exchange = options.exchange;
    this.#options = options;
    this.#logger = options.logger ?? silentFeedLogger;
    this.#now = options.now ?? Date.now;
    this.#emitter = new FeedEmitter(options.exchange, this.#stats, this.#logger, this.#now);
    this.#backoff = new Backoff(options.reconnect);
    this.#backfill =
      options.backfill ??
      exchangeCandleBackfill(() => this.#epoch?.exchange, { signal: this.#shutdown.signal });
    this.#host = {
      exchange: options.exchange,
      stats: this.#stats,
      emitter: this.#emitter,
      now: this.#now,
      observeCandle: (symbol, timeframe, observation) => this.#observeCandle(symbol, timeframe, observation),
    };
  }

  subscribe(subscription: FeedSubscription): void {
    checkSubscription(subscription);
    const key = subscriptionKey(subscription);
    if (this.#subs.has(key)) return;
    const entry: SubscriptionEntry = { key, subscription, memory: new StreamMemory(), broken: false };
    this.#subs.set(key, entry);
    if (subscription.kind === 'candles') this.#sequencerFor(subscription.symbol, subscription.timeframe);
    const epoch = this.#epoch;
    if (epoch?.active) void this.#runSubscription(epoch, entry);
  }

  on(listener: MarketEventListener): () => void {
    return this.#emitter.on(listener);
  }

  /** Starts connecting and returns at once; progress is reported as status events. */
  async start(): Promise<void> {
    if (this.#running || this.#run !== undefined) return;
    this.#running = true;
    this.#emitter.status('connecting');
    this.#run = this.#supervise();
  }

  async stop(): Promise<void> {
    if (!this.#running) {
      if (this.#emitter.state !== undefined) this.#emitter.status('stopped');
      return;
    }
    this.#running = false;
    // Sequencers first, so an interrupted backfill is neither retried nor counted as a failure.
    for (const sequencer of this.#sequencers.values()) sequencer.close();
    this.#shutdown.abort();
    for (const wake of this.#wakeups) wake();
    this.#epoch?.fail('stopped');
    await this.#run;
    this.#emitter.status('stopped');
  }

  stats(): FeedStats {
    return this.#stats.snapshot();
  }

  /** Resolves when queued candle work (backfills included) is done; for tests and orderly shutdown. */
  async idle(): Promise<void> {
    await Promise.all([...this.#sequencers.values()].map((s) => s.idle()));
  }

  async #supervise(): Promise<void> {
    while (this.#running) {
      const reason = await this.#runEpoch();
      if (!this.#running) {
        if (reason.startsWith('QL_ERR_DATA_FEED_BROKEN')) this.#emitter.status('stopped', reason);
        break;
      }
      this.#stats.reconnects += 1;
      this.#emitter.status('reconnecting', reason);
      await this.#sleep(this.#backoff.next());
      if (this.#running) this.#emitter.status('connecting');
    }
  }

  /** One connection, from opening to its end; returns why it ended. */
  async #runEpoch(): Promise<string> {
    let exchange: CcxtProExchange;
    try {
      exchange = await this.#openExchange();
    } catch (error) {
      if (error instanceof QuantLabError && error.code === 'QL_ERR_INVALID_INPUT') {
        // An unknown exchange id or a bad URL: no reconnect will fix it.
        this.#running = false;
        return `QL_ERR_DATA_FEED_BROKEN: ${error.message}`;
      }
      return `connect failed: ${describe(error)}`;
    }
    if (!this.#running) {
      await closeExchange(exchange as unknown as Exchange);
      return 'stopped';
    }
    const epoch = openEpoch(exchange, {
      id: ++this.#epochCount,
      tapMode: this.#options.venueTap ?? 'auto',
      now: this.#now,
      stats: this.#stats,
      logger: this.#logger,
      seen: (e, key) => this.#seen(e, key),
      observeCandle: (symbol, timeframe, observation) => this.#observeCandle(symbol, timeframe, observation),
    });
    this.#epoch = epoch;
    for (const sequencer of this.#sequencers.values()) sequencer.newConnection();
    for (const entry of this.#subs.values()) {
      entry.memory.lastSequence = undefined;
      if (!entry.broken) void this.#runSubscription(epoch, entry);
    }
    const staleAfter = this.#options.staleAfterMs ?? DEFAULT_STALE_MS;
    const timer = setInterval(
      () => this.#checkStale(epoch, staleAfter),
      Math.max(5, Math.floor(staleAfter / 5)),
    );
    const reason = await epoch.ended;
    clearInterval(timer);
    epoch.active = false;
    // Closes the WebSocket clients and the REST keep-alive pool (best effort, never throws). On a reconnect a
    // backfill request already on its way may finish; on stop() nothing is waited for.
    await closeExchange(exchange as unknown as Exchange, { graceful: this.#running });
    return reason;
  }

  async #openExchange(): Promise<CcxtProExchange> {
    const exchange = this.#options.createExchange
      ? await this.#options.createExchange()
      : ((await createExchange(this.exchange, {
          ...this.#options.exchangeOptions,
          pro: true,
        })) as unknown as CcxtProExchange);
    try {
      // ccxt's connection clients print unparsable frames with console.log; they are counted here instead.
      exchange.log = (...args: unknown[]) => this.#logger.debug?.({ ccxt: args.map(String) }, 'ccxt log');
      // ccxt refuses plain ws:// URLs (a local server) until its http agent is loaded.
      await exchange.loadHttpProxyAgent();
      if (this.#markets !== undefined) exchange.setMarkets(this.#markets.markets, this.#markets.currencies);
      else {
        await exchange.loadMarkets();
        this.#markets = { markets: exchange.markets, currencies: exchange.currencies };
      }
      return exchange;
    } catch (error) {
      // The venue is down at start (no markets yet): this instance and its keep-alive pool are not reused.
      await closeExchange(exchange as unknown as Exchange);
      throw error;
    }
  }

  async #runSubscription(epoch: Epoch, entry: SubscriptionEntry): Promise<void> {
    const { subscription: sub, key, memory } = entry;
    let failures = 0;
    epoch.lastSeen.set(key, epoch.lastSeen.get(key) ?? this.#now());
    while (epoch.active && this.#running) {
      try {
        if (sub.kind === 'candles') await candleLoop(this.#host, epoch, key, sub.symbol, sub.timeframe);
        else if (sub.kind === 'ticker') await tickerLoop(this.#host, epoch, key, sub.symbol, memory);
        else if (sub.kind === 'trades') await tradesLoop(this.#host, epoch, key, sub.symbol, memory);
        else {
          const depth = sub.depth ?? this.#options.bookDepth ?? DEFAULT_BOOK_DEPTH;
          await bookLoop(this.#host, epoch, key, sub.symbol, depth, memory);
        }
        return;
      } catch (error) {
        if (!epoch.active) return;
        const kind = await classifyCcxtError(error);
        if (kind === 'closed') return;
        if (kind === 'connection' || kind === 'book-resync') {
          epoch.fail(`${key}: ${describe(error)}`);
          return;
        }
        failures += 1;
        this.#logger.warn({ err: error, subscription: key, failures }, 'subscription failed');
        if (failures >= MAX_SUBSCRIPTION_FAILURES) {
          entry.broken = true;
          this.#emitter.status(
            this.#emitter.state ?? 'connecting',
            `QL_ERR_DATA_FEED_BROKEN: ${key} given up after ${failures} failures: ${describe(error)}`,
            true,
          );
          return;
        }
        await this.#sleep(fullJitterDelay(failures - 1, this.#options.reconnect));
      }
    }
  }

  #seen(epoch: Epoch, key: string): void {
    if (!epoch.active) return;
    epoch.lastSeen.set(key, this.#now());
    if (!epoch.hadData) {
      epoch.hadData = true;
      this.#backoff.reset();
      if (this.#epoch === epoch) this.#emitter.status(this.#backfillsInFlight > 0 ? 'backfilling' : 'live');
    }
  }

  #checkStale(epoch: Epoch, staleAfter: number): void {
    if (!epoch.active) return;
    const now = this.#now();
    for (const entry of this.#subs.values()) {
      if (entry.broken) continue;
      const last = epoch.lastSeen.get(entry.key) ?? epoch.startedAt;
      if (now - last > staleAfter) {
        this.#stats.staleEvents += 1;
        const reason = `QL_ERR_DATA_FEED_STALE: no message on ${entry.key} for ${now - last} ms`;
        this.#emitter.status('stale', reason);
        epoch.fail(reason);
        return;
      }
    }
  }

  #sequencerFor(symbol: string, timeframe: string): CandleSequencer {
    const key = candleKey(symbol, timeframe);
    let sequencer = this.#sequencers.get(key);
    if (sequencer !== undefined) return sequencer;
    sequencer = new CandleSequencer(symbol, timeframe, {
      backfill: this.#backfill,
      emitForming: this.#options.emitFormingCandles ?? true,
      backfillAttempts: this.#options.backfillAttempts ?? 3,
      retryDelayMs: (attempt) => Math.min(this.#options.reconnect?.maxMs ?? 30_000, 250 * 2 ** attempt),
      sleep: (ms) => this.#sleep(ms),
      now: this.#now,
      emit: (u) =>
        this.#emitter.publish({
          kind: 'candle',
          update: {
            exchange: this.exchange,
            symbol,
            timeframe,
            candle: u.candle,
            closed: u.closed,
            tsEvent: u.tsEvent,
            tsInit: u.tsInit,
          },
        }),
      onRejected: (rule) => this.#stats.reject(`candle-${rule}`),
      onBackfillStart: (fromTs, toTs) => {
        this.#backfillsInFlight += 1;
        const state = this.#emitter.state;
        if (state === 'live' || state === 'connecting') {
          this.#emitter.status('backfilling', `${key}: fetching ${fromTs}..${toTs} over REST`);
        }
      },
      onBackfillEnd: (fromTs, toTs, delivered, error) => {
        this.#backfillsInFlight -= 1;
        this.#stats.backfilledCandles += delivered;
        if (error !== undefined) {
          this.#stats.backfillFailures += 1;
          this.#logger.warn(
            { err: error, series: key, fromTs, toTs },
            'backfill failed; candles stay missing',
          );
        }
        if (this.#backfillsInFlight === 0 && this.#emitter.state === 'backfilling') {
          this.#emitter.status(
            'live',
            error === undefined ? undefined : `${key}: gap ${fromTs}..${toTs} left unfilled`,
          );
        }
      },
    });
    this.#sequencers.set(key, sequencer);
    return sequencer;
  }

  /** Per candle message: one key, one lookup (a series has a sequencer exactly when it is subscribed). */
  #observeCandle(symbol: string, timeframe: string, observation: CandleObservation): void {
    this.#sequencers.get(candleKey(symbol, timeframe))?.observe(observation);
  }

  /** A wait that `stop()` cuts short (and that does not start once the feed is stopping). */
  #sleep(ms: number): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wakeups.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#wakeups.add(wake);
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}
