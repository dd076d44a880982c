/**
 * Documented REST limits per venue, as limiter buckets, and the endpoint classes the client's calls use.
 *
 * OKX v5 (per user ID, per endpoint; "N requests per 2 seconds"): place via `batch-orders` 300 orders
 * (ccxt places single orders there for the higher limit), place / cancel / amend algo 20, cancel and
 * amend 60, order details 60, pending orders 60, algo details and pending algo 20, fills history 10,
 * balance 10, positions 10, instruments 20, system time 10; plus the sub-account order limit of 1000
 * orders per 2 s over all instruments. (Set leverage, 20 / 2 s, is not called by this client.)
 *
 * Binance USDⓈ-M: request weight 2400 per minute per IP (the documented default; `exchangeInfo` states
 * the account's own), orders 300 per 10 s and 1200 per minute per account. Weights: order / cancel /
 * query 1, open orders 1 with a symbol and 40 without, account trades / position risk / balance 5,
 * new orders 0 on the IP weight (they count against the order limits).
 */

import type { RateLimitConfig } from './rate-limiter.js';

const TWO_SECONDS = 2_000;
const MINUTE = 60_000;

/** Endpoint classes the client uses; venues without a class let the call through unthrottled. */
export type EndpointClass =
  | 'create'
  | 'create-algo'
  | 'cancel'
  | 'cancel-algo'
  | 'cancel-all'
  | 'amend'
  | 'amend-algo'
  | 'order'
  | 'order-algo'
  | 'open-orders'
  | 'open-orders-all'
  | 'open-algo-orders'
  | 'fills'
  | 'positions'
  | 'balance'
  | 'instruments'
  | 'time';

export const OKX_RATE_LIMITS: RateLimitConfig = {
  buckets: {
    'batch-orders': { limit: 300, windowMs: TWO_SECONDS },
    'account-orders': { limit: 1000, windowMs: TWO_SECONDS },
    'algo-orders': { limit: 20, windowMs: TWO_SECONDS },
    cancel: { limit: 60, windowMs: TWO_SECONDS },
    'cancel-batch': { limit: 300, windowMs: TWO_SECONDS },
    'cancel-algo': { limit: 20, windowMs: TWO_SECONDS },
    amend: { limit: 60, windowMs: TWO_SECONDS },
    'amend-algo': { limit: 20, windowMs: TWO_SECONDS },
    'order-details': { limit: 60, windowMs: TWO_SECONDS },
    'algo-details': { limit: 20, windowMs: TWO_SECONDS },
    'pending-orders': { limit: 60, windowMs: TWO_SECONDS },
    'pending-algo': { limit: 20, windowMs: TWO_SECONDS },
    'fills-history': { limit: 10, windowMs: TWO_SECONDS },
    balance: { limit: 10, windowMs: TWO_SECONDS },
    positions: { limit: 10, windowMs: TWO_SECONDS },
    instruments: { limit: 20, windowMs: TWO_SECONDS },
    time: { limit: 10, windowMs: TWO_SECONDS },
  },
  endpoints: {
    create: [{ bucket: 'batch-orders' }, { bucket: 'account-orders' }],
    'create-algo': [{ bucket: 'algo-orders' }, { bucket: 'account-orders' }],
    cancel: [{ bucket: 'cancel' }],
    'cancel-algo': [{ bucket: 'cancel-algo' }],
    'cancel-all': [{ bucket: 'cancel-batch' }],
    amend: [{ bucket: 'amend' }, { bucket: 'account-orders' }],
    'amend-algo': [{ bucket: 'amend-algo' }],
    order: [{ bucket: 'order-details' }],
    'order-algo': [{ bucket: 'algo-details' }],
    'open-orders': [{ bucket: 'pending-orders' }],
    'open-orders-all': [{ bucket: 'pending-orders' }],
    'open-algo-orders': [{ bucket: 'pending-algo' }],
    fills: [{ bucket: 'fills-history' }],
    positions: [{ bucket: 'positions' }],
    balance: [{ bucket: 'balance' }],
    instruments: [{ bucket: 'instruments' }],
    time: [{ bucket: 'time' }],
  },
};

const order = [{ bucket: 'orders-10s' }, { bucket: 'orders-1m' }] as const;
const weight = (cost: number) => [{ bucket: 'weight', cost }] as const;

export const BINANCE_USDM_RATE_LIMITS: RateLimitConfig = {
  buckets: {
    weight: { limit: 2400, windowMs: MINUTE },
    'orders-10s': { limit: 300, windowMs: 10_000 },
    'orders-1m': { limit: 1200, windowMs: MINUTE },
  },
  endpoints: {
    create: order,
    'create-algo': order,
    amend: [...order, ...weight(1)],
    'amend-algo': [...order, ...weight(1)],
    cancel: weight(1),
    'cancel-algo': weight(1),
    'cancel-all': weight(1),
    order: weight(1),
    'order-algo': weight(1),
    'open-orders': weight(1),
    'open-orders-all': weight(40),
    'open-algo-orders': weight(1),
    fills: weight(5),
    positions: weight(5),
    balance: weight(5),
    instruments: weight(1),
    time: weight(1),
  },
};

/** The venue's documented limits, or undefined: then ccxt's own throttle (its `rateLimit`) stays on. */
export function venueRateLimits(exchange: string): RateLimitConfig | undefined {
  if (exchange === 'okx') return OKX_RATE_LIMITS;
  if (exchange === 'binanceusdm') return BINANCE_USDM_RATE_LIMITS;
  return undefined;
}
