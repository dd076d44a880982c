/**
 * The OKX v5 public-channel tap (see tap.ts for why a tap exists). Frames look like
 * `{"arg":{"channel":"candle1m","instId":"BTC-USDT"},"data":[[ts,o,h,l,c,vol,volCcy,volCcyQuote,confirm]]}`;
 * control frames carry `event`; the keep-alive answer is the text `pong`.
 *
 * - Candles: `confirm` = "1" marks the final version of a candle (OKX docs, candlesticks channel).
 * - Books (`books`, `books-l2-tbt`, `books50-l2-tbt`): a string mirror checks seqId/prevSeqId and the
 *   CRC32 checksum (okx-book.ts); a broken book is reported so the feed re-subscribes for a snapshot.
 *   `books5` and `bbo-tbt` are full snapshots every push and need no mirror.
 * - Every data frame is validated; one bad row refuses the whole frame.
 */

import type { Candle } from '../../core/market.js';
import { validateTicker } from '../../core/market-validation.js';
import type { CandleObservation } from './candle-sequencer.js';
import { candleViolation, isRecord, levelsRule, MonotonicClock, num, priceRule, tsOf } from './edge.js';
import { OkxBookMirror, type RawLevel } from './okx-book.js';
import { candleKey, streamKey } from './subscriptions.js';
import { FORWARD, type TapContext, type TapVerdict, type VenueTap } from './tap.js';

const MIRRORED_BOOKS = new Set(['books', 'books-l2-tbt', 'books50-l2-tbt']);
const SNAPSHOT_BOOKS = new Set(['books5', 'bbo-tbt']);

export function okxTap(ctx: TapContext): VenueTap {
  const clock = new MonotonicClock();
  const mirrors = new Map<string, OkxBookMirror>();

  function candles(channel: string, symbol: string, rows: unknown[]): TapVerdict {
    const timeframe = ctx.timeframeOf(channel.slice('candle'.length));
    if (timeframe === undefined) return FORWARD; // mark/index candles or a bar we do not map
    const key = candleKey(symbol, timeframe);
    const now = ctx.now();
    const out: NonNullable<TapVerdict['candles']>[number][] = [];
    for (const row of rows) {
      if (!Array.isArray(row) || row.length < 6)
        return { forward: false, keys: [key], rejected: 'candle-malformed' };
      const candle: Candle = {
        ts: tsOf(row[0]),
        open: num(row[1]),
        high: num(row[2]),
        low: num(row[3]),
        close: num(row[4]),
        volume: num(row[5]),
      };
      const rule = candleViolation(candle);
      if (rule) return { forward: false, keys: [key], rejected: rule };
      if (!clock.wouldAccept(key, candle.ts))
        return { forward: false, keys: [key], rejected: 'candle-ts-backwards' };
      const confirm = row[8];
      const observation: CandleObservation = {
        candle,
        closed: confirm === undefined ? undefined : String(confirm) === '1',
        tsEvent: now,
        tsInit: now,
      };
      out.push({ symbol, timeframe, observation });
    }
    for (const c of out) clock.accept(key, c.observation.candle.ts);
    return { forward: true, keys: [key], candles: out };
  }

  function ticker(symbol: string, rows: unknown[]): TapVerdict {
    const key = streamKey('ticker', symbol);
    for (const row of rows) {
      if (!isRecord(row)) return { forward: false, keys: [key], rejected: 'ticker-malformed' };
      const ts = tsOf(row['ts']);
      const violations = validateTicker({
        exchange: 'okx',
        symbol,
        bid: num(row['bidPx']),
        ask: num(row['askPx']),
        last: num(row['last']),
        bidSize: num(row['bidSz']),
        askSize: num(row['askSz']),
        tsEvent: ts,
        tsInit: ts,
      });
      if (violations.length > 0)
        return { forward: false, keys: [key], rejected: `ticker-${violations[0]!.rule}` };
      if (Number.isNaN(ts)) return { forward: false, keys: [key], rejected: 'ticker-ts-invalid' };
      if (!clock.accept(key, ts)) return { forward: false, keys: [key], rejected: 'ticker-ts-backwards' };
    }
    return { forward: true, keys: [key] };
  }

  function trades(symbol: string, rows: unknown[]): TapVerdict {
    const key = streamKey('trades', symbol);
    let last = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      if (!isRecord(row)) return { forward: false, keys: [key], rejected: 'trade-malformed' };
      const rule = priceRule('trade-price', num(row['px'])) ?? priceRule('trade-qty', num(row['sz']));
      if (rule) return { forward: false, keys: [key], rejected: rule };
      const ts = tsOf(row['ts']);
      if (Number.isNaN(ts)) return { forward: false, keys: [key], rejected: 'trade-ts-invalid' };
      if (ts < last || !clock.wouldAccept(key, ts)) {
        return { forward: false, keys: [key], rejected: 'trade-ts-backwards' };
      }
      last = ts;
    }
    if (last > Number.NEGATIVE_INFINITY) clock.accept(key, last);
    return { forward: true, keys: [key] };
  }

  function book(channel: string, symbol: string, action: unknown, rows: unknown[]): TapVerdict {
    const key = streamKey('book', symbol);
    for (const row of rows) {
      if (!isRecord(row)) return { forward: false, keys: [key], rejected: 'book-malformed' };
      const rule = levelsRule(row['bids'], 'bids') ?? levelsRule(row['asks'], 'asks');
      if (rule) return { forward: false, keys: [key], rejected: `book-${rule}` };
      const ts = tsOf(row['ts']);
      if (!Number.isNaN(ts) && !clock.accept(key, ts)) {
        return { forward: false, keys: [key], rejected: 'book-ts-backwards' };
      }
    }
    if (!MIRRORED_BOOKS.has(channel)) return { forward: true, keys: [key] };
    let mirror = mirrors.get(symbol);
    if (mirror === undefined) {
      mirror = new OkxBookMirror();
      mirrors.set(symbol, mirror);
    }
    for (const row of rows as Array<Record<string, unknown>>) {
      const data = {
        bids: row['bids'] as RawLevel[],
        asks: row['asks'] as RawLevel[],
        seqId: optionalInt(row['seqId']),
        prevSeqId: optionalInt(row['prevSeqId']),
        checksum: optionalInt(row['checksum']),
      };
      const verdict = action === 'snapshot' ? mirror.snapshot(data) : mirror.update(data);
      if (!verdict.ok) {
        // Updates arriving while a fresh snapshot is on its way are expected: drop them quietly.
        if (verdict.reason === 'no-snapshot') return { forward: false, keys: [key] };
        return {
          forward: false,
          keys: [key],
          rejected: `book-${verdict.reason}`,
          bookFailure: { symbol, reason: verdict.reason },
        };
      }
    }
    return { forward: true, keys: [key] };
  }

  return {
    flagsCandleCloses: true,
    resetBook(symbol) {
      mirrors.get(symbol)?.invalidate();
      clock.forget(streamKey('book', symbol));
    },
    inspect(message) {
      if (typeof message === 'string') {
        return message === 'pong' ? FORWARD : { forward: false, rejected: 'invalid-json' };
      }
      if (!isRecord(message)) return { forward: false, rejected: 'malformed' };
      if (message['event'] !== undefined) return FORWARD; // subscribe / unsubscribe / error / login
      const arg = message['arg'];
      if (!isRecord(arg)) return FORWARD;
      const channel = typeof arg['channel'] === 'string' ? arg['channel'] : '';
      const instId = typeof arg['instId'] === 'string' ? arg['instId'] : undefined;
      const symbol = instId === undefined ? undefined : ctx.symbolOf(instId);
      if (symbol === undefined) return FORWARD; // not a market we know: ccxt ignores it too
      const rows = message['data'];
      if (!Array.isArray(rows)) return { forward: false, rejected: 'malformed' };
      if (channel.startsWith('candle')) return candles(channel, symbol, rows);
      if (channel === 'tickers') return ticker(symbol, rows);
      if (channel === 'trades' || channel === 'trades-all') return trades(symbol, rows);
      if (MIRRORED_BOOKS.has(channel) || SNAPSHOT_BOOKS.has(channel)) {
        return book(channel, symbol, message['action'], rows);
      }
      return FORWARD;
    },
  };
}

function optionalInt(value: unknown): number | undefined {
  const n = num(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
