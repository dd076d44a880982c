/**
 * `ctx.size`: the position sizers of src/risk/sizing as a strategy reaches them, with the equity, the
 * instrument, the last price, the candle history and the strategy's own closed trades filled in by the
 * host. Queries only: nothing is placed. Every method returns `SizeResult` (`{ qty, notional, reason? }`,
 * qty rounded down to the lot); a size of 0 is an answer with a reason, never an error. Garbage arguments
 * throw QL_ERR_INVALID_INPUT.
 */

import type { OrderSide } from '../core/side.js';
import type { SizeResult } from '../risk/sizing/common.js';

export type { SizeResult, SizingReason } from '../risk/sizing/common.js';

/** Where a size is valued: the last closed candle's close of the symbol unless `price` is given. */
export interface SizingPriceOption {
  readonly price?: number;
}

export interface FractionSizingOptions extends SizingPriceOption {
  /** Notional multiplier, > 0 (default 1); at most the instrument's maxLeverage. */
  readonly leverage?: number;
}

export interface FixedRiskSizingOptions extends SizingPriceOption {
  /** 'buy' opens a long (stop below), 'sell' a short (stop above). */
  readonly side: OrderSide;
  /** Share of equity lost if the stop is hit, in [0, 1]. */
  readonly riskFraction: number;
  /** The stop's price; give this or `stopDistance`. */
  readonly stopPrice?: number;
  /** The stop's distance from the price, > 0; give this or `stopPrice`. */
  readonly stopDistance?: number;
}

export interface KellySizingOptions extends SizingPriceOption {
  /** Largest fraction of equity, in [0, 1] (half-Kelly or less is usual). */
  readonly cap: number;
  /** Closed trades needed before Kelly applies, integer ≥ 1 (default 20). */
  readonly minTrades?: number;
  /** Only the last `window` closed trades count, integer ≥ 1 (default: all that are kept, up to 1000). */
  readonly window?: number;
  /** Fraction of equity used while there are fewer than `minTrades` trades, in [0, 1] (default 0). */
  readonly fallbackFraction?: number;
  /** Notional multiplier applied to the fraction, > 0 (default 1). */
  readonly leverage?: number;
}

export interface VolatilitySizingOptions extends SizingPriceOption {
  /** Annualised volatility the position should have relative to equity (0.2 = 20 %), ≥ 0. */
  readonly targetVol: number;
  /** `atr`: mean true range of the last `period` bars / price; `realised`: stdev of `period` log returns. */
  readonly method: 'atr' | 'realised';
  /** Bars measured, integer ≥ 2; the series must hold period + 1 closed candles (else 0, `warming-up`). */
  readonly period: number;
  /** Series read (default the setup's timeframe); must be subscribed with history ≥ period + 1. */
  readonly timeframe?: string;
  /** Bars per year used to annualise (default from the timeframe, 24/7: 8760 for 1h, 365 for 1d). */
  readonly periodsPerYear?: number;
  /** Largest notional as a multiple of equity, > 0 (default 1). */
  readonly maxLeverage?: number;
}

export interface SizingContext {
  /** A fixed contract count, rounded down to the lot and checked against the venue minimums. */
  fixed(symbol: string, qty: number, options?: SizingPriceOption): SizeResult;
  /** equity × fraction × leverage, in contracts. */
  fractionOfEquity(symbol: string, fraction: number, options?: FractionSizingOptions): SizeResult;
  /** The quantity that loses riskFraction × equity if the stop is hit (fees and slippage excluded). */
  fixedRisk(symbol: string, options: FixedRiskSizingOptions): SizeResult;
  /** Kelly fraction (capped) of this strategy's own closed trades, as a fraction of equity. */
  kelly(symbol: string, options: KellySizingOptions): SizeResult;
  /** equity × targetVol / the asset's annualised volatility, capped at equity × maxLeverage. */
  volatilityTarget(symbol: string, options: VolatilitySizingOptions): SizeResult;
  /** Net return on cost of each closed round trip of this strategy, oldest first (a copy). */
  closedTrades(): number[];
}
