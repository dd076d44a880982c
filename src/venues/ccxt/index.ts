/**
 * The ccxt exchange client (OKX, Binance USDⓈ-M, any ccxt id): `createCcxtExchangeClient` and what a
 * caller may want beside it — capabilities, error classification, the rate limiter. See README.md.
 */

export { BINANCE_USDM_CAPABILITIES, type ExchangeCapabilities, OKX_CAPABILITIES } from './capabilities.js';
export { accountKeyOf, CcxtExchangeClient } from './ccxt-exchange-client.js';
export { type ClassifyOptions, classifyExchangeError } from './classify-error.js';
export { createCcxtExchangeClient } from './create-client.js';
export { instrumentFromMarket } from './instrument-from-market.js';
export type {
  CcxtExchangeClientOptions,
  Environment,
  ExchangeOperation,
  PositionMode,
  RateLimitOptions,
  RetryOptions,
  StreamOptions,
  Timers,
} from './options.js';
export { type BucketLimit, type RateLimitConfig, RateLimiter } from './rate-limiter.js';
export { TokenBucket } from './token-bucket.js';
export { BINANCE_ERROR_CODES, OKX_ERROR_CODES } from './venue-error-codes.js';
export { BINANCE_USDM_RATE_LIMITS, OKX_RATE_LIMITS } from './venue-rate-limits.js';
