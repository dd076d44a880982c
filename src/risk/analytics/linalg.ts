/** Small dense linear algebra for risk: moments of return series, quadratic forms, Cholesky. */
import type { Matrix, Moments, ReturnKind, Vector } from './types.js';
import { checkFiniteVector, checkSquareSymmetric, invalid } from './validate.js';

/** Log returns → simple returns (expm1); simple returns are copied. */
export function toSimpleReturns(series: Vector, kind: ReturnKind = 'simple'): Float64Array {
  const out = Float64Array.from(series);
  if (kind === 'log') for (let i = 0; i < out.length; i++) out[i] = Math.expm1(out[i]!);
  return out;
}

/**
 * Sample mean vector and sample covariance (denominator n − 1) of aligned per-bar return series.
 * Log returns are converted to simple returns first. Needs at least two observations.
 */
export function estimateMoments(returns: readonly Vector[], kind: ReturnKind = 'simple'): Moments {
  if (!Array.isArray(returns) || returns.length === 0) throw invalid('returns must hold at least one series');
  const series = returns.map((r, i) => {
    checkFiniteVector(`returns[${i}]`, r, 2);
    return toSimpleReturns(r, kind);
  });
  const n = series[0]!.length;
  series.forEach((s, i) => {
    if (s.length !== n) {
      throw invalid(
        `return series must be aligned: returns[0] has ${n} values, returns[${i}] has ${s.length}`,
        {
          index: i,
        },
      );
    }
  });
  const d = series.length;
  const mean = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = 0;
    for (const x of series[i]!) sum += x;
    mean[i] = sum / n;
  }
  const covariance = Array.from({ length: d }, () => new Float64Array(d));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const a = series[i]!;
      const b = series[j]!;
      let sum = 0;
      for (let t = 0; t < n; t++) sum += (a[t]! - mean[i]!) * (b[t]! - mean[j]!);
      covariance[i]![j] = sum / (n - 1);
      covariance[j]![i] = sum / (n - 1);
    }
  }
  return { mean, covariance };
}

/** w · v */
export function dot(w: Vector, v: Vector): number {
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i]! * v[i]!;
  return sum;
}

/** wᵀ Σ w (the portfolio variance). */
export function quadraticForm(w: Vector, sigma: Matrix): number {
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    const row = sigma[i]!;
    for (let j = 0; j < w.length; j++) sum += w[i]! * row[j]! * w[j]!;
  }
  return sum;
}

/** Covariance from per-asset volatilities and one common correlation ρ off the diagonal. */
export function covarianceWithCorrelation(vols: Vector, rho: number): Float64Array[] {
  const d = vols.length;
  return Array.from({ length: d }, (_, i) => {
    const row = new Float64Array(d);
    for (let j = 0; j < d; j++) row[j] = (i === j ? 1 : rho) * vols[i]! * vols[j]!;
    return row;
  });
}

export interface CholeskyResult {
  /** Lower-triangular L with L Lᵀ = Σ + jitter · I, as rows. */
  readonly factor: Float64Array[];
  /** Diagonal jitter that was added (0 when Σ is positive definite). */
  readonly jitter: number;
}

function tryCholesky(matrix: Matrix, jitter: number): Float64Array[] | number {
  const d = matrix.length;
  const L = Array.from({ length: d }, () => new Float64Array(d));
  for (let j = 0; j < d; j++) {
    let diag = matrix[j]![j]! + jitter;
    for (let k = 0; k < j; k++) diag -= L[j]![k]! ** 2;
    if (!(diag > 0)) return diag; // failing pivot
    const ljj = Math.sqrt(diag);
    L[j]![j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k++) sum -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = sum / ljj;
    }
  }
  return L;
}

/**
 * Cholesky factor of a symmetric covariance matrix. Positive semi-definite matrices (a zero eigenvalue,
 * e.g. perfectly correlated assets) get a small diagonal jitter: 1e-12 × max diagonal, growing ×10 up to
 * 1e-8 × max diagonal. A matrix that still fails (a clearly negative eigenvalue) is refused with
 * QL_ERR_INVALID_INPUT, as is a negative diagonal.
 */
export function cholesky(matrix: Matrix): CholeskyResult {
  const d = Array.isArray(matrix) ? matrix.length : 0;
  if (d === 0) throw invalid('covariance must be a non-empty square matrix');
  checkSquareSymmetric('covariance', matrix, d);
  let scale = 0;
  for (let i = 0; i < d; i++) {
    const v = matrix[i]![i]!;
    if (v < 0) throw invalid(`covariance has a negative variance at (${i}, ${i})`, { index: i, value: v });
    scale = Math.max(scale, v);
  }
  if (scale === 0) return { factor: Array.from({ length: d }, () => new Float64Array(d)), jitter: 0 };
  let lastPivot = 0;
  for (const jitter of [0, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8].map((f) => f * scale)) {
    const result = tryCholesky(matrix, jitter);
    if (typeof result !== 'number') return { factor: result, jitter };
    lastPivot = result;
  }
  throw invalid('covariance is not positive semi-definite', { pivot: lastPivot, maxVariance: scale });
}
