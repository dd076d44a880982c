/**
 * Venue error codes as named constants (the NautilusTrader habit, DESIGN.md §6) and what the caller must
 * do about each. They win over ccxt's exception class: ccxt maps OKX 51016 (duplicate clOrdId) and
 * Binance -4116 to InvalidOrder, Binance -1021 (timestamp outside recvWindow) to BadRequest on some
 * routes — all of which would read as "rejected".
 *
 * `unknown` here means "may have taken effect": the classifier turns it into `unavailable` for queries,
 * which change nothing at the venue.
 */

import type { ExchangeErrorKind } from '../exchange/types.js';

/** OKX v5 (https://www.okx.com/docs-v5/en/#error-code): top-level `code` and per-order `sCode`. */
export const OKX_ERROR_CODES: Readonly<Record<string, ExchangeErrorKind>> = {
  '50001': 'unavailable', // service temporarily unavailable (maintenance)
  '50004': 'unknown', // endpoint request timeout: does not say whether the order was placed
  '50005': 'unavailable', // API offline
  '50007': 'auth', // account blocked
  '50009': 'auth', // account suspended due to liquidation
  '50011': 'rate-limited', // requests too frequent (also HTTP 429)
  '50013': 'unknown', // system busy
  '50026': 'unknown', // system error, try again later
  '50061': 'rate-limited', // sub-account order rate limit
  '50100': 'auth', // API frozen
  '50101': 'auth', // APIKey does not match the environment (demo key on live or the reverse)
  '50102': 'clock-skew', // timestamp request expired
  '50103': 'auth',
  '50104': 'auth',
  '50105': 'auth', // OK-ACCESS-PASSPHRASE incorrect
  '50111': 'auth', // invalid OK-ACCESS-KEY
  '50112': 'auth', // invalid OK-ACCESS-TIMESTAMP
  '50113': 'auth', // invalid signature
  '50114': 'auth', // invalid authorization
  '51000': 'rejected', // parameter error
  '51001': 'rejected', // instrument does not exist
  '51008': 'rejected', // insufficient balance / margin
  '51016': 'duplicate-id', // duplicated clOrdId
  '51400': 'not-found', // cancel failed: order does not exist
  '51401': 'not-found', // cancel failed: order already cancelled
  '51402': 'not-found', // cancel failed: order already completed
  '51503': 'not-found', // amend failed: order does not exist
  '51509': 'not-found', // amend failed: order already cancelled
  '51510': 'not-found', // amend failed: order already completed
  '51603': 'not-found', // order does not exist
};

/** Binance USDⓈ-M futures (https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code). */
export const BINANCE_ERROR_CODES: Readonly<Record<string, ExchangeErrorKind>> = {
  '-1000': 'unknown', // unknown error while processing the request
  '-1001': 'unavailable', // internal error, unable to process: not executed, resend
  '-1002': 'auth', // unauthorized
  '-1003': 'rate-limited', // too many requests / weight
  '-1006': 'unknown', // unexpected response from the message bus: execution status unknown
  '-1007': 'unknown', // timeout waiting for the backend: execution status unknown
  '-1008': 'unavailable', // server overloaded: not executed
  '-1015': 'rate-limited', // too many new orders
  '-1021': 'clock-skew', // timestamp outside recvWindow
  '-1125': 'unavailable', // listen key expired or unknown: ccxt forgets it, the next watch creates a new one
  '-1022': 'auth', // invalid signature
  '-2011': 'not-found', // cancel rejected: unknown order
  '-2013': 'not-found', // order does not exist
  '-2014': 'auth', // API-key format invalid
  '-2015': 'auth', // invalid API-key, IP, or permissions
  '-2018': 'rejected', // balance insufficient
  '-2019': 'rejected', // margin insufficient
  '-2021': 'rejected', // order would immediately trigger
  '-2022': 'rejected', // reduce-only rejected
  '-4116': 'duplicate-id', // clientOrderId is duplicated
  '-4164': 'rejected', // notional below minimum
  '-5022': 'rejected', // post-only would take
};

/** HTTP statuses that decide the kind whatever the body says. */
export const HTTP_STATUS_KINDS: Readonly<Record<number, ExchangeErrorKind>> = {
  418: 'rate-limited', // Binance: IP banned after repeated 429s
  429: 'rate-limited',
};

/**
 * Phrases with a documented meaning. Binance answers HTTP 503 with one of two texts: "Unknown error,
 * please check your request or try again later." (sent to the engine, no reply: status UNKNOWN) and
 * "Service Unavailable." (not executed). Connection refused / DNS failures never reached the venue.
 */
export const MESSAGE_KINDS: ReadonlyArray<readonly [RegExp, ExchangeErrorKind]> = [
  [/Unknown error, please check your request or try again later/i, 'unknown'],
  [/Service Unavailable/i, 'unavailable'],
  [/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/, 'unavailable'],
];

export function venueCodeTable(exchange: string): Readonly<Record<string, ExchangeErrorKind>> {
  if (exchange === 'okx' || exchange === 'myokx') return OKX_ERROR_CODES;
  if (exchange === 'binanceusdm' || exchange === 'binance') return BINANCE_ERROR_CODES;
  return {};
}
