/**
 * The topic catalogue: which topics exist, what each carries, and typed builders for them.
 *
 * A topic is dot-separated tokens, a fixed family prefix followed by parameters:
 * `md.candle.<exchange>.<symbol>.<timeframe>`, `md.ticker.<exchange>.<symbol>`, `system.<event>`, ….
 * The same strings are NATS subjects, so every token is restricted to `[A-Za-z0-9_%-]` (no `.`, `*`,
 * `>`, whitespace). Symbols are encoded reversibly into one token by `encodeSymbol`.
 */

import { QuantLabError } from '../core/errors.js';
import type { OrderBookSnapshot, Ticker, Trade } from '../core/market.js';
import type {
  CandleUpdate,
  ExecutionAck,
  ExecutionReport,
  OrderIntent,
  OrderRequest,
  PortfolioSnapshot,
  RiskAlert,
  RiskDecision,
  SystemEvent,
} from './messages.js';

export interface TopicSpec {
  /** Names of the parameter tokens after the family prefix, in order. */
  readonly params: readonly string[];
  readonly description: string;
}

/** The catalogue as data: family prefix → parameter tokens. Publishing outside it is refused. */
export const TOPIC_CATALOGUE = {
  'md.candle': {
    params: ['exchange', 'symbol', 'timeframe'],
    description: 'Candle updates (open and closed) for one market and timeframe.',
  },
  'md.ticker': { params: ['exchange', 'symbol'], description: 'Best bid/ask and last price.' },
  'md.trade': { params: ['exchange', 'symbol'], description: 'Public trade prints.' },
  'md.book': { params: ['exchange', 'symbol'], description: 'Order book snapshots.' },
  'signal.order_intent': { params: [], description: 'A strategy wants a position change.' },
  'risk.decision': { params: [], description: 'The risk gate approved or denied an order intent.' },
  'order.request': { params: [], description: 'A command to send an order to a venue.' },
  'execution.ack': { params: [], description: 'The execution service received an order request.' },
  'execution.report': { params: [], description: 'Order status changes and fills reported by a venue.' },
  'portfolio.snapshot': { params: [], description: 'Equity and positions.' },
  'risk.alert': { params: [], description: 'A risk rule fired.' },
  system: {
    params: ['event'],
    description: 'Lifecycle and control: started, stopping, kill_switch, heartbeat.',
  },
} as const satisfies Record<string, TopicSpec>;

export type TopicFamily = keyof typeof TOPIC_CATALOGUE;

/** Payload type per family. A test checks its keys equal the catalogue's. */
export interface TopicPayloads {
  'md.candle': CandleUpdate;
  'md.ticker': Ticker;
  'md.trade': Trade;
  'md.book': OrderBookSnapshot;
  'signal.order_intent': OrderIntent;
  'risk.decision': RiskDecision;
  'order.request': OrderRequest;
  'execution.ack': ExecutionAck;
  'execution.report': ExecutionReport;
  'portfolio.snapshot': PortfolioSnapshot;
  'risk.alert': RiskAlert;
  system: SystemEvent;
}

/** Reply type of a request per family; families not listed reply with `unknown` (narrow it yourself). */
export interface TopicReplies {
  'signal.order_intent': RiskDecision;
  'order.request': ExecutionAck;
}

/** Any payload the bus carries. */
export type BusPayload = TopicPayloads[TopicFamily];

type ParamsOf<F extends TopicFamily> = (typeof TOPIC_CATALOGUE)[F]['params'];
type JoinParams<P extends readonly string[]> = P extends readonly [
  string,
  ...infer R extends readonly string[],
]
  ? `.${string}${JoinParams<R>}`
  : '';

/** The string type of a topic in family F, e.g. `md.ticker.${string}.${string}`. */
export type TopicOf<F extends TopicFamily> = `${F}${JoinParams<ParamsOf<F>>}`;
/** Any catalogue topic. */
export type Topic = { [F in TopicFamily]: TopicOf<F> }[TopicFamily];
export type FamilyOf<T extends string> = {
  [F in TopicFamily]: T extends TopicOf<F> ? F : never;
}[TopicFamily];
export type PayloadOf<T extends string> = TopicPayloads[FamilyOf<T>];
export type ReplyOf<T extends string> =
  FamilyOf<T> extends keyof TopicReplies ? TopicReplies[FamilyOf<T>] : unknown;

export type CandleTopic = TopicOf<'md.candle'>;
export type TickerTopic = TopicOf<'md.ticker'>;
export type TradeTopic = TopicOf<'md.trade'>;
export type BookTopic = TopicOf<'md.book'>;
export type SystemTopic = TopicOf<'system'>;

function invalid(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

/** One topic token: non-empty, NATS-safe. */
export const TOKEN_RE = /^[A-Za-z0-9_%-]+$/;
/** Exchange ids, timeframes and system event names: plain names, no escapes. */
const NAME_RE = /^[A-Za-z0-9_-]+$/;
const PLAIN_SYMBOL_CHAR = /[A-Za-z0-9]/;

const encodeCache = new Map<string, string>();
const ENCODE_CACHE_MAX = 4096;

/**
 * Encodes a unified symbol into one topic token, reversibly: `/` → `-`, `:` → `_`, letters and digits
 * unchanged, anything else (including a literal `-` or `_`) as `%XX` UTF-8 bytes.
 * `BTC/USDT:USDT` → `BTC-USDT_USDT`; `BTC/USDT:USDT-240329` → `BTC-USDT_USDT%2D240329`.
 */
export function encodeSymbol(symbol: string): string {
  const cached = encodeCache.get(symbol);
  if (cached !== undefined) return cached;
  if (symbol.length === 0) throw invalid('A symbol must not be empty.', { symbol });
  let out = '';
  for (const ch of symbol) {
    if (ch === '/') out += '-';
    else if (ch === ':') out += '_';
    else if (PLAIN_SYMBOL_CHAR.test(ch)) out += ch;
    else
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (encodeCache.size >= ENCODE_CACHE_MAX) encodeCache.clear();
  encodeCache.set(symbol, out);
  return out;
}

/** Decodes a token made by `encodeSymbol`; refuses tokens `encodeSymbol` would never produce. */
export function decodeSymbol(token: string): string {
  let symbol: string;
  try {
    if (!TOKEN_RE.test(token)) throw new Error('unsafe characters');
    symbol = decodeURIComponent(token.replaceAll('-', '/').replaceAll('_', ':'));
  } catch (cause) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `Not a valid symbol token: '${token}'.`, {
      details: { token },
      cause,
    });
  }
  // Only the canonical form is accepted, so that one symbol has exactly one topic.
  if (encodeSymbol(symbol) !== token) throw invalid(`Not a canonical symbol token: '${token}'.`, { token });
  return symbol;
}

function name(kind: string, value: string): string {
  if (!NAME_RE.test(value)) throw invalid(`Invalid ${kind} for a topic: '${value}'.`, { [kind]: value });
  return value;
}

/** Typed topic builders. */
export const topics = {
  candle: (exchange: string, symbol: string, timeframe: string): CandleTopic =>
    `md.candle.${name('exchange', exchange)}.${encodeSymbol(symbol)}.${name('timeframe', timeframe)}`,
  ticker: (exchange: string, symbol: string): TickerTopic =>
    `md.ticker.${name('exchange', exchange)}.${encodeSymbol(symbol)}`,
  trade: (exchange: string, symbol: string): TradeTopic =>
    `md.trade.${name('exchange', exchange)}.${encodeSymbol(symbol)}`,
  book: (exchange: string, symbol: string): BookTopic =>
    `md.book.${name('exchange', exchange)}.${encodeSymbol(symbol)}`,
  orderIntent: 'signal.order_intent',
  riskDecision: 'risk.decision',
  orderRequest: 'order.request',
  executionAck: 'execution.ack',
  executionReport: 'execution.report',
  portfolioSnapshot: 'portfolio.snapshot',
  riskAlert: 'risk.alert',
  system: (event: string): SystemTopic => `system.${name('event', event)}`,
} as const;

/** Well-known system events; `system.<event>` accepts any plain name. */
export const SYSTEM_EVENTS = ['started', 'stopping', 'kill_switch', 'heartbeat'] as const;

export interface ParsedTopic {
  family: TopicFamily;
  /** Parameter values by name; `symbol` is decoded. */
  params: Record<string, string>;
}

interface FamilyEntry {
  family: TopicFamily;
  prefix: readonly string[];
  params: readonly string[];
}

/** Families with their prefix tokens, precomputed for parsing and pattern checks. */
export const FAMILIES: readonly FamilyEntry[] = (Object.keys(TOPIC_CATALOGUE) as TopicFamily[]).map(
  (family) => ({
    family,
    prefix: family.split('.'),
    params: TOPIC_CATALOGUE[family].params,
  }),
);

/** Parses a concrete topic; throws QL_ERR_INVALID_INPUT when malformed or outside the catalogue. */
export function parseTopic(topic: string): ParsedTopic {
  if (typeof topic !== 'string' || topic.length === 0)
    throw invalid('A topic must be a non-empty string.', { topic });
  const tokens = topic.split('.');
  for (const token of tokens) {
    if (!TOKEN_RE.test(token)) throw invalid(`Malformed topic '${topic}': bad token '${token}'.`, { topic });
  }
  for (const entry of FAMILIES) {
    if (tokens.length !== entry.prefix.length + entry.params.length) continue;
    if (!entry.prefix.every((t, i) => tokens[i] === t)) continue;
    const params: Record<string, string> = {};
    entry.params.forEach((param, i) => {
      const value = tokens[entry.prefix.length + i]!;
      params[param] = param === 'symbol' ? decodeSymbol(value) : name(param, value);
    });
    return { family: entry.family, params };
  }
  throw invalid(`Topic '${topic}' is not in the topic catalogue.`, { topic });
}

/** True when `topic` is a well-formed catalogue topic. */
export function isTopic(topic: string): topic is Topic {
  try {
    parseTopic(topic);
    return true;
  } catch {
    return false;
  }
}
