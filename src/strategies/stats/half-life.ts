/**
 * Half-life of mean reversion of a spread.
 *
 * Fits Δs_t = c + λ·s_{t−1} + ε_t (the discrete Ornstein–Uhlenbeck / AR(1) form: s_t = c + (1 + λ)·s_{t−1}
 * + ε_t). A deviation then shrinks by the factor |1 + λ| per bar, so it halves after
 * −ln 2 / ln|1 + λ| bars. λ ≥ 0 means no reversion: the half-life is +∞. λ ≤ −1 overshoots the mean each bar;
 * the magnitude still decays by |1 + λ| (0 when λ = −1, which reverts at once).
 */

import type { Series } from '../../indicators/types.js';
import { linearRegression } from './ols.js';

export interface HalfLifeResult {
  /** In bars of the input series; +∞ when the spread does not revert. */
  readonly halfLife: number;
  /** λ of Δs_t = c + λ·s_{t−1}. */
  readonly lambda: number;
  /** The standard error of λ. */
  readonly lambdaStdError: number;
}

/** Half-life in bars from λ, the AR(1) coefficient minus one. */
export function halfLifeFromLambda(lambda: number): number {
  if (Number.isNaN(lambda)) return Number.NaN;
  if (lambda >= 0) return Number.POSITIVE_INFINITY;
  const decay = Math.abs(1 + lambda);
  if (decay === 0) return 0;
  return -Math.LN2 / Math.log(decay);
}

/** Estimates the half-life of mean reversion of `spread` (oldest first, at least 3 values). */
export function halfLife(spread: Series): HalfLifeResult {
  const n = spread.length;
  const change = new Float64Array(Math.max(0, n - 1));
  const previous = new Float64Array(Math.max(0, n - 1));
  for (let t = 1; t < n; t++) {
    change[t - 1] = spread[t]! - spread[t - 1]!;
    previous[t - 1] = spread[t - 1]!;
  }
  const fit = linearRegression(change, previous);
  return { halfLife: halfLifeFromLambda(fit.slope), lambda: fit.slope, lambdaStdError: fit.slopeStdError };
}
