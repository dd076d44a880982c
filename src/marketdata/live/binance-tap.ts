/**
 * The Binance USDⓈ-M market-stream tap (see tap.ts for why a tap exists). Frames are raw events
 * (`{"e":"kline",…}`) or, on combined streams, `{"stream":"btcusdt@kline_1m","data":{…}}`; subscription
 * answers are `{"result":null,"id":1}`.
 *
 * - Candles: kline `k.x` = true marks the final version of a candle (Binance kline stream docs).
 * - Books: ccxt keeps the depth snapshot + diff sync (REST snapshot, U/u/pu rules) and raises on a gap;
 *   the tap only refuses malformed diffs, which makes the next diff's `pu` break the chain, so ccxt's own
 *   gap handling re-snapshots.
 * - Tickers: `24hrTicker` / `24hrMiniTicker` (what ccxt subscribes) carry the last price, `bookTicker`
 *   bid/ask; both feed one ticker subscription.
 */

import type { Candle } from '../../core/market.js';
import type { CandleObservation } from './candle-sequencer.js';
import {
  candleViolation,
  isRecord,
  levelsRule,
  MonotonicClock,
  num,
  priceRule,
  sizeRule,
  tsOf,
} from './edge.js';
import { candleKey, streamKey } from './subscriptions.js';
import { FORWARD, type TapContext, type TapVerdict, type VenueTap } from './tap.js';

export function binanceTap(ctx: TapContext): VenueTap {
  const clock = new MonotonicClock();
  const symbolOf = (id: unknown) => (typeof id === 'string' ? ctx.symbolOf(id, 'contract') : undefined);

  function kline(event: Record<string, unknown>): TapVerdict {
    const k = event['k'];
    if (!isRecord(k)) return { forward: false, rejected: 'candle-malformed' };
    const symbol = symbolOf(k['s'] ?? event['s']);
    const timeframe = typeof k['i'] === 'string' ? ctx.timeframeOf(k['i']) : undefined;
    if (symbol === undefined || timeframe === undefined) return FORWARD;
    const key = candleKey(symbol, timeframe);
    const candle: Candle = {
      ts: tsOf(k['t']),
      open: num(k['o']),
      high: num(k['h']),
      low: num(k['l']),
      close: num(k['c']),
      volume: num(k['v']),
    };
    const rule = candleViolation(candle);
    if (rule) return { forward: false, keys: [key], rejected: rule };
    if (!clock.accept(key, candle.ts))
      return { forward: false, keys: [key], rejected: 'candle-ts-backwards' };
    const eventTs = tsOf(event['E']);
    const now = ctx.now();
    const observation: CandleObservation = {
      candle,
      closed: k['x'] === true,
      tsEvent: Number.isNaN(eventTs) ? now : eventTs,
      tsInit: now,
    };
    return { forward: true, keys: [key], candles: [{ symbol, timeframe, observation }] };
  }

  function timed(kind: 'ticker' | 'trade' | 'book', key: string, ts: number, clockKey = key): TapVerdict {
    if (Number.isNaN(ts)) return { forward: false, keys: [key], rejected: `${kind}-ts-invalid` };
    if (!clock.accept(clockKey, ts)) return { forward: false, keys: [key], rejected: `${kind}-ts-backwards` };
    return { forward: true, keys: [key] };
  }

  function ticker24h(event: Record<string, unknown>, symbol: string): TapVerdict {
    const key = streamKey('ticker', symbol);
    const rule = priceRule('last', num(event['c']));
    if (rule) return { forward: false, keys: [key], rejected: `ticker-${rule}` };
    return timed('ticker', key, tsOf(event['E']), `${key}:24h`);
  }

  function bookTicker(event: Record<string, unknown>, symbol: string): TapVerdict {
    const key = streamKey('ticker', symbol);
    const bid = num(event['b']);
    const ask = num(event['a']);
    const rule =
      priceRule('bid', bid) ??
      priceRule('ask', ask) ??
      sizeRule('bidSize', num(event['B'])) ??
      sizeRule('askSize', num(event['A'])) ??
      (bid > ask ? 'crossed' : undefined);
    if (rule) return { forward: false, keys: [key], rejected: `ticker-${rule}` };
    return timed('ticker', key, tsOf(event['T'] ?? event['E']), `${key}:book`);
  }

  function trade(event: Record<string, unknown>, symbol: string): TapVerdict {
    const key = streamKey('trades', symbol);
    const rule = priceRule('trade-price', num(event['p'])) ?? priceRule('trade-qty', num(event['q']));
    if (rule) return { forward: false, keys: [key], rejected: rule };
    return timed('trade', key, tsOf(event['T']));
  }

  function depth(event: Record<string, unknown>, symbol: string): TapVerdict {
    const key = streamKey('book', symbol);
    // The most frequent frame (every 100 ms per book): checked field by field, no arrays.
    if (!isId(event['U']) || !isId(event['u']) || !isId(event['pu']))
      return { forward: false, keys: [key], rejected: 'book-malformed' };
    const rule = levelsRule(event['b'], 'bids') ?? levelsRule(event['a'], 'asks');
    if (rule) return { forward: false, keys: [key], rejected: `book-${rule}` };
    return timed('book', key, tsOf(event['E']));
  }

  return {
    flagsCandleCloses: true,
    resetBook: (symbol) => clock.forget(streamKey('book', symbol)),
    inspect(message) {
      if (typeof message === 'string') return { forward: false, rejected: 'invalid-json' };
      if (!isRecord(message))
        return Array.isArray(message) ? FORWARD : { forward: false, rejected: 'malformed' };
      const event =
        typeof message['stream'] === 'string' && isRecord(message['data']) ? message['data'] : message;
      const type = event['e'];
      if (type === 'kline') return kline(event);
      const symbol = symbolOf(event['s']);
      if (symbol === undefined) return FORWARD; // control frames, unknown markets
      switch (type) {
        case '24hrTicker':
        case '24hrMiniTicker':
          return ticker24h(event, symbol);
        case 'bookTicker':
          return bookTicker(event, symbol);
        case 'trade':
        case 'aggTrade':
          return trade(event, symbol);
        case 'depthUpdate':
          return depth(event, symbol);
        default:
          return FORWARD;
      }
    },
  };
}

/** A depth update id (U, u, pu): a safe integer, as a number or a numeric string. */
function isId(value: unknown): boolean {
  return Number.isSafeInteger(num(value));
}
