/** Shared types for portfolio risk analytics (VaR / ES / stress tests). */

/** A read-only numeric vector: a typed array or a plain array. */
export type Vector = ArrayLike<number>;

/** A square matrix given as rows (covariance, correlation). */
export type Matrix = readonly Vector[];

/**
 * How a return series is expressed. `simple` = P_t / P_{t-1} − 1; `log` = ln(P_t / P_{t-1}). Log returns
 * are converted to simple returns (`expm1`) before any calculation, because portfolio P&L is linear in
 * simple returns: P&L_t = Σ exposure_i × r_i,t.
 */
export type ReturnKind = 'simple' | 'log';

export type RiskMethod = 'historical' | 'parametric' | 'monte-carlo';

export interface RiskOptions {
  /** Confidence levels α in (0, 1). Default [0.95, 0.99]. */
  readonly confidences?: readonly number[];
  /** Horizon in days. Default 1. Scaled from the bar length by √time. */
  readonly horizonDays?: number;
  /**
   * Bars per day of the input returns (or moments). Default 1 (daily). Hourly bars: 24. Results are
   * scaled to the horizon by √time: σ × √(barsPerDay × horizonDays), μ × (barsPerDay × horizonDays).
   */
  readonly barsPerDay?: number;
  /** Kind of the return series. Default `simple`. */
  readonly returnKind?: ReturnKind;
}

export interface MonteCarloOptions extends RiskOptions {
  /** Number of simulated paths. Default 10 000. */
  readonly paths?: number;
  /** Seed of the uniform generator (`seededRandom`). Default 1. */
  readonly seed?: number;
}

/** Mean vector and covariance matrix of per-bar simple returns. */
export interface Moments {
  readonly mean: Vector;
  readonly covariance: Matrix;
}

/** One VaR / ES figure. `var` and `es` are positive loss amounts in the settle currency. */
export interface RiskResult {
  readonly method: RiskMethod;
  readonly confidence: number;
  readonly horizonDays: number;
  readonly var: number;
  readonly es: number;
}
