/**
 * The replay feed: the `MarketFeed` interface fed from stored candles, so a strategy or the engine cannot
 * tell a replay from the live feed (DESIGN.md §1.1). Closed candles of several series are merged into one
 * stream in the order they would have closed live: by close time, the finer timeframe first on ties (its
 * last candle closes at the same instant as the coarser one and would reach a live consumer first), then
 * by symbol. Events carry the same `tsEvent` as live (the close time), and `tsInit` is the replay's virtual
 * clock, so a replay is deterministic.
 *
 * Pacing: at full speed (`speed: Infinity`, the default) candles are emitted as fast as listeners take
 * them; with `speed: 60` an hour of market time takes a minute of wall time. The wall clock is injectable
 * (`clock.now`, `clock.sleep`), which makes paced replays deterministic in tests.
 *
 * Only candle subscriptions can be replayed (stored candles hold no tickers, trades or books).
 */

import { QuantLabError } from '../core/errors.js';
import type { Candle } from '../core/market.js';
import { validateCandle } from '../core/market-validation.js';
import { compareTimeframes, nextBucket, parseTimeframe, type Timeframe } from '../core/timeframe.js';
import type { CandleColumns, CandleRepository } from '../storage/index.js';
import { FeedEmitter, type FeedLogger, FeedStatsCounter, silentFeedLogger } from './feed-support.js';
import type { FeedStats, FeedSubscription, MarketEventListener, MarketFeed } from './types.js';

/** Where stored candles come from: ordered by ts, with from ≤ ts ≤ to (bounds optional, inclusive). */
export interface ReplayCandleSource {
  load(
    symbol: string,
    timeframe: string,
    from?: number,
    to?: number,
  ): Promise<readonly Candle[] | CandleColumns>;
}

/** Candles held in memory, keyed by symbol and timeframe. */
export function memoryCandleSource(
  series: ReadonlyArray<{ symbol: string; timeframe: string; candles: readonly Candle[] }>,
): ReplayCandleSource {
  return {
    async load(symbol, timeframe, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY) {
      const found = series.find((s) => s.symbol === symbol && s.timeframe === timeframe);
      return (found?.candles ?? []).filter((c) => c.ts >= from && c.ts <= to);
    },
  };
}

/** The candles table (`candles.rangeColumns`: typed arrays, no object per row) of one exchange. */
export function repositoryCandleSource(
  candles: Pick<CandleRepository, 'rangeColumns'>,
  exchange: string,
): ReplayCandleSource {
  return {
    load: (symbol, timeframe, from, to) => candles.rangeColumns(exchange, symbol, timeframe, from, to),
  };
}

/** The wall clock a paced replay waits on. */
export interface ReplayClock {
  now(): number;
  /** Resolves after `ms`, or early (without rejecting) once `signal` is aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemReplayClock: ReplayClock = {
  now: Date.now,
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export interface ReplayFeedOptions {
  /** The `exchange` of every event (and of the stored series when reading the database). */
  exchange: string;
  source: ReplayCandleSource;
  from?: number;
  to?: number;
  /** Market time per wall time; Infinity (default) = as fast as possible. */
  speed?: number;
  clock?: ReplayClock;
  logger?: FeedLogger;
}

/** One series being replayed, read by index (typed arrays or an array of candles). */
interface Cursor {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly length: number;
  candle(i: number): Candle;
  ts(i: number): number;
  index: number;
  /** Close time of the candle at `index`. */
  closeTs: number;
}

function isColumns(value: readonly Candle[] | CandleColumns): value is CandleColumns {
  return !Array.isArray(value);
}

/** Full-speed replays give the event loop a turn this often, so `stop()` and I/O are not starved. */
const YIELD_EVERY = 2_048;

export class ReplayFeed implements MarketFeed {
  readonly exchange: string;
  readonly #options: ReplayFeedOptions;
  readonly #stats = new FeedStatsCounter();
  readonly #emitter: FeedEmitter;
  readonly #clock: ReplayClock;
  readonly #series: Array<{ symbol: string; timeframe: Timeframe }> = [];
  #virtualNow: number | undefined;
  #started = false;
  #stopping = false;
  /** Aborted by `stop()`: ends a paced wait at once (a slow replay may wait minutes between candles). */
  readonly #stop = new AbortController();
  #done: Promise<void> = Promise.resolve();

  constructor(options: ReplayFeedOptions) {
    const speed = options.speed ?? Number.POSITIVE_INFINITY;
    if (!(speed > 0)) {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', 'A replay speed must be > 0 (Infinity = full speed).', {
        details: { speed },
      });
    }
    this.exchange = options.exchange;
    this.#options = options;
    this.#clock = options.clock ?? systemReplayClock;
    this.#emitter = new FeedEmitter(
      options.exchange,
      this.#stats,
      options.logger ?? silentFeedLogger,
      () => this.#virtualNow ?? this.#clock.now(),
    );
  }

  subscribe(subscription: FeedSubscription): void {
    if (subscription.kind !== 'candles') {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `A replay has only stored candles, not ${subscription.kind}.`,
        {
          details: { subscription },
        },
      );
    }
    if (this.#started) {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', 'Subscribe before starting a replay.', {
        details: { subscription },
      });
    }
    const timeframe = parseTimeframe(subscription.timeframe);
    if (!this.#series.some((s) => s.symbol === subscription.symbol && s.timeframe === timeframe)) {
      this.#series.push({ symbol: subscription.symbol, timeframe });
    }
  }

  on(listener: MarketEventListener): () => void {
    return this.#emitter.on(listener);
  }

  /** Loads every series, then replays in the background; `done()` resolves when it has finished. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#emitter.status('connecting', 'loading stored candles');
    const cursors = await Promise.all(this.#series.map((s) => this.#load(s.symbol, s.timeframe)));
    if (this.#stopping) return;
    this.#emitter.status('live', 'replaying');
    this.#done = this.#replay(cursors);
  }

  /** Resolves when the replay has emitted everything (or was stopped). */
  done(): Promise<void> {
    return this.#done;
  }

  /** The replay's virtual clock: the close time of the last candle emitted. */
  get virtualNow(): number | undefined {
    return this.#virtualNow;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#stop.abort();
    await this.#done;
    if (this.#emitter.state !== 'stopped') this.#emitter.status('stopped', 'stopped');
  }

  stats(): FeedStats {
    return this.#stats.snapshot();
  }

  async #load(symbol: string, timeframe: Timeframe): Promise<Cursor> {
    const loaded = await this.#options.source.load(symbol, timeframe, this.#options.from, this.#options.to);
    let total: number;
    let tsAt: (i: number) => number;
    let read: (i: number) => Candle;
    if (isColumns(loaded)) {
      const c = loaded;
      total = c.ts.length;
      tsAt = (i) => c.ts[i]!;
      read = (i) => ({
        ts: c.ts[i]!,
        open: c.open[i]!,
        high: c.high[i]!,
        low: c.low[i]!,
        close: c.close[i]!,
        volume: c.volume[i]!,
      });
    } else {
      const rows = loaded;
      total = rows.length;
      tsAt = (i) => rows[i]!.ts;
      read = (i) => rows[i]!;
    }
    this.#stats.received += total;
    let order: number[] = Array.from({ length: total }, (_, i) => i);
    for (let i = 1; i < total; i++) {
      if (tsAt(i) < tsAt(i - 1)) {
        order = order.sort((a, b) => tsAt(a) - tsAt(b));
        break;
      }
    }
    // Keep sound candles in strictly increasing ts order; anything else is counted, never emitted.
    const keep: number[] = [];
    let last = Number.NEGATIVE_INFINITY;
    for (const i of order) {
      const violations = validateCandle(read(i));
      if (violations.length > 0) this.#stats.reject(`candle-${violations[0]!.rule}`);
      else if (tsAt(i) === last) this.#stats.reject('candle-duplicate');
      else {
        keep.push(i);
        last = tsAt(i);
      }
    }
    return {
      symbol,
      timeframe,
      length: keep.length,
      candle: (k) => read(keep[k]!),
      ts: (k) => tsAt(keep[k]!),
      index: 0,
      closeTs: keep.length > 0 ? nextBucket(tsAt(keep[0]!), timeframe) : Number.POSITIVE_INFINITY,
    };
  }

  /** The series whose next candle closes first (finer timeframe, then symbol, on ties). */
  #nextCursor(cursors: Cursor[]): Cursor | undefined {
    let best: Cursor | undefined;
    for (const c of cursors) {
      if (c.index >= c.length) continue;
      if (
        best === undefined ||
        c.closeTs < best.closeTs ||
        (c.closeTs === best.closeTs &&
          (compareTimeframes(c.timeframe, best.timeframe) < 0 ||
            (c.timeframe === best.timeframe && c.symbol < best.symbol)))
      ) {
        best = c;
      }
    }
    return best;
  }

  async #replay(cursors: Cursor[]): Promise<void> {
    const speed = this.#options.speed ?? Number.POSITIVE_INFINITY;
    const paced = Number.isFinite(speed);
    let wallStart: number | undefined;
    let marketStart: number | undefined;
    let emitted = 0;
    for (let cursor = this.#nextCursor(cursors); cursor !== undefined; cursor = this.#nextCursor(cursors)) {
      if (this.#stopping) return;
      const closeTs = cursor.closeTs;
      if (paced) {
        // Anchored to the start, so rounding in one wait never accumulates into drift.
        wallStart ??= this.#clock.now();
        marketStart ??= closeTs;
        const due = wallStart + (closeTs - marketStart) / speed;
        const wait = due - this.#clock.now();
        if (wait > 0) await this.#clock.sleep(wait, this.#stop.signal);
        if (this.#stopping) return;
      } else if (++emitted % YIELD_EVERY === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.#stopping) return;
      }
      const candle = cursor.candle(cursor.index);
      cursor.index += 1;
      cursor.closeTs =
        cursor.index < cursor.length
          ? nextBucket(cursor.ts(cursor.index), cursor.timeframe)
          : Number.POSITIVE_INFINITY;
      this.#virtualNow = closeTs;
      this.#emitter.publish({
        kind: 'candle',
        update: {
          exchange: this.exchange,
          symbol: cursor.symbol,
          timeframe: cursor.timeframe,
          candle,
          closed: true,
          tsEvent: closeTs,
          tsInit: closeTs,
        },
      });
    }
    this.#emitter.status('stopped', 'replay complete');
  }
}
