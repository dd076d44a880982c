/**
 * MacKinnon's response-surface approximations for Dickey–Fuller τ statistics: approximate p-values
 * (MacKinnon 1994) and finite-sample critical values (MacKinnon 2010).
 *
 * `n` is the number of I(1) series in the test. A plain ADF test on one series has n = 1. An Engle–Granger
 * test of y on x runs ADF on the *residuals* of a cointegrating regression; those residuals are
 * estimated, which shifts the distribution left, so the test must use the cointegration tables with n =
 * the number of variables in the cointegrating regression (2 for a pair). For two series with a constant
 * the large-sample 5 % value is −3.34, not the −2.86 of a plain ADF with constant.
 *
 * `regression` names the deterministic terms: `c` a constant, `n` none. For Engle–Granger `c` means the
 * cointegrating regression had an intercept (the ADF on its zero-mean residuals then has none).
 *
 * Sources, transcribed as published (statsmodels' `adfvalues.py` carries the same numbers):
 * - J. G. MacKinnon (1994), "Approximate asymptotic distribution functions for unit-root and cointegration
 *   tests", JBES 12(2), tables 3 (τ*, τ_min, τ_max) and 4 (small-p and large-p coefficients).
 * - J. G. MacKinnon (2010), "Critical values for cointegration tests", Queen's Economics Department
 *   Working Paper 1227, table 2: crit(T) = β∞ + β1/T + β2/T² + β3/T³.
 */

import { QuantLabError } from '../../core/errors.js';
import { normalCdf } from './normal.js';

export type DeterministicTerms = 'c' | 'n';

/** Critical values of a left-tailed test: reject the unit root when the statistic is below. */
export interface CriticalValues {
  readonly '1%': number;
  readonly '5%': number;
  readonly '10%': number;
}

interface PValueSurface {
  /** Below τ_min the p-value is 0 for practical purposes; above τ_max it is 1. */
  readonly tauMin: readonly number[];
  readonly tauMax: readonly number[];
  /** Where the small-p polynomial hands over to the large-p one. */
  readonly tauStar: readonly number[];
  /** Φ⁻¹(p) ≈ c0 + c1 τ + c2 τ², for τ ≤ τ*. */
  readonly smallP: readonly (readonly [number, number, number])[];
  /** Φ⁻¹(p) ≈ c0 + c1 τ + c2 τ² + c3 τ³, for τ > τ*. */
  readonly largeP: readonly (readonly [number, number, number, number])[];
}

// MacKinnon (1994) tables 3 and 4; row i is n = i + 1. The published small-p c2 are × 10², the large-p
// c1, c2 × 10 and c3 × 10², so they are divided out here.
const SURFACES: Readonly<Record<DeterministicTerms, PValueSurface>> = {
  n: {
    tauStar: [-1.04, -1.53, -2.68, -3.09, -3.07, -3.77],
    tauMin: [-19.04, -19.62, -21.21, -23.25, -21.63, -25.74],
    tauMax: [Number.POSITIVE_INFINITY, 1.51, 0.86, 0.88, 1.05, 1.24],
    smallP: [
      [0.6344, 1.2378, 3.2496e-2],
      [1.9129, 1.3857, 3.5322e-2],
      [2.7648, 1.4502, 3.4186e-2],
      [3.4336, 1.4835, 3.19e-2],
      [4.0999, 1.5533, 3.59e-2],
      [4.5388, 1.5344, 2.9807e-2],
    ],
    largeP: [
      [0.4797, 0.93557, -0.06999, 3.3066e-2],
      [1.5578, 0.8558, -0.2083, -3.3549e-2],
      [2.2268, 0.68093, -0.32362, -5.4448e-2],
      [2.7654, 0.64502, -0.30811, -4.4946e-2],
      [3.2684, 0.68051, -0.26778, -3.4972e-2],
      [3.7268, 0.7167, -0.23648, -2.8288e-2],
    ],
  },
  c: {
    tauStar: [-1.61, -2.62, -3.13, -3.47, -3.78, -3.93],
    tauMin: [-18.83, -18.86, -23.48, -28.07, -25.96, -23.27],
    tauMax: [2.74, 0.92, 0.55, 0.61, 0.79, 1],
    smallP: [
      [2.1659, 1.4412, 3.8269e-2],
      [2.92, 1.5012, 3.9796e-2],
      [3.4699, 1.4856, 3.164e-2],
      [3.9673, 1.4777, 2.6315e-2],
      [4.5509, 1.5338, 2.9545e-2],
      [5.1399, 1.6036, 3.4445e-2],
    ],
    largeP: [
      [1.7339, 0.93202, -0.12745, -1.0368e-2],
      [2.1945, 0.64695, -0.29198, -4.2377e-2],
      [2.5893, 0.45168, -0.36529, -5.0074e-2],
      [3.0387, 0.45452, -0.33666, -4.1921e-2],
      [3.5049, 0.52098, -0.29158, -3.3468e-2],
      [3.9489, 0.58933, -0.25359, -2.721e-2],
    ],
  },
};

type Surface2010 = readonly [number, number, number, number];

// MacKinnon (2010) table 2, [1 %, 5 %, 10 %] per n; coefficients β∞, β1, β2, β3. The no-constant case was
// not re-estimated in 2010 and exists for n = 1 only (MacKinnon 1996).
const CRITICAL_2010: Readonly<Record<DeterministicTerms, readonly (readonly Surface2010[])[]>> = {
  n: [
    [
      [-2.56574, -2.2358, -3.627, 0],
      [-1.941, -0.2686, -3.365, 31.223],
      [-1.61682, 0.2656, -2.714, 25.364],
    ],
  ],
  c: [
    [
      [-3.43035, -6.5393, -16.786, -79.433],
      [-2.86154, -2.8903, -4.234, -40.04],
      [-2.56677, -1.5384, -2.809, 0],
    ],
    [
      [-3.89644, -10.9519, -33.527, 0],
      [-3.33613, -6.1101, -6.823, 0],
      [-3.04445, -4.2412, -2.72, 0],
    ],
    [
      [-4.29374, -14.4354, -33.195, 47.433],
      [-3.74066, -8.5632, -10.852, 27.982],
      [-3.45218, -6.2143, -3.718, 0],
    ],
    [
      [-4.64332, -18.1031, -37.972, 0],
      [-4.096, -11.2349, -11.175, 0],
      [-3.8102, -8.3931, -4.137, 0],
    ],
    [
      [-4.95756, -21.8883, -45.142, 0],
      [-4.41519, -14.0405, -12.575, 0],
      [-4.13157, -10.7417, -3.784, 0],
    ],
    [
      [-5.24568, -25.6688, -57.737, 88.639],
      [-4.70693, -16.9178, -17.492, 60.007],
      [-4.42501, -13.1875, -5.104, 27.877],
    ],
  ],
};

function checkN(n: number, available: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > available) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `MacKinnon ${what} exist for 1 to ${available} series here, not ${n}.`,
      { details: { n, available } },
    );
  }
}

/**
 * MacKinnon's (1994) approximate asymptotic p-value of a τ statistic: the probability, under the unit-root
 * (no-cointegration) null, of a statistic at or below `tau`. n = 1 for ADF, the number of variables for
 * Engle–Granger.
 */
export function mackinnonPValue(tau: number, regression: DeterministicTerms = 'c', n = 1): number {
  const surface = SURFACES[regression];
  checkN(n, surface.tauStar.length, 'p-values');
  if (Number.isNaN(tau)) return Number.NaN;
  const i = n - 1;
  if (tau > surface.tauMax[i]!) return 1;
  if (tau < surface.tauMin[i]!) return 0;
  if (tau <= surface.tauStar[i]!) {
    const [c0, c1, c2] = surface.smallP[i]!;
    return normalCdf(c0 + tau * (c1 + tau * c2));
  }
  const [c0, c1, c2, c3] = surface.largeP[i]!;
  return normalCdf(c0 + tau * (c1 + tau * (c2 + tau * c3)));
}

/**
 * MacKinnon's (2010) critical values for a sample of `nobs` observations (asymptotic when omitted or
 * infinite). statsmodels' `coint` passes the cointegrating regression's nobs − 1 (to match Stata's
 * `egranger`); `engleGranger` here does the same.
 */
export function mackinnonCriticalValues(
  n = 1,
  regression: DeterministicTerms = 'c',
  nobs = Number.POSITIVE_INFINITY,
): CriticalValues {
  const table = CRITICAL_2010[regression];
  checkN(n, table.length, 'critical values');
  const inv = Number.isFinite(nobs) ? 1 / nobs : 0;
  const [one, five, ten] = table[n - 1]!.map(
    ([b0, b1, b2, b3]) => b0 + inv * (b1 + inv * (b2 + inv * b3)),
  ) as [number, number, number];
  return { '1%': one, '5%': five, '10%': ten };
}
