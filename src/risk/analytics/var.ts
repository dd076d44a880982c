/**
 * Value at Risk and Expected Shortfall by historical simulation, variance–covariance and Monte Carlo.
 *
 * Conventions (all methods):
 * - Positions are signed notional exposures per asset in the settle currency; returns are per-bar simple
 *   returns (log returns are converted with expm1), so P&L_t = Σ exposure_i × r_i,t.
 * - VaR and ES are positive loss amounts (a negative figure means the tail is still a gain).
 * - Empirical quantile (historical and Monte Carlo): sort the n P&Ls ascending, L(1) ≤ … ≤ L(n); let
 *   k = ⌈n (1 − α)⌉ (at least 1). VaR = −L(k), i.e. the inverse empirical CDF at 1 − α (the smallest L
 *   with F_n(L) ≥ 1 − α). ES = −(L(1) + … + L(k)) / k, the mean of the k worst outcomes (VaR included).
 */
import { cholesky, dot, estimateMoments, quadraticForm, toSimpleReturns } from './linalg.js';
import { inverseNormalCdf, normalPdf, normalSampler } from './normal.js';
import type { Moments, MonteCarloOptions, RiskOptions, RiskResult, Vector } from './types.js';
import {
  checkAligned,
  checkConfidence,
  checkFiniteVector,
  checkSquareSymmetric,
  invalid,
  resolveOptions,
} from './validate.js';

/** Portfolio P&L per bar: Σ exposure_i × r_i,t. Series must be aligned. */
export function portfolioPnl(
  exposures: Vector,
  returns: readonly Vector[],
  kind: RiskOptions['returnKind'] = 'simple',
): Float64Array {
  const n = checkAligned(exposures, returns);
  const pnl = new Float64Array(n);
  returns.forEach((series, i) => {
    const r = toSimpleReturns(series, kind);
    const w = exposures[i]!;
    for (let t = 0; t < n; t++) pnl[t] = pnl[t]! + w * r[t]!;
  });
  return pnl;
}

/** Number of tail observations for confidence α among n: ⌈n (1 − α)⌉, at least 1 (rounding-safe). */
export function tailCount(n: number, alpha: number): number {
  checkConfidence(alpha);
  return Math.max(1, Math.ceil(n * (1 - alpha) - 1e-9));
}

/** Empirical VaR and ES of a P&L sample at confidence α (see the module comment for the convention). */
export function empiricalVarEs(pnl: Vector, alpha: number): { var: number; es: number } {
  checkFiniteVector('pnl', pnl);
  const sorted = Float64Array.from(pnl).sort();
  const k = tailCount(sorted.length, alpha);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += sorted[i]!;
  return { var: -sorted[k - 1]!, es: -sum / k };
}

/**
 * Historical simulation over aligned per-bar returns. Bar figures are scaled to the horizon by
 * √(barsPerDay × horizonDays) (√time rule; the mean is not scaled).
 */
export function historicalVar(
  exposures: Vector,
  returns: readonly Vector[],
  options: RiskOptions = {},
): RiskResult[] {
  const o = resolveOptions(options);
  const pnl = portfolioPnl(exposures, returns, options.returnKind);
  const scale = Math.sqrt(o.bars);
  return o.confidences.map((confidence) => {
    const r = empiricalVarEs(pnl, confidence);
    return {
      method: 'historical',
      confidence,
      horizonDays: o.horizonDays,
      var: r.var * scale,
      es: r.es * scale,
    };
  });
}

function checkMoments(exposures: Vector, moments: Moments): void {
  checkFiniteVector('exposures', exposures);
  const d = exposures.length;
  checkFiniteVector('mean', moments?.mean);
  if (moments.mean.length !== d) {
    throw invalid(`mean has ${moments.mean.length} entries, expected ${d}`, {
      expected: d,
      actual: moments.mean.length,
    });
  }
  checkSquareSymmetric('covariance', moments.covariance, d);
}

/** Portfolio mean and standard deviation over the horizon (μ × bars, σ × √bars). */
export function portfolioMoments(
  exposures: Vector,
  moments: Moments,
  bars = 1,
): { mean: number; std: number } {
  checkMoments(exposures, moments);
  cholesky(moments.covariance); // refuses a covariance that is not positive semi-definite
  const variance = quadraticForm(exposures, moments.covariance);
  return { mean: dot(exposures, moments.mean) * bars, std: Math.sqrt(Math.max(0, variance) * bars) };
}

/**
 * Variance–covariance (normal) VaR and ES from per-bar moments of simple returns:
 * VaR = z σ − μ, ES = σ φ(z) / (1 − α) − μ, with z = Φ⁻¹(α), μ and σ of the portfolio P&L over the horizon.
 */
export function parametricVar(exposures: Vector, moments: Moments, options: RiskOptions = {}): RiskResult[] {
  const o = resolveOptions(options);
  const { mean, std } = portfolioMoments(exposures, moments, o.bars);
  return o.confidences.map((confidence) => {
    const z = inverseNormalCdf(confidence);
    return {
      method: 'parametric',
      confidence,
      horizonDays: o.horizonDays,
      var: z * std - mean,
      es: (std * normalPdf(z)) / (1 - confidence) - mean,
    };
  });
}

/** `parametricVar` with the sample mean and covariance of aligned return series. */
export function parametricVarFromReturns(
  exposures: Vector,
  returns: readonly Vector[],
  options: RiskOptions = {},
): RiskResult[] {
  checkAligned(exposures, returns);
  return parametricVar(exposures, estimateMoments(returns, options.returnKind), options);
}

/**
 * Monte Carlo VaR and ES: `paths` (default 10 000) seeded draws of correlated normal horizon returns
 * r = μ·bars + √bars · L z (L the Cholesky factor of Σ, z standard normals by Box–Muller), P&L = Σ w_i r_i,
 * then the empirical convention above. Same seed, same figures.
 */
export function monteCarloVar(
  exposures: Vector,
  moments: Moments,
  options: MonteCarloOptions = {},
): RiskResult[] {
  const o = resolveOptions(options);
  checkMoments(exposures, moments);
  const paths = options.paths ?? 10_000;
  if (!(Number.isInteger(paths) && paths >= 1))
    throw invalid(`paths must be a positive integer, got ${paths}`, { paths });
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) throw invalid(`seed must be a finite number, got ${seed}`, { seed });
  const d = exposures.length;
  const { factor } = cholesky(moments.covariance);
  // P&L = w·μ·bars + √bars · (Lᵀ w) · z: project the factor onto the exposures once.
  const loadings = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let sum = 0;
    for (let i = k; i < d; i++) sum += exposures[i]! * factor[i]![k]!;
    loadings[k] = sum * Math.sqrt(o.bars);
  }
  const drift = dot(exposures, moments.mean) * o.bars;
  const normal = normalSampler(seed);
  const pnl = new Float64Array(paths);
  for (let p = 0; p < paths; p++) {
    let sum = drift;
    for (let k = 0; k < d; k++) sum += loadings[k]! * normal();
    pnl[p] = sum;
  }
  return o.confidences.map((confidence) => {
    const r = empiricalVarEs(pnl, confidence);
    return { method: 'monte-carlo', confidence, horizonDays: o.horizonDays, var: r.var, es: r.es };
  });
}

/** `monteCarloVar` with the sample mean and covariance of aligned return series. */
export function monteCarloVarFromReturns(
  exposures: Vector,
  returns: readonly Vector[],
  options: MonteCarloOptions = {},
): RiskResult[] {
  checkAligned(exposures, returns);
  return monteCarloVar(exposures, estimateMoments(returns, options.returnKind), options);
}
