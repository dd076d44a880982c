/**
 * The private streams over ccxt pro: one loop per channel (`watchOrders`, `watchMyTrades`,
 * `watchPositions`, `watchBalance`; on OKX also `watchOrders` with `trigger` for the `orders-algo`
 * channel), each turning ccxt's structures into `ExchangeStreamEvent`s.
 *
 * Connections are ccxt's: OKX logs in on the private (and business) socket itself; Binance USDⓈ-M opens
 * a user-data stream with a listen key it creates (`POST /fapi/v1/listenKey`) and renews every
 * `options.listenKeyRefreshRate` (20 min) with `keepAliveListenKey` (`PUT`); a failed renewal rejects the
 * pending watches, so the loops below reconnect and ccxt creates a new key.
 *
 * A loop whose watch fails waits a full-jitter backoff (src/marketdata/live/backoff.ts) and watches
 * again, which makes ccxt reconnect. Each channel counts its own failures (reset only by its own next
 * message), so a channel that keeps failing — a refused subscription, OKX 429/50011 — backs off further
 * each time while the others go on receiving. Loops that fail at the same count share one wake-up and
 * watch again together: ccxt hands a push only to a watch already waiting, so a loop still asleep when
 * another one had reopened the socket would miss its pushes until its next one. Status events: `connecting` at start, `live` once a message arrives
 * or a socket is connected, `reconnecting` after a failure, `stale` when neither a message nor a pong has
 * been seen for `staleAfterMs`, `stopped` at close (or when the venue refuses our credentials).
 */

import type { Balances, Order, Position, Trade } from 'ccxt';
import type { Logger } from '../../logging/index.js';
import { type BackoffOptions, fullJitterDelay } from '../../marketdata/live/backoff.js';
import type {
  BalanceReport,
  ConnectionStatus,
  ExchangeError,
  ExchangeStreamEvent,
} from '../exchange/types.js';
import {
  type BalanceContext,
  balanceReportsFromCcxt,
  fillReportFromCcxt,
  positionReportFromCcxt,
  type RestFreeBalances,
} from './account-reports.js';
import type { ExchangeOperation, StreamOptions, Timers } from './options.js';
import type { OrderIdBook } from './order-ids.js';
import { learnOrderIds, orderReportFromCcxt } from './order-report.js';

/** What the streams need of a ccxt pro exchange (a fake in tests). */
export interface PrivateStreamSource {
  readonly id: string;
  readonly has: Record<string, unknown>;
  readonly clients?: Record<string, { isConnected?: boolean; lastPong?: number } | undefined>;
  watchOrders(
    symbol?: string,
    since?: number,
    limit?: number,
    params?: Record<string, unknown>,
  ): Promise<Order[]>;
  watchMyTrades(
    symbol?: string,
    since?: number,
    limit?: number,
    params?: Record<string, unknown>,
  ): Promise<Trade[]>;
  watchPositions(
    symbols?: string[],
    since?: number,
    limit?: number,
    params?: Record<string, unknown>,
  ): Promise<Position[]>;
  watchBalance(params?: Record<string, unknown>): Promise<Balances>;
}

export interface PrivateStreamsOptions extends StreamOptions {
  readonly source: PrivateStreamSource;
  readonly timers: Timers;
  readonly ids: OrderIdBook;
  /** Venue time now. */
  readonly now: () => number;
  readonly classify: (error: unknown, operation: ExchangeOperation) => ExchangeError;
  readonly random?: () => number;
  readonly logger?: Logger;
  /** The client's last REST free balances (Binance pushes derive theirs from it). */
  readonly restFree?: RestFreeBalances;
}

interface Channel {
  readonly name: string;
  readonly watch: () => Promise<void>;
}

/** A pending reconnect wake-up, shared by the loops that failed at the same attempt count. */
interface Wake {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  timer: unknown;
}

export class PrivateStreams {
  #state: ConnectionStatus['state'] = 'stopped';
  #stopped = true;
  #lastActivity = 0;
  #healthTimer: unknown;
  #listener: (event: ExchangeStreamEvent) => void = () => {};
  #running = 0;
  readonly #loops = new Set<Promise<void>>();
  #lastFailure: string | undefined;
  #symbols: ReadonlySet<string> = new Set();
  readonly #lastBalance = new Map<string, string>();
  readonly #context: BalanceContext;
  readonly #backoff: BackoffOptions;
  /** Consecutive failures per channel (absent: none since its last message). */
  readonly #attempts = new Map<string, number>();
  /** Pending reconnect wake-ups by attempt count: the loops failing at that count share it. */
  readonly #wakes = new Map<number, Wake>();
  /** Counts starts: a loop of an earlier start (still asleep or watching at a restart) ends, never resumes. */
  #generation = 0;

  constructor(private readonly options: PrivateStreamsOptions) {
    this.#context = {
      now: options.now,
      ids: options.ids,
      ...(options.restFree === undefined ? {} : { restFree: options.restFree }),
    };
    this.#backoff = {
      baseMs: options.reconnectBaseMs ?? 500,
      maxMs: options.reconnectMaxMs ?? 30_000,
      ...(options.random === undefined ? {} : { random: options.random }),
    };
    fullJitterDelay(0, this.#backoff); // validates the options up front
  }

  get state(): ConnectionStatus['state'] {
    return this.#state;
  }

  start(symbols: readonly string[], listener: (event: ExchangeStreamEvent) => void): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#listener = listener;
    this.#symbols = new Set(symbols);
    this.#attempts.clear();
    const generation = ++this.#generation;
    this.#lastActivity = this.options.timers.now();
    this.#setState('connecting');
    const channels = this.#channels();
    this.#running = channels.length;
    for (const channel of channels) {
      const loop = this.#loop(channel, generation).finally(() => {
        this.#loops.delete(loop);
        if (generation === this.#generation) this.#ended(channel);
      });
      this.#loops.add(loop);
    }
    this.#scheduleHealthCheck();
  }

  stop(reason?: string): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#healthTimer !== undefined) this.options.timers.clearTimeout(this.#healthTimer);
    this.#healthTimer = undefined;
    // Sleeping loops wake now and end: a restart must not join (or wait out) the old reconnect wait.
    for (const wake of this.#wakes.values()) {
      this.options.timers.clearTimeout(wake.timer);
      wake.resolve();
    }
    this.#wakes.clear();
    this.#setState('stopped', reason);
  }

  /** Resolves when every loop has ended, or after `timeoutMs`; true when they all ended. */
  async settled(timeoutMs: number): Promise<boolean> {
    if (this.#loops.size === 0) return true;
    let timer: unknown;
    const timeout = new Promise<false>((resolve) => {
      timer = this.options.timers.setTimeout(() => resolve(false), timeoutMs);
    });
    const ended = Promise.allSettled([...this.#loops]).then(() => true as const);
    const result = await Promise.race([ended, timeout]);
    this.options.timers.clearTimeout(timer);
    return result;
  }

  #channels(): Channel[] {
    const { source } = this.options;
    const has = (method: string) => source.has[method] === true || source.has[method] === 'emulated';
    const channels: Channel[] = [];
    if (has('watchOrders')) {
      channels.push({ name: 'orders', watch: async () => this.#onOrders(await source.watchOrders()) });
      if (source.id === 'okx') {
        const algo = () => source.watchOrders(undefined, undefined, undefined, { trigger: true });
        channels.push({ name: 'orders-algo', watch: async () => this.#onOrders(await algo()) });
      }
    }
    if (has('watchMyTrades'))
      channels.push({ name: 'fills', watch: async () => this.#onTrades(await source.watchMyTrades()) });
    if (has('watchPositions'))
      channels.push({
        name: 'positions',
        watch: async () => this.#onPositions(await source.watchPositions()),
      });
    if (has('watchBalance'))
      channels.push({ name: 'balance', watch: async () => this.#onBalance(await source.watchBalance()) });
    return channels;
  }

  async #loop(channel: Channel, generation: number): Promise<void> {
    const current = () => !this.#stopped && generation === this.#generation;
    while (current()) {
      try {
        await channel.watch();
        this.#attempts.delete(channel.name);
      } catch (raw) {
        if (!current()) return;
        const error = this.options.classify(raw, 'query');
        if (error.kind === 'auth') {
          this.stop(`${channel.name}: credentials refused: ${error.message}`);
          return;
        }
        if (error.kind === 'rejected') {
          // The venue (or ccxt) does not offer this channel: the others go on.
          this.options.logger?.warn(
            { channel: channel.name, err: error.message },
            'private channel unavailable',
          );
          this.#lastFailure = `${channel.name}: ${error.message}`;
          return;
        }
        this.#setState('reconnecting', `${channel.name}: ${error.message}`);
        await this.#retryTurn(channel.name);
      }
    }
  }

  /**
   * The channel's next reconnect attempt: a full-jitter wait over its own failure count. Shared: a loop
   * that fails at a count whose wake-up is pending joins it, so the loops a dropped socket failed together
   * watch again in the same tick and every channel is waiting before the new socket's first push (a draw
   * per loop let the first loop back reopen the socket for the others). A channel that keeps failing has
   * a higher count than the healthy ones: it waits longer, and never makes them wait with it.
   */
  #retryTurn(channel: string): Promise<void> {
    const attempt = this.#attempts.get(channel) ?? 0;
    this.#attempts.set(channel, attempt + 1);
    const pending = this.#wakes.get(attempt);
    if (pending !== undefined) return pending.promise;
    let resolve!: () => void;
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    const wake: Wake = { promise, resolve, timer: undefined };
    wake.timer = this.options.timers.setTimeout(
      () => {
        if (this.#wakes.get(attempt) === wake) this.#wakes.delete(attempt);
        resolve();
      },
      fullJitterDelay(attempt, this.#backoff),
    );
    this.#wakes.set(attempt, wake);
    return promise;
  }

  #ended(channel: Channel): void {
    this.#running -= 1;
    if (this.#running === 0 && !this.#stopped) this.stop(this.#lastFailure ?? `${channel.name} ended`);
  }

  #wanted(symbol: string | undefined): boolean {
    return this.#symbols.size === 0 || (symbol !== undefined && this.#symbols.has(symbol));
  }

  #received(): void {
    this.#lastActivity = this.options.timers.now();
    // A push that was already on its way when we stopped must not bring the state back to life.
    if (this.#state !== 'live' && !this.#stopped) this.#setState('live');
  }

  #emit(event: ExchangeStreamEvent): void {
    if (!this.#stopped) this.#listener(event);
  }

  #onOrders(orders: Order[]): void {
    this.#received();
    for (const order of orders) {
      learnOrderIds(order, this.options.ids);
      const report = orderReportFromCcxt(order, this.#context);
      if (this.#wanted(report.symbol)) this.#emit({ kind: 'order', report });
    }
  }

  #onTrades(trades: Trade[]): void {
    this.#received();
    for (const trade of trades) {
      const report = fillReportFromCcxt(trade, this.#context);
      if (report !== undefined && this.#wanted(report.symbol)) this.#emit({ kind: 'fill', report });
    }
  }

  #onPositions(positions: Position[]): void {
    this.#received();
    for (const position of positions) {
      const report = positionReportFromCcxt(position, this.#context);
      if (this.#wanted(report.symbol)) this.#emit({ kind: 'position', report });
    }
  }

  /** ccxt hands over the whole balance each time: only currencies that changed are reported. */
  #onBalance(balances: Balances): void {
    this.#received();
    for (const report of balanceReportsFromCcxt(balances, this.#context)) {
      const key = `${report.total}/${report.free}/${report.used}`;
      if (this.#lastBalance.get(report.currency) === key) continue;
      this.#lastBalance.set(report.currency, key);
      this.#emit({ kind: 'balance', report: report satisfies BalanceReport });
    }
  }

  #setState(state: ConnectionStatus['state'], reason?: string): void {
    // One event per change of state: a storm of failures is one `reconnecting`, not hundreds.
    if (state === this.#state) return;
    this.#state = state;
    this.#listener({
      kind: 'status',
      status: {
        connection: 'private-stream',
        state,
        ...(reason === undefined ? {} : { reason }),
        tsEvent: this.options.now(),
      },
    });
  }

  #scheduleHealthCheck(): void {
    if (this.#stopped) return;
    this.#healthTimer = this.options.timers.setTimeout(() => {
      this.#checkHealth();
      this.#scheduleHealthCheck();
    }, this.options.healthCheckMs ?? 5_000);
  }

  #checkHealth(): void {
    const clients = Object.values(this.options.source.clients ?? {});
    const connected = clients.some((client) => client?.isConnected === true);
    const lastPong = Math.max(0, ...clients.map((client) => client?.lastPong ?? 0));
    const activity = Math.max(this.#lastActivity, lastPong);
    const now = this.options.timers.now();
    const quiet = now - activity > (this.options.staleAfterMs ?? 30_000);
    if (quiet && this.#state === 'live')
      this.#setState('stale', `no message or pong for ${now - activity} ms`);
    else if (!quiet && connected && this.#state !== 'live') this.#setState('live');
  }
}
