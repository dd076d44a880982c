/**
 * Engle–Granger two-step cointegration test of a pair.
 *
 * Step 1: OLS of y on x with an intercept, y_t = α + β·x_t + u_t; β is the hedge ratio, u the spread.
 * Step 2: ADF on u *without* a constant (u has mean zero by construction), with the lag order chosen as in
 * `adfTest`. The residuals are estimated, so the τ statistic is judged against MacKinnon's cointegration
 * tables for n = 2 variables with a constant (asymptotic 1/5/10 %: −3.90/−3.34/−3.04), not the plain ADF
 * ones (−3.43/−2.86/−2.57). This is the test statsmodels' `coint(y, x, trend='c')` runs, including its
 * critical values at nobs − 1.
 */

import { QuantLabError } from '../../core/errors.js';
import type { Series } from '../../indicators/types.js';
import { adfTest, type LagCriterion } from './adf.js';
import { type CriticalValues, mackinnonCriticalValues, mackinnonPValue } from './mackinnon.js';
import { linearRegression } from './ols.js';

export interface EngleGrangerOptions {
  /** Cointegrated when the p-value is below this (default 0.05). */
  readonly significance?: number;
  /** Fixed ADF lag order; otherwise chosen by `criterion` up to `maxLag`. */
  readonly lags?: number;
  readonly maxLag?: number;
  readonly criterion?: LagCriterion;
}

export interface EngleGrangerResult {
  /** Hedge ratio: units of x per unit of y. */
  readonly beta: number;
  /** Intercept of the cointegrating regression. */
  readonly alpha: number;
  /** u_t = y_t − α − β·x_t. */
  readonly spread: Float64Array;
  /** ADF τ on the spread. */
  readonly statistic: number;
  /** MacKinnon (1994) p-value for n = 2, constant. */
  readonly pValue: number;
  /** MacKinnon (2010) cointegration critical values for n = 2 at nobs − 1. */
  readonly criticalValues: CriticalValues;
  readonly usedLag: number;
  readonly nobs: number;
  /** pValue < significance. */
  readonly cointegrated: boolean;
  /** R² of the cointegrating regression. */
  readonly rSquared: number;
}

/** Tests whether y and x (same length, oldest first, e.g. log prices) are cointegrated. */
export function engleGranger(y: Series, x: Series, options: EngleGrangerOptions = {}): EngleGrangerResult {
  const significance = options.significance ?? 0.05;
  if (y.length !== x.length) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `Engle–Granger needs series of equal length, got ${y.length} and ${x.length}.`,
      { details: { yLength: y.length, xLength: x.length } },
    );
  }
  if (!(significance > 0 && significance < 1)) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `Significance ${significance} must be in (0, 1).`, {
      details: { significance },
    });
  }
  const fit = linearRegression(y, x);
  const nobs = y.length;
  const criticalValues = mackinnonCriticalValues(2, 'c', nobs - 1);
  // A (numerically) perfect fit leaves no spread to test: statsmodels reports τ = −∞ there, and so do we.
  if (fit.rSquared >= 1 - 1e-12) {
    return {
      beta: fit.slope,
      alpha: fit.intercept,
      spread: fit.residuals,
      statistic: Number.NEGATIVE_INFINITY,
      pValue: 0,
      criticalValues,
      usedLag: 0,
      nobs,
      cointegrated: true,
      rSquared: fit.rSquared,
    };
  }
  const adf = adfTest(fit.residuals, {
    regression: 'n',
    ...(options.lags === undefined ? {} : { lags: options.lags }),
    ...(options.maxLag === undefined ? {} : { maxLag: options.maxLag }),
    ...(options.criterion === undefined ? {} : { criterion: options.criterion }),
  });
  const pValue = mackinnonPValue(adf.statistic, 'c', 2);
  return {
    beta: fit.slope,
    alpha: fit.intercept,
    spread: fit.residuals,
    statistic: adf.statistic,
    pValue,
    criticalValues,
    usedLag: adf.usedLag,
    nobs,
    cointegrated: pValue < significance,
    rSquared: fit.rSquared,
  };
}
