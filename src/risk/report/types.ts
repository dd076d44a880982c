/** The typed, JSON-serialisable result of `quantlab risk report` (stored in `equity_snapshots.risk`). */
import type { RiskMethod, ScenarioName } from '../analytics/index.js';

/** One VaR / ES figure: amounts in the report currency (positive = loss) and as a fraction of equity. */
export interface VarRow {
  readonly method: RiskMethod;
  readonly confidence: number;
  readonly horizonDays: number;
  readonly var: number;
  readonly es: number;
  readonly varPct: number;
  readonly esPct: number;
}

/** A stress scenario's loss (negative = a gain) and the configured limits it would trip. */
export interface StressRow {
  readonly scenario: ScenarioName;
  readonly loss: number;
  readonly lossPct: number;
  readonly limitsTripped: readonly string[];
  readonly detail: Record<string, unknown>;
}

/** A position the report measures: signed quantity, mark and signed notional in the report currency. */
export interface ReportPosition {
  readonly exchange: string;
  readonly symbol: string;
  readonly qty: number;
  readonly price: number;
  /** Signed: long > 0, short < 0. */
  readonly notional: number;
  readonly kind: 'spot' | 'perpetual';
  /** Daily volatility of the symbol's simple returns, when its returns are known. */
  readonly dailyVolatility: number | null;
}

/** Where the equity the percentages divide by comes from. */
export type EquitySource = 'backtest' | 'snapshot' | 'flag' | 'gross-exposure';

export interface ReportInputs {
  readonly equity: number;
  readonly equitySource: EquitySource;
  readonly positions: readonly ReportPosition[];
  readonly grossExposure: number;
  readonly netExposure: number;
  /** Unrealised P&L of the positions at their marks (stored as the snapshot's `unrealised_pnl`). */
  readonly unrealisedPnl: number;
  /** What the return series are of: `equity` (backtest) or the held symbols (portfolio). */
  readonly returnSeries: readonly string[];
  readonly observations: number;
  /** First and last daily close (epoch ms, UTC midnight) behind the returns. */
  readonly from: number;
  readonly to: number;
  readonly parameters: ReportParameters;
}

export interface ReportParameters {
  readonly horizonDays: number;
  readonly confidences: readonly number[];
  readonly monteCarlo: { readonly paths: number; readonly seed: number };
  readonly stress: {
    readonly crashShock: number;
    readonly crashHours: number;
    readonly fundingRate: number;
    readonly fundingIntervals: number;
    readonly outageHours: number;
    readonly outageK: number;
  };
}

export interface RiskReport {
  readonly kind: 'backtest' | 'portfolio';
  /** When the figures hold: the backtest's last equity point, or the report time for a portfolio. */
  readonly asOf: number;
  /** Where the report is stored in equity_snapshots. */
  readonly scope: 'account' | 'strategy';
  readonly scopeId: string;
  readonly currency: string;
  /** backtest: { id, strategy, exchange, symbols, timeframe }; portfolio: { account }. */
  readonly source: Readonly<Record<string, unknown>>;
  readonly inputs: ReportInputs;
  readonly var: readonly VarRow[];
  readonly stress: readonly StressRow[];
  /** Names of the configured limits the stress rows were checked against; empty = none configured. */
  readonly limits: readonly string[];
  readonly notes: readonly string[];
}

/** Options common to both report builders. */
export interface ReportOptions {
  readonly seed?: number;
  readonly paths?: number;
  /** Limits the stress scenarios are checked against (see limits.ts). */
  readonly limits?: readonly ReportLimit[];
  /** Notes on the stored limits (rows skipped as invalid), added to the report's notes. */
  readonly limitNotes?: readonly string[];
}

/**
 * A limit a stress scenario can trip (one per stored row; several of one name all hold).
 * `loss` (breakers, at the limit trips): the scenario's loss ≥ amount, or ≥ fraction × equity.
 * `gross-exposure` / `net-exposure` (beyond the limit trips): the book after the scenario above `multiple`
 * × the equity left. `position` (beyond): a position's notional after the scenario above `perSymbol` (one
 * number, or by symbol), or the gross above `total`. `auto-reduce` (beyond the limit × (1 + tolerance), as
 * the reducer): a position's notional above `perSymbol`, or the gross above `grossMultiple` × the equity
 * left.
 */
export type ReportLimit =
  | { readonly kind: 'loss'; readonly name: string; readonly amount?: number; readonly fraction?: number }
  | { readonly kind: 'gross-exposure' | 'net-exposure'; readonly name: string; readonly multiple: number }
  | {
      readonly kind: 'position';
      readonly name: string;
      readonly perSymbol?: number | Readonly<Record<string, number>>;
      readonly total?: number;
    }
  | {
      readonly kind: 'auto-reduce';
      readonly name: string;
      readonly perSymbol?: number | Readonly<Record<string, number>>;
      readonly grossMultiple?: number;
      readonly tolerance: number;
    };
