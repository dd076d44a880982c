/**
 * Options of the simulated venue: the fill model, fees, slippage and the account rules (margin,
 * leverage, funding, liquidation). Shared by the backtester and the paper venue, so both fill alike.
 */

import type { Instrument } from '../../core/instrument.js';

/** When a market order decided on a bar's close fills: the next bar's open (default) or that close. */
export type FillTiming = 'next-open' | 'close';

/**
 * Price impact of taker fills, as a fraction added to buys and taken from sells.
 * - `fixed`: `bps` basis points of the price.
 * - `volatility-volume`: half the spread plus impact growing with the bar's range and the order's share
 *   of the bar's volume: spreadBps/2 × 1e-4 + impact × (high − low)/open × sqrt(qty / volume).
 *   A bar with no volume counts as if the order took all of it.
 */
export type SlippageModel =
  | { readonly kind: 'fixed'; readonly bps: number }
  | { readonly kind: 'volatility-volume'; readonly spreadBps: number; readonly impact: number };

export type MarginMode = 'cross' | 'isolated';

export interface FeeSchedule {
  /** Rate per fill for resting (maker) fills, e.g. 0.0002; negative = rebate. */
  readonly maker: number;
  /** Rate per fill for taker fills, e.g. 0.0005. */
  readonly taker: number;
}

/** Funding-rate history of one perpetual swap, oldest first (timestamps are the funding times). */
export interface FundingSeries {
  readonly ts: Float64Array;
  readonly rate: Float64Array;
}

/** Mark-price samples used for funding (and liquidation when given); else the traded price is used. */
export interface MarkSeries {
  readonly ts: Float64Array;
  readonly price: Float64Array;
}

export interface SimulatedVenueOptions {
  /** The exchange label orders carry. */
  readonly exchange: string;
  /** Every instrument that may be traded; all must settle in `account.currency`. */
  readonly instruments: readonly Instrument[];
  readonly fees: FeeSchedule;
  /** Default: fixed 0 bps. */
  readonly slippage?: SlippageModel;
  /** Default next-open. */
  readonly fill?: FillTiming;
  /**
   * Largest share of a bar's volume (contracts) one order may take on that bar, e.g. 0.1; the rest stays
   * working (partial fill). Absent = no cap.
   */
  readonly maxVolumeShare?: number;
  readonly account: {
    /** Starting wallet balance in `currency`. */
    readonly capital: number;
    /** The settle currency of every instrument (USDT …). */
    readonly currency: string;
    /** Default cross. Spot instruments are always cash (leverage 1, no shorting). */
    readonly marginMode?: MarginMode;
    /** Leverage for derivatives: one number, or per symbol (default 1). */
    readonly leverage?: number | Readonly<Record<string, number>>;
    /** Maintenance margin rate (default 0.004 = 0.4 %, OKX's first BTC-USDT-SWAP tier). */
    readonly maintenanceRate?: number;
    /** Liquidation fee as a fraction of the notional at the liquidation price (default 0.005). */
    readonly liquidationFeeRate?: number;
  };
  /** Funding history per symbol (perpetual swaps only; spot symbols never pay funding). */
  readonly funding?: Readonly<Record<string, FundingSeries>>;
  /** Mark prices per symbol (the `SYMBOL#mark` series), used for funding payments when given. */
  readonly marks?: Readonly<Record<string, MarkSeries>>;
}

/** One position as the venue holds it. */
export interface SimulatedPosition {
  readonly symbol: string;
  /** Signed contracts. */
  readonly qty: number;
  readonly avgEntryPrice: number;
  /** Margin held for it (isolated), or its share of the initial margin (cross), in the settle currency. */
  readonly margin: number;
  /** Price at which the venue liquidates it; 0 / Infinity when it cannot be liquidated; NaN for spot. */
  readonly liquidationPrice: number;
  /** The symbol's last close. */
  readonly lastPrice: number;
  /** PnL of the open quantity at the last close, in the settle currency. */
  readonly unrealizedPnl: number;
}

/** The venue's own account: what an exchange would report (used for invariants and reconciliation). */
export interface SimulatedAccountSnapshot {
  readonly currency: string;
  /** capital + realised PnL − fees ± funding (what a derivatives wallet shows). */
  readonly wallet: number;
  readonly realizedPnl: number;
  readonly fees: number;
  /** Net funding received (negative = paid). */
  readonly funding: number;
  /** wallet + unrealised PnL at last prices. */
  readonly equity: number;
  /** What new exposure may use (cross: cash + unrealised PnL − margin; isolated: cash − margin). */
  readonly available: number;
  readonly positions: readonly SimulatedPosition[];
}

/**
 * One bar handed to the venue, in an object the caller reuses from bar to bar (passing seven numbers to a
 * function that is not inlined boxes each of them: an allocation per bar).
 */
export interface VenueBar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  closeTs: number;
}
