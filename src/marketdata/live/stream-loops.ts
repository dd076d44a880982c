/**
 * One `watch*` loop per subscription and connection: ccxt resolves a watch call with the latest state, the
 * loop validates it, converts it to Quant Lab's types and publishes it, then watches again. A loop ends
 * when its connection ends (the feed starts new ones on the next connection); errors propagate to the
 * feed, which decides between re-snapshot, reconnect and giving up.
 */

import type { OrderBookSnapshot, Ticker, Trade } from '../../core/market.js';
import { validateBook, validateTicker } from '../../core/market-validation.js';
import type { FeedEmitter, FeedStatsCounter } from '../feed-support.js';
import type { CandleObservation } from './candle-sequencer.js';
import type { CcxtOrderBook, CcxtProExchange, CcxtTicker } from './ccxt-pro.js';
import { classifyCcxtError } from './ccxt-pro.js';
import { priceRule } from './edge.js';
import type { VenueTap } from './tap.js';

/** The feed's side of a loop. */
export interface LoopHost {
  readonly exchange: string;
  readonly stats: FeedStatsCounter;
  readonly emitter: FeedEmitter;
  now(): number;
  observeCandle(symbol: string, timeframe: string, observation: CandleObservation): void;
}

/** One connection's side of a loop. */
export interface LoopEpoch {
  readonly exchange: CcxtProExchange;
  readonly tap: VenueTap;
  readonly active: boolean;
  /** A message for this subscription arrived (stale check, live status). */
  seen(key: string): void;
  /** The failure the tap found in this book (gap, checksum) and nobody handled yet; taking it clears it. */
  takeBookFailure(symbol: string): string | undefined;
  /** Calls `wake` once when the tap finds this book broken; returns a function that cancels the wait. */
  onBookFailure(symbol: string, wake: () => void): () => void;
  /** Ends the connection: the feed reconnects. */
  fail(reason: string): void;
}

/** What survives a reconnect, per subscription: de-duplication and ordering state. */
export class StreamMemory {
  lastTs = Number.NEGATIVE_INFINITY;
  lastSequence: number | undefined;
  readonly recentTradeIds = new Set<string>();
}

const RECENT_TRADE_IDS = 2_000;
/** The ticker fields merged from each update (one list, not one per message). */
const TICKER_FIELDS = ['bid', 'ask', 'last', 'bidVolume', 'askVolume', 'timestamp'] as const;
const MAX_RESNAPSHOTS = 5;
const INTERRUPTED: unique symbol = Symbol('interrupted');

/** Candles from ccxt's unified OHLCV, for venues whose close flag the tap does not read. */
export async function candleLoop(
  host: LoopHost,
  epoch: LoopEpoch,
  key: string,
  symbol: string,
  timeframe: string,
): Promise<void> {
  while (epoch.active) {
    const rows = await epoch.exchange.watchOHLCV(symbol, timeframe);
    if (!epoch.active) return;
    epoch.seen(key);
    if (epoch.tap.flagsCandleCloses) continue; // the tap delivers these, with the close flag
    const now = host.now();
    for (const row of rows) {
      const [ts, open, high, low, close, volume] = row as [number, number, number, number, number, number];
      host.observeCandle(symbol, timeframe, {
        candle: { ts, open, high, low, close, volume },
        closed: undefined,
        tsEvent: now,
        tsInit: now,
      });
    }
  }
}

/**
 * Tickers; Binance splits them over two streams (24h ticker: last price, bookTicker: bid/ask), so a ticker
 * is published once every field is known and then on each update of either.
 */
export async function tickerLoop(
  host: LoopHost,
  epoch: LoopEpoch,
  key: string,
  symbol: string,
  memory: StreamMemory,
): Promise<void> {
  const merged: CcxtTicker = {};
  const publish = (update: CcxtTicker) => {
    for (const field of TICKER_FIELDS) {
      const value = update[field];
      if (value !== undefined && value !== null) merged[field] = value;
    }
    if (merged.bid === undefined || merged.ask === undefined || merged.last === undefined) return;
    const now = host.now();
    const tsEvent = merged.timestamp ?? now;
    const ticker: Ticker = {
      exchange: host.exchange,
      symbol,
      bid: merged.bid,
      ask: merged.ask,
      last: merged.last,
      ...(merged.bidVolume === undefined ? {} : { bidSize: merged.bidVolume }),
      ...(merged.askVolume === undefined ? {} : { askSize: merged.askVolume }),
      tsEvent,
      tsInit: now,
    };
    const violations = validateTicker(ticker);
    if (violations.length > 0) return host.stats.reject(`ticker-${violations[0]!.rule}`);
    if (tsEvent < memory.lastTs) return host.stats.reject('ticker-ts-backwards');
    memory.lastTs = tsEvent;
    host.emitter.publish({ kind: 'ticker', ticker });
  };
  // A watch call resolves with the ticker of the message that woke it; when frames arrive in a burst, ccxt
  // has already stored later ones, so the loop reads ccxt's latest (tickers are latest-state data).
  const exchange = epoch.exchange;
  const watchers: Array<() => Promise<CcxtTicker | undefined>> = [
    async () => {
      const resolved = await exchange.watchTicker(symbol);
      return exchange.tickers?.[symbol] ?? resolved;
    },
  ];
  if (exchange.id.startsWith('binance') && exchange.has['watchBidsAsks']) {
    watchers.push(async () => {
      const resolved = (await exchange.watchBidsAsks([symbol]))[symbol];
      return exchange.bidsasks?.[symbol] ?? resolved;
    });
  }
  // When one watcher fails the other stops too, so a retry never runs next to a leftover watcher.
  let failed = false;
  await Promise.all(
    watchers.map(async (watch) => {
      try {
        while (epoch.active && !failed) {
          const update = await watch();
          if (!epoch.active || failed) return;
          epoch.seen(key);
          if (update !== undefined) publish(update);
        }
      } catch (error) {
        failed = true;
        throw error;
      }
    }),
  );
}

/** Public trades, de-duplicated by trade id and never going back in time. */
export async function tradesLoop(
  host: LoopHost,
  epoch: LoopEpoch,
  key: string,
  symbol: string,
  memory: StreamMemory,
): Promise<void> {
  while (epoch.active) {
    const trades = await epoch.exchange.watchTrades(symbol);
    if (!epoch.active) return;
    epoch.seen(key);
    for (const t of trades) {
      const price = Number(t.price);
      const qty = Number(t.amount);
      const ts = Number(t.timestamp);
      const rule = priceRule('trade-price', price) ?? priceRule('trade-qty', qty);
      if (rule) {
        host.stats.reject(rule);
        continue;
      }
      if (!Number.isSafeInteger(ts)) {
        host.stats.reject('trade-ts-invalid');
        continue;
      }
      const tradeId = t.id === undefined ? `${ts}:${price}:${qty}` : String(t.id);
      if (memory.recentTradeIds.has(tradeId)) continue;
      if (ts < memory.lastTs) {
        host.stats.reject('trade-ts-backwards');
        continue;
      }
      memory.lastTs = ts;
      memory.recentTradeIds.add(tradeId);
      if (memory.recentTradeIds.size > RECENT_TRADE_IDS) {
        memory.recentTradeIds.delete(memory.recentTradeIds.values().next().value!);
      }
      const side = t.side === 'buy' || t.side === 'sell' ? t.side : 'unknown';
      const trade: Trade = {
        exchange: host.exchange,
        symbol,
        tradeId,
        price,
        qty,
        side,
        tsEvent: ts,
        tsInit: host.now(),
      };
      host.emitter.publish({ kind: 'trade', trade });
    }
  }
}

function toSnapshot(host: LoopHost, symbol: string, book: CcxtOrderBook, depth: number): OrderBookSnapshot {
  const now = host.now();
  const side = (levels: CcxtOrderBook['bids']) =>
    levels.slice(0, depth).map((level) => [Number(level[0]), Number(level[1])] as [number, number]);
  return {
    exchange: host.exchange,
    symbol,
    bids: side(book.bids),
    asks: side(book.asks),
    ...(book.nonce === undefined ? {} : { sequence: book.nonce }),
    tsEvent: book.timestamp ?? now,
    tsInit: now,
  };
}

/**
 * Order books: ccxt keeps the book (snapshot + diffs, its own gap checks); the tap adds OKX checksums and
 * refuses malformed diffs; this loop refuses to publish a book that is crossed or unsorted and asks the
 * venue for a fresh snapshot whenever the book cannot be trusted. Only the top `depth` levels are published.
 */
export async function bookLoop(
  host: LoopHost,
  epoch: LoopEpoch,
  key: string,
  symbol: string,
  depth: number,
  memory: StreamMemory,
): Promise<void> {
  // Re-snapshots since the last published book: a venue that never yields a sound book gets a reconnect.
  let resnapshots = 0;
  const resnapshot = async (reason: string) => {
    host.stats.bookResyncs += 1;
    epoch.tap.resetBook(symbol);
    memory.lastSequence = undefined;
    if (++resnapshots > MAX_RESNAPSHOTS) {
      epoch.fail(
        `book ${symbol}: ${resnapshots - 1} re-snapshots in a row did not give a sound book (${reason})`,
      );
      return;
    }
    try {
      // Unsubscribing drops ccxt's book and any future it left rejected; the next watch subscribes again
      // and the venue (OKX) or ccxt's REST fetch (Binance) provides a new snapshot.
      await withTimeout(epoch.exchange.unWatchOrderBook(symbol), 5_000);
    } catch (error) {
      if (!epoch.active) return;
      epoch.fail(`book ${symbol} could not be re-snapshotted after ${reason}: ${String(error)}`);
    }
  };
  while (epoch.active) {
    // A failure found while we were busy (in a burst, the frame after the one ccxt resolved with).
    const failure = epoch.takeBookFailure(symbol);
    if (failure !== undefined) {
      await resnapshot(failure);
      continue;
    }
    const watch = epoch.exchange.watchOrderBook(symbol);
    watch.catch(() => {}); // it may settle after an interrupt; its outcome no longer matters then
    // A fresh interrupt promise per wait, dropped with it (see BookFailures in epoch.ts).
    let cancelWait = () => {};
    const interrupted = new Promise<typeof INTERRUPTED>((resolve) => {
      cancelWait = epoch.onBookFailure(symbol, () => resolve(INTERRUPTED));
    });
    let book: CcxtOrderBook | typeof INTERRUPTED;
    try {
      book = await Promise.race([watch, interrupted]).finally(cancelWait);
    } catch (error) {
      if ((await classifyCcxtError(error)) !== 'book-resync') throw error;
      if (!epoch.active) return;
      // ccxt found a sequence gap (Binance U/u/pu) and dropped its book. Re-watching alone is not enough:
      // a rejection ccxt stored for a watch not yet made stays attached to that message hash and would
      // reject every later watch at once, so unsubscribe (which clears it) and subscribe again.
      host.stats.reject('book-sequence-gap');
      await resnapshot('sequence-gap');
      continue;
    }
    if (!epoch.active) return;
    // Interrupted: the next turn takes the failure. A book ccxt resolved with is still consistent even if a
    // later frame failed: the failed frame never reached ccxt.
    if (book === INTERRUPTED) continue;
    epoch.seen(key);
    const snapshot = toSnapshot(host, symbol, book, depth);
    const violations = validateBook(snapshot);
    if (violations.length > 0) {
      host.stats.reject(`book-${violations[0]!.rule}`);
      await resnapshot(violations[0]!.rule);
      continue;
    }
    const sequence = snapshot.sequence;
    if (sequence !== undefined && memory.lastSequence !== undefined && sequence <= memory.lastSequence)
      continue;
    if (snapshot.tsEvent < memory.lastTs) {
      host.stats.reject('book-ts-backwards');
      continue;
    }
    memory.lastSequence = sequence;
    memory.lastTs = snapshot.tsEvent;
    resnapshots = 0;
    host.emitter.publish({ kind: 'book', book: snapshot });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
