/**
 * Ordinary least squares by Householder QR.
 *
 * QR rather than the normal equations because the regressions here mix a constant with price levels in
 * the tens of thousands (ADF on BTC), where X'X loses half the digits. QR also gives every nested model
 * at once: regressing on the first j columns leaves SSR = Σ_{i ≥ j} (Q'y)_i², which is how the ADF lag
 * search fits all lag orders with one factorisation (`nestedSsr`).
 */

import { QuantLabError } from '../../core/errors.js';
import type { Series } from '../../indicators/types.js';

export interface OlsResult {
  /** Coefficients in the order of the regressors (the intercept first when one was added). */
  readonly coefficients: Float64Array;
  readonly standardErrors: Float64Array;
  /** coefficient / standard error. */
  readonly tValues: Float64Array;
  /** y − Xb, one per observation. */
  readonly residuals: Float64Array;
  readonly nobs: number;
  /** Number of regressors, including the intercept. */
  readonly k: number;
  /** nobs − k. */
  readonly dfResid: number;
  /** Sum of squared residuals. */
  readonly ssr: number;
  /** ssr / dfResid: the unbiased residual variance. */
  readonly sigma2: number;
  /** Gaussian log-likelihood at the estimate (as statsmodels reports it). */
  readonly logLikelihood: number;
  /** −2 logL + 2k. */
  readonly aic: number;
  /** −2 logL + ln(nobs)·k. */
  readonly bic: number;
}

function invalid(message: string, details: Record<string, unknown> = {}): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

/** Gaussian log-likelihood of a least-squares fit with `nobs` observations and residual sum `ssr`. */
export function gaussianLogLikelihood(nobs: number, ssr: number): number {
  return (-nobs / 2) * (Math.log(2 * Math.PI) + Math.log(ssr / nobs) + 1);
}

function euclideanNorm(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return Math.sqrt(sum);
}

/** A Householder QR factorisation of the n×k design matrix, with Q'y alongside. */
export interface QrFactorisation {
  readonly n: number;
  readonly k: number;
  /** R, upper triangular, row-major k×k. */
  readonly r: Float64Array;
  /** Q'y (length n): its first k entries solve R b = (Q'y)[0..k). */
  readonly qty: Float64Array;
}

/**
 * Factorises the design given as columns (each of length n). Throws QL_ERR_INVALID_INPUT when a column is
 * (numerically) a combination of the earlier ones: the regression would have no unique solution.
 */
export function householderQr(columns: readonly Series[], y: Series): QrFactorisation {
  const n = y.length;
  const k = columns.length;
  if (k === 0) throw invalid('A regression needs at least one regressor.');
  if (n <= k) throw invalid(`A regression with ${k} regressors needs more than ${k} observations, got ${n}.`);
  const a = columns.map((column, j) => {
    if (column.length !== n) {
      throw invalid(`Regressor ${j} has ${column.length} values, the response ${n}.`, { column: j });
    }
    return Float64Array.from(column);
  });
  // A column is collinear when projecting out the earlier ones leaves almost nothing of its own length.
  const originalNorms = a.map(euclideanNorm);
  const qty = Float64Array.from(y);
  const r = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const col = a[j]!;
    let norm = 0;
    for (let i = j; i < n; i++) norm += col[i]! * col[i]!;
    norm = Math.sqrt(norm);
    const alpha = col[j]! > 0 ? -norm : norm;
    if (!(norm > 1e-10 * originalNorms[j]!) || !Number.isFinite(norm)) {
      throw invalid(`Regressor ${j} is collinear with the others (or constant zero): no unique fit.`, {
        column: j,
      });
    }
    // v = x − alpha·e1, stored in place; H = I − 2vv'/(v'v).
    col[j] = col[j]! - alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += col[i]! * col[i]!;
    const reflect = (target: Float64Array): void => {
      let dot = 0;
      for (let i = j; i < n; i++) dot += col[i]! * target[i]!;
      const scale = (2 * dot) / vv;
      for (let i = j; i < n; i++) target[i] = target[i]! - scale * col[i]!;
    };
    for (let m = j + 1; m < k; m++) reflect(a[m]!);
    reflect(qty);
    r[j * k + j] = alpha;
    for (let m = j + 1; m < k; m++) r[j * k + m] = a[m]![j]!;
  }
  return { n, k, r, qty };
}

/** SSR of the regression on the first `columns` regressors of a factorisation (nested models). */
export function nestedSsr(qr: QrFactorisation, columns: number): number {
  let ssr = 0;
  for (let i = columns; i < qr.n; i++) ssr += qr.qty[i]! * qr.qty[i]!;
  return ssr;
}

/** Inverse of the upper-triangular R (row-major k×k), by back substitution. */
function invertUpper(r: Float64Array, k: number): Float64Array {
  const inv = new Float64Array(k * k);
  for (let col = 0; col < k; col++) {
    for (let row = col; row >= 0; row--) {
      let sum = row === col ? 1 : 0;
      for (let m = row + 1; m <= col; m++) sum -= r[row * k + m]! * inv[m * k + col]!;
      inv[row * k + col] = sum / r[row * k + row]!;
    }
  }
  return inv;
}

/**
 * Regresses y on the given columns, with an intercept first unless `intercept` is false. Standard errors
 * are the classical ones, sqrt(σ² · diag((X'X)⁻¹)) with σ² = SSR / (n − k).
 */
export function ols(
  y: Series,
  regressors: readonly Series[],
  options: { intercept?: boolean } = {},
): OlsResult {
  const n = y.length;
  const columns =
    options.intercept === false ? [...regressors] : [new Float64Array(n).fill(1), ...regressors];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]!)) throw invalid(`The response has a non-finite value at ${i}.`, { index: i });
  }
  columns.forEach((column, j) => {
    for (let i = 0; i < column.length; i++) {
      if (!Number.isFinite(column[i]!)) {
        throw invalid(`Regressor ${j} has a non-finite value at ${i}.`, { column: j, index: i });
      }
    }
  });
  const qr = householderQr(columns, y);
  const k = qr.k;
  const coefficients = new Float64Array(k);
  for (let row = k - 1; row >= 0; row--) {
    let sum = qr.qty[row]!;
    for (let m = row + 1; m < k; m++) sum -= qr.r[row * k + m]! * coefficients[m]!;
    coefficients[row] = sum / qr.r[row * k + row]!;
  }
  // Residuals from the original data: more accurate than Q times the tail of Q'y.
  const residuals = new Float64Array(n);
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    let fitted = 0;
    for (let j = 0; j < k; j++) fitted += columns[j]![i]! * coefficients[j]!;
    const e = y[i]! - fitted;
    residuals[i] = e;
    ssr += e * e;
  }
  const dfResid = n - k;
  const sigma2 = ssr / dfResid;
  // (X'X)⁻¹ = R⁻¹ R⁻ᵀ; its diagonal is the row sums of squares of R⁻¹.
  const rInv = invertUpper(qr.r, k);
  const standardErrors = new Float64Array(k);
  const tValues = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let diag = 0;
    for (let m = j; m < k; m++) diag += rInv[j * k + m]! * rInv[j * k + m]!;
    standardErrors[j] = Math.sqrt(sigma2 * diag);
    tValues[j] = coefficients[j]! / standardErrors[j]!;
  }
  const logLikelihood = gaussianLogLikelihood(n, ssr);
  return {
    coefficients,
    standardErrors,
    tValues,
    residuals,
    nobs: n,
    k,
    dfResid,
    ssr,
    sigma2,
    logLikelihood,
    aic: -2 * logLikelihood + 2 * k,
    bic: -2 * logLikelihood + Math.log(n) * k,
  };
}

export interface SimpleRegression {
  readonly slope: number;
  readonly intercept: number;
  readonly slopeStdError: number;
  readonly interceptStdError: number;
  readonly residuals: Float64Array;
  readonly rSquared: number;
  readonly fit: OlsResult;
}

/** y = intercept + slope·x + ε: the one-regressor case every other module here uses. */
export function linearRegression(y: Series, x: Series): SimpleRegression {
  const fit = ols(y, [x]);
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]!;
  mean /= y.length;
  let tss = 0;
  for (let i = 0; i < y.length; i++) tss += (y[i]! - mean) ** 2;
  return {
    intercept: fit.coefficients[0]!,
    slope: fit.coefficients[1]!,
    interceptStdError: fit.standardErrors[0]!,
    slopeStdError: fit.standardErrors[1]!,
    residuals: fit.residuals,
    rSquared: tss === 0 ? 1 : 1 - fit.ssr / tss,
    fit,
  };
}
