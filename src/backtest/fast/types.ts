/**
 * Inputs and outputs of the columnar fast path: a strategy evaluated over whole typed arrays, for optimizer
 * sweeps. A result must equal the event-driven kernel's on the same inputs; what the fast path cannot
 * reproduce exactly it refuses with `{ unsupported: reason }`, and the caller runs the kernel instead.
 */

import type { Instrument } from '../../core/instrument.js';
import type { FundingSeries, MarkSeries } from '../../venues/simulated/types.js';
import type { TradeDetail } from '../metrics/index.js';
import type { BacktestConfig, BacktestMetrics, BacktestTrade, SeriesData } from '../types.js';
import type { SmaCache } from './sma-cache.js';

/** The parameters of `sma-cross` (DESIGN.md §4.4), defaults already applied. */
export interface SmaCrossFastParams {
  readonly fast: number;
  readonly slow: number;
  readonly mode: 'long-only' | 'long-short';
  /** Fixed size in base units; when absent `fraction` of equity sizes each position. */
  readonly size?: number | undefined;
  readonly fraction: number;
}

/** What any fast-path evaluator reads: one series of one symbol, already in memory. */
export interface FastPathInputBase {
  readonly series: SeriesData;
  readonly config: BacktestConfig;
  readonly instrument: Instrument;
  readonly funding?: FundingSeries | undefined;
  readonly marks?: MarkSeries | undefined;
  /** Bars with ts < tradeFrom only warm the indicators; trading starts at the first bar at or after it. */
  readonly tradeFrom?: number | undefined;
  /** SMA arrays (and close times) of this series, shared across the trials of a sweep. */
  readonly smaCache?: SmaCache | undefined;
  /**
   * Where to write the equity points (reused across the trials of a sweep that keeps only metrics): when
   * at least as long as the traded bars, the run's `equity` is a view of it and is overwritten by the next
   * run given the same buffer. Otherwise a new array is allocated.
   */
  readonly equityBuffer?: Float64Array | undefined;
}

export interface SmaCrossFastInput extends FastPathInputBase {
  readonly params: SmaCrossFastParams;
}

/** One execution, as the kernel's fill log would show it. */
export interface FastFill {
  /** Bar open (next-open fills) or bar close time (close fills), epoch ms. */
  readonly ts: number;
  readonly side: 'buy' | 'sell';
  /** Contracts, > 0. */
  readonly qty: number;
  /** Execution price, slippage included. */
  readonly price: number;
  /** Taker fee paid, settle currency. */
  readonly fee: number;
}

/** A fast-path run: the kernel's outputs for the same inputs, field for field. */
export interface FastPathRun {
  /**
   * Equity-point times (bar close times) of the traded bars. Shared with the series' cache across runs of
   * a sweep: read it, never write it.
   */
  readonly ts: Float64Array;
  /** Equity at each point (settle currency); `length` points. */
  readonly equity: Float64Array;
  readonly length: number;
  /** Open time of the first traded bar. */
  readonly startTs: number;
  /** Built on first read (through TradeBook, from the recorded fills): a sweep trial never pays for it. */
  readonly trades: BacktestTrade[];
  /** Aligned with `trades`: funding per trade and why it ended (the closing order's tag, `end-of-data`). */
  readonly details: TradeDetail[];
  /** Total fees paid. */
  readonly fees: number;
  /** Net funding received (negative = paid). */
  readonly funding: number;
  /** Traded bars ending with a position open / traded bars. */
  readonly exposure: number;
  /** Number of fills. */
  readonly fills: number;
  /** Every fill, in order; built on first read. */
  readonly fillLog: FastFill[];
  /** Orders the venue refused, by reason key (`insufficient-margin` …): the kernel's `rejectedOrders`. */
  readonly rejectedOrders: Readonly<Record<string, number>>;
  /** Wallet at the end (capital + realised − fees + funding). */
  readonly wallet: number;
  /** Signed contracts held at the end. */
  readonly position: number;
  readonly metrics: BacktestMetrics;
}

/**
 * Why a configuration or run is left to the kernel:
 * - `slippage-model`: volatility-volume slippage (depends on the fill quantity's share of volume);
 * - `max-volume-share`: partial fills;
 * - `multi-symbol`: several symbols, or a series / instrument / config that disagree on the symbol;
 * - `timeframe`: the series is not the setup's timeframe, or the timeframe is unknown;
 * - `liquidation`: a position came near its liquidation price (the kernel might liquidate it);
 * - `invalid-params` / `invalid-config` / `invalid-series`: inputs the kernel refuses (it reports why).
 */
export type FastPathUnsupportedReason =
  | 'slippage-model'
  | 'max-volume-share'
  | 'multi-symbol'
  | 'timeframe'
  | 'liquidation'
  | 'invalid-params'
  | 'invalid-config'
  | 'invalid-series';

export interface FastPathUnsupported {
  readonly unsupported: FastPathUnsupportedReason;
}

export type FastPathResult = FastPathRun | FastPathUnsupported;

/** True when the fast path declined the run (the caller falls back to the kernel). */
export function isUnsupported(result: FastPathResult): result is FastPathUnsupported {
  return 'unsupported' in result;
}

/** A generic evaluator: parameters as the optimizer holds them (a resolved parameter record). */
export interface FastPathEvaluatorInput extends FastPathInputBase {
  readonly params: Readonly<Record<string, unknown>>;
}

export type FastPathEvaluator = (input: FastPathEvaluatorInput) => FastPathResult;
