/**
 * Everything that differs per venue, in one place: capabilities, order mapping, documented rate limits,
 * how ccxt is told that an order is an algo (conditional) order, which algo order lists exist, and how
 * fills are paged. OKX and Binance USDⓈ-M have hand-written profiles; any other ccxt id gets the generic
 * one, built from ccxt's own feature table.
 */

import type { CreateOrderRequest } from '../exchange/types.js';
import { binanceOrderCall } from './binance-order-call.js';
import {
  BINANCE_USDM_CAPABILITIES,
  type CcxtFeatureSource,
  type ExchangeCapabilities,
  genericCapabilities,
  OKX_CAPABILITIES,
} from './capabilities.js';
import { genericOrderCall } from './generic-order-call.js';
import { okxOrderCall } from './okx-order-call.js';
import type { CcxtOrderCall, OrderMappingContext } from './order-call.js';
import type { RateLimitConfig } from './rate-limiter.js';
import { BINANCE_USDM_RATE_LIMITS, OKX_RATE_LIMITS } from './venue-rate-limits.js';

export interface VenueProfile {
  readonly id: string;
  readonly capabilities: ExchangeCapabilities;
  /** Documented limits for our limiter; undefined keeps ccxt's own throttle on instead. */
  readonly rateLimits: RateLimitConfig | undefined;
  mapOrder(request: CreateOrderRequest, context: OrderMappingContext): CcxtOrderCall;
  /** Stop and trailing orders live apart (own ids and endpoints): OKX and Binance USDⓈ-M algo orders. */
  readonly algoOrders: boolean;
  /** ccxt params that route a query / cancel to the algo endpoints. */
  readonly algoParams: Readonly<Record<string, unknown>>;
  /** One `fetchOpenOrders` per entry lists the open algo orders (OKX asks per `ordType`). */
  readonly openAlgoOrderParams: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Binance cancels all open orders of a symbol in one call; OKX cancels by ids in batches. */
  readonly cancelAll: 'native' | 'batch' | 'each';
  /** Largest batch of a batch cancel (OKX: 20 orders per request). */
  readonly cancelBatchSize: number;
  /** Fills paging: OKX answers the newest 100 in [begin, end]; Binance the oldest from `startTime`. */
  readonly fillsPaging: 'backward' | 'forward';
  readonly fillsPageSize: number;
}

export const OKX_PROFILE: VenueProfile = {
  id: 'okx',
  capabilities: OKX_CAPABILITIES,
  rateLimits: OKX_RATE_LIMITS,
  mapOrder: okxOrderCall,
  algoOrders: true,
  algoParams: { trigger: true },
  // One list per `ordType`: `oco` holds the attached stop-loss + take-profit pairs (attachAlgoOrds), which
  // reconciliation must see and cancel-all must cancel like any algo order.
  openAlgoOrderParams: [
    { ordType: 'trigger' },
    { ordType: 'conditional' },
    { ordType: 'oco' },
    { ordType: 'move_order_stop' },
  ],
  cancelAll: 'batch',
  cancelBatchSize: 20,
  fillsPaging: 'backward',
  fillsPageSize: 100,
};

export const BINANCE_USDM_PROFILE: VenueProfile = {
  id: 'binanceusdm',
  capabilities: BINANCE_USDM_CAPABILITIES,
  rateLimits: BINANCE_USDM_RATE_LIMITS,
  mapOrder: binanceOrderCall,
  algoOrders: true,
  algoParams: { trigger: true },
  openAlgoOrderParams: [{ trigger: true }],
  cancelAll: 'native',
  cancelBatchSize: 10,
  fillsPaging: 'forward',
  fillsPageSize: 1000,
};

export function genericProfile(id: string, exchange: CcxtFeatureSource): VenueProfile {
  const capabilities = genericCapabilities(exchange);
  return {
    id,
    capabilities,
    rateLimits: undefined,
    mapOrder: (request, context) => genericOrderCall(request, id, capabilities, context),
    algoOrders: false,
    algoParams: {},
    openAlgoOrderParams: [],
    cancelAll: exchange.has.cancelAllOrders === true ? 'native' : 'each',
    cancelBatchSize: 1,
    fillsPaging: 'forward',
    fillsPageSize: 100,
  };
}

export function venueProfile(id: string, exchange: CcxtFeatureSource): VenueProfile {
  if (id === 'okx') return OKX_PROFILE;
  if (id === 'binanceusdm') return BINANCE_USDM_PROFILE;
  return genericProfile(id, exchange);
}
