/**
 * Parzen estimators for TPE, one per dimension (Bergstra et al. 2011, with hyperopt's bandwidths):
 *
 * - numeric: a mixture of Gaussians truncated to [lo, hi], one per observation plus a wide prior centred
 *   on the interval (weight 1 each). Each observation's σ is the larger gap to its sorted neighbours (the
 *   interval ends bound the outermost), clipped to [(hi − lo) / min(100, n + 1), hi − lo]; the prior's σ
 *   is hi − lo. Dense clusters of good values thus get narrow kernels, isolated ones wide kernels.
 * - categorical: smoothed frequencies (count + 1) / (n + k).
 */

import type { Random } from '../metrics/random.js';

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const MAX_REJECTIONS = 100;

/** erf, Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7: plenty for ranking candidates). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-a * a));
}

function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / SQRT2));
}

/** A standard normal draw (Box–Muller; one of the pair is used so each draw costs two uniforms). */
export function standardNormal(rng: Random): number {
  const u1 = 1 - rng.next(); // (0, 1]: log(0) is never taken
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export class NumericParzen {
  private readonly mus: number[];
  private readonly sigmas: number[];
  /** log of each component's truncation mass: the pdf is renormalised on [lo, hi]. */
  private readonly logMass: number[];

  constructor(
    observations: readonly number[],
    readonly lo: number,
    readonly hi: number,
  ) {
    const width = hi - lo;
    const prior = (lo + hi) / 2;
    const points = [...observations.map((mu) => ({ mu, prior: false })), { mu: prior, prior: true }];
    points.sort((a, b) => a.mu - b.mu || Number(a.prior) - Number(b.prior));
    const minSigma = width / Math.min(100, observations.length + 1);
    this.mus = points.map((p) => p.mu);
    this.sigmas = points.map((p, i) => {
      if (p.prior) return width;
      const left = p.mu - (i > 0 ? points[i - 1]!.mu : lo);
      const right = (i < points.length - 1 ? points[i + 1]!.mu : hi) - p.mu;
      return Math.min(width, Math.max(minSigma, left, right));
    });
    this.logMass = this.mus.map((mu, i) => {
      const sigma = this.sigmas[i]!;
      const mass = normalCdf((hi - mu) / sigma) - normalCdf((lo - mu) / sigma);
      return Math.log(Math.max(mass, 1e-300));
    });
  }

  /** A draw from the mixture, inside [lo, hi]. */
  sample(rng: Random): number {
    const j = rng.int(this.mus.length);
    const mu = this.mus[j]!;
    const sigma = this.sigmas[j]!;
    for (let attempt = 0; attempt < MAX_REJECTIONS; attempt += 1) {
      const x = mu + sigma * standardNormal(rng);
      if (x >= this.lo && x <= this.hi) return x;
    }
    return Math.min(this.hi, Math.max(this.lo, mu));
  }

  /** log density at x (log-sum-exp over the components, equal weights). */
  logPdf(x: number): number {
    let max = Number.NEGATIVE_INFINITY;
    const terms = this.mus.map((mu, i) => {
      const sigma = this.sigmas[i]!;
      const z = (x - mu) / sigma;
      const term = -0.5 * z * z - Math.log(sigma) - LOG_SQRT_2PI - this.logMass[i]!;
      if (term > max) max = term;
      return term;
    });
    let sum = 0;
    for (const term of terms) sum += Math.exp(term - max);
    return max + Math.log(sum) - Math.log(this.mus.length);
  }
}

/** Smoothed category probabilities from observed category indices. */
export function categoricalProbabilities(observed: readonly number[], categories: number): number[] {
  const counts = new Array<number>(categories).fill(1);
  for (const index of observed) counts[index] = counts[index]! + 1;
  const total = observed.length + categories;
  return counts.map((c) => c / total);
}

/** A category index drawn with the given probabilities. */
export function drawCategory(probabilities: readonly number[], rng: Random): number {
  let u = rng.next();
  for (let i = 0; i < probabilities.length; i += 1) {
    u -= probabilities[i]!;
    if (u < 0) return i;
  }
  return probabilities.length - 1;
}
