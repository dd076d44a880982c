/**
 * The augmented Dickey–Fuller unit-root test.
 *
 * Regression (with `regression: 'c'`):  Δy_t = α + γ·y_{t−1} + Σ_{i=1..p} δ_i·Δy_{t−i} + ε_t.
 * The statistic is the t-value of γ; H0: γ = 0 (a unit root), rejected for statistics below the critical
 * value. The lag order p is fixed (`lags`) or chosen by AIC/BIC over 0..maxLag, fitting every order on the
 * same sample (the last n − 1 − maxLag differences) and then refitting the chosen order on all the data it
 * allows — the procedure of statsmodels' `adfuller(autolag='AIC')`, so the numbers agree with it.
 *
 * p-value and critical values: MacKinnon with n = 1 (see mackinnon.ts). For residuals of a cointegrating
 * regression use `engleGranger`, which uses the cointegration tables instead.
 */

import { QuantLabError } from '../../core/errors.js';
import type { Series } from '../../indicators/types.js';
import {
  type CriticalValues,
  type DeterministicTerms,
  mackinnonCriticalValues,
  mackinnonPValue,
} from './mackinnon.js';
import { gaussianLogLikelihood, householderQr, nestedSsr, ols } from './ols.js';

export type LagCriterion = 'aic' | 'bic';

export interface AdfOptions {
  /** Deterministic terms of the test regression: `c` a constant (default), `n` none. */
  readonly regression?: DeterministicTerms;
  /** A fixed lag order; when given, no search is made. */
  readonly lags?: number;
  /** Largest lag order searched. Default ⌈12·(nobs/100)^¼⌉ (Schwert), capped at nobs/2 − 2. */
  readonly maxLag?: number;
  /** Information criterion of the lag search (default `aic`). */
  readonly criterion?: LagCriterion;
}

export interface AdfResult {
  /** The τ statistic: t-value of γ. */
  readonly statistic: number;
  /** MacKinnon (1994) approximate p-value (n = 1). */
  readonly pValue: number;
  /** MacKinnon (2010) critical values for this nobs (n = 1). */
  readonly criticalValues: CriticalValues;
  /** γ, the coefficient of y_{t−1}: ≈ φ − 1 for an AR(1) with coefficient φ. */
  readonly gamma: number;
  readonly usedLag: number;
  /** Observations in the final regression (n − 1 − usedLag). */
  readonly nobs: number;
  /** The criterion's value at the chosen lag (NaN when the lag was fixed). */
  readonly icBest: number;
}

/** The default largest lag, statsmodels' rule: ⌈12·(n/100)^¼⌉, at most n/2 − ntrend − 1. */
export function defaultMaxLag(nobs: number, regression: DeterministicTerms = 'c'): number {
  const ntrend = regression === 'c' ? 1 : 0;
  return Math.max(0, Math.min(Math.floor(nobs / 2) - ntrend - 1, Math.ceil(12 * (nobs / 100) ** 0.25)));
}

interface Design {
  readonly response: Float64Array;
  /** [constant?], y_{t−1}, Δy_{t−1}, …, Δy_{t−lags} */
  readonly columns: Float64Array[];
}

/** The ADF design for `lags` lags on the last `nobs` differences. */
function design(y: Series, lags: number, nobs: number, regression: DeterministicTerms): Design {
  const diffs = y.length - 1;
  const first = diffs - nobs; // index (in diffs) of the first response
  const response = new Float64Array(nobs);
  const level = new Float64Array(nobs);
  const lagged = Array.from({ length: lags }, () => new Float64Array(nobs));
  for (let t = 0; t < nobs; t++) {
    const d = first + t; // Δy at diff index d is y[d + 1] − y[d]
    response[t] = y[d + 1]! - y[d]!;
    level[t] = y[d]!;
    for (let i = 1; i <= lags; i++) lagged[i - 1]![t] = y[d + 1 - i]! - y[d - i]!;
  }
  const columns =
    regression === 'c' ? [new Float64Array(nobs).fill(1), level, ...lagged] : [level, ...lagged];
  return { response, columns };
}

function criterionValue(criterion: LagCriterion, nobs: number, ssr: number, k: number): number {
  const ll = gaussianLogLikelihood(nobs, ssr);
  return criterion === 'aic' ? -2 * ll + 2 * k : -2 * ll + Math.log(nobs) * k;
}

function invalid(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

/** Runs the ADF test on `y` (levels, oldest first). Throws QL_ERR_INVALID_INPUT on too short or non-finite input. */
export function adfTest(y: Series, options: AdfOptions = {}): AdfResult {
  const regression = options.regression ?? 'c';
  const criterion = options.criterion ?? 'aic';
  const n = y.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]!)) throw invalid(`ADF input has a non-finite value at ${i}.`, { index: i });
  }
  const deterministic = regression === 'c' ? 1 : 0;
  let usedLag: number;
  let icBest = Number.NaN;
  if (options.lags !== undefined) {
    usedLag = options.lags;
    if (!Number.isInteger(usedLag) || usedLag < 0) {
      throw invalid(`ADF lags must be an integer >= 0, got ${usedLag}.`, { lags: usedLag });
    }
  } else {
    const maxLag = options.maxLag ?? defaultMaxLag(n, regression);
    if (!Number.isInteger(maxLag) || maxLag < 0) {
      throw invalid(`ADF maxLag must be an integer >= 0, got ${maxLag}.`, { maxLag });
    }
    const searchNobs = n - 1 - maxLag;
    if (searchNobs <= deterministic + 1 + maxLag) {
      throw invalid(`ADF with maxLag ${maxLag} needs more than ${n} observations.`, { nobs: n, maxLag });
    }
    // One factorisation of the widest design gives every nested lag order's SSR.
    const wide = design(y, maxLag, searchNobs, regression);
    const qr = householderQr(wide.columns, wide.response);
    usedLag = 0;
    icBest = Number.POSITIVE_INFINITY;
    for (let lag = 0; lag <= maxLag; lag++) {
      const k = deterministic + 1 + lag;
      const ic = criterionValue(criterion, searchNobs, nestedSsr(qr, k), k);
      if (ic < icBest) {
        icBest = ic;
        usedLag = lag;
      }
    }
  }
  const nobs = n - 1 - usedLag;
  const k = deterministic + 1 + usedLag;
  if (nobs <= k) throw invalid(`ADF with ${usedLag} lags needs more than ${n} observations.`, { nobs: n });
  const { response, columns } = design(y, usedLag, nobs, regression);
  const fit = ols(response, columns, { intercept: false });
  const statistic = fit.tValues[deterministic]!;
  return {
    statistic,
    pValue: mackinnonPValue(statistic, regression, 1),
    criticalValues: mackinnonCriticalValues(1, regression, nobs),
    gamma: fit.coefficients[deterministic]!,
    usedLag,
    nobs,
    icBest,
  };
}
