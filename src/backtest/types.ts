/**
 * Backtest inputs and outputs. `BacktestJson` is the contract of DESIGN.md §4.4 (what `backtest --json`
 * prints, key for key); `BacktestResult` adds what a quant needs to trust and reproduce a run (monthly
 * returns, long/short split, the full configuration, the invariant log) and is what is stored.
 */

import type { CandleColumns } from '../storage/repositories/candles-columns.js';
import type {
  FeeSchedule,
  FillTiming,
  FundingSeries,
  MarginMode,
  MarkSeries,
  SlippageModel,
} from '../venues/simulated/types.js';

/** One candle series loaded for a run (typed-array columns, oldest first, closed candles only). */
export interface SeriesData extends CandleColumns {
  readonly symbol: string;
  readonly timeframe: string;
}

/** Everything a run reads, already in memory (the runner never touches the database). */
export interface BacktestData {
  /**
   * Every series of the run. For each symbol the finest series drives matching, marks and funding;
   * coarser ones only feed strategies subscribed to them.
   */
  readonly series: readonly SeriesData[];
  readonly funding?: Readonly<Record<string, FundingSeries>>;
  readonly marks?: Readonly<Record<string, MarkSeries>>;
}

/** How a run is set up: all of it is stored with the result so the run can be repeated exactly. */
export interface BacktestConfig {
  /** Strategy name (built-in, plugin) or the spec file's name. */
  readonly strategy: string;
  /** The strategy's own version (its definition's `version`). */
  readonly strategyVersion: string;
  /** Fully resolved parameters (defaults applied). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly exchange: string;
  /** Symbols traded, first = the setup's main symbol. */
  readonly symbols: readonly string[];
  readonly timeframe: string;
  /** Requested range, epoch ms: first and last candle open times, both inclusive (--from, --to). */
  readonly from?: number;
  readonly to?: number;
  /** Starting capital in the settle currency. */
  readonly capital: number;
  readonly currency: string;
  readonly fees: FeeSchedule;
  readonly slippage: SlippageModel;
  readonly fill: FillTiming;
  readonly maxVolumeShare?: number;
  readonly leverage: number;
  readonly marginMode: MarginMode;
  readonly maintenanceRate: number;
  readonly liquidationFeeRate: number;
  /** Quant Lab's version and commit that produced the result. */
  readonly codeVersion?: string;
}

/** DESIGN.md §4.4 metrics. Ratios are fractions; durations ms; undefined ratios (no losses …) are null. */
export interface BacktestMetrics {
  startEquity: number;
  endEquity: number;
  totalReturn: number;
  /** Compound annual growth over the run's span (365-day years). */
  cagr: number;
  /** Annualised (√365) from daily returns of the equity curve; null with fewer than 2 days. */
  sharpe: number | null;
  sortino: number | null;
  /** cagr / maxDrawdown; null when there was no drawdown. */
  calmar: number | null;
  /** Largest peak-to-trough fall as a positive fraction. */
  maxDrawdown: number;
  /** Longest time under a previous equity peak, ms. */
  maxDrawdownDuration: number;
  /** Winning trades / trades; null without trades. */
  winRate: number | null;
  /** Gross profit / gross loss of trades; null without a losing trade. */
  profitFactor: number | null;
  /** Mean net PnL per trade; null without trades. */
  expectancy: number | null;
  trades: number;
  /** Share of the run's time with a position open (any symbol). */
  exposure: number;
  /** Total fees paid (settle currency). */
  fees: number;
  /** Net funding received (negative = paid). */
  funding: number;
}

/** A round trip: from flat to flat (a flip closes one trade and opens the next). §4.4 fields first. */
export interface BacktestTrade {
  symbol: string;
  side: 'long' | 'short';
  /** Largest absolute size held during the trade, contracts. */
  qty: number;
  entryTime: number;
  /** Average entry price. */
  entryPrice: number;
  exitTime: number;
  /** Average exit price. */
  exitPrice: number;
  /** Net: gross PnL − fees ± funding of this trade. */
  pnl: number;
  fees: number;
}

/** What `backtest --json` prints (DESIGN.md §4.4), exactly these keys. */
export interface BacktestJson {
  metrics: BacktestMetrics;
  trades: BacktestTrade[];
  equity: Array<[number, number]>;
}

export interface MonthlyReturn {
  /** `2024-03` (UTC). */
  month: string;
  /** Return over the month, fraction. */
  return: number;
}

export interface SideSummary {
  trades: number;
  winRate: number | null;
  pnl: number;
  fees: number;
}

/** Extra figures beyond §4.4: stored with the result and shown in reports. */
export interface BacktestExtras {
  monthlyReturns: MonthlyReturn[];
  long: SideSummary;
  short: SideSummary;
  /** Per trade: funding received and why it ended (`signal`, `stop-loss`, `liquidation`, `end-of-data` …). */
  tradeDetails: Array<{ funding: number; exitReason: string }>;
  liquidations: number;
  /** Orders the venue or the risk gate refused, by reason. */
  rejectedOrders: Record<string, number>;
  /** Bars processed (all series). */
  bars: number;
  /** Wall time of the simulation, ms (not part of reproducibility). */
  elapsedMs: number;
}

/** Candles, fills and signals the HTML report draws (the main symbol's series). */
export interface BacktestChartData {
  readonly symbol: string;
  readonly timeframe: string;
  readonly candles: CandleColumns;
  /** Fill markers: time, price, side, qty. */
  readonly fills: Array<{ ts: number; price: number; side: 'buy' | 'sell'; qty: number }>;
}

export interface BacktestResult extends BacktestJson {
  /** Stable id (stored in backtest_results). */
  id: string;
  config: BacktestConfig;
  extras: BacktestExtras;
}
