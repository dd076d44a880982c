/**
 * Standard normal helpers: density, inverse CDF (Acklam's rational approximation, relative error
 * < 1.15e-9 over the whole open interval) and a seeded Box–Muller sampler.
 */
import { seededRandom } from '../../core/random.js';
import { invalid } from './validate.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** φ(x), the standard normal density. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * erfc(t) for t ≥ 0: for t < 2.5 as 1 − erf(t) with the all-positive series
 * erf(t) = 2/√π · e^(−t²) · Σ 2ⁿ t^(2n+1) / (1·3·…·(2n+1)); beyond, the continued fraction
 * erfc(t) = e^(−t²)/√π · 1/(t + (1/2)/(t + 1/(t + (3/2)/(t + …)))). Close to double precision.
 */
function erfcNonNegative(t: number): number {
  if (t < 2.5) {
    let term = t;
    let sum = t;
    for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
      term *= (2 * t * t) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-t * t) * sum;
  }
  let f = t;
  for (let n = 120; n >= 1; n--) f = t + n / 2 / f;
  return Math.exp(-t * t) / Math.sqrt(Math.PI) / f;
}

/** Φ(x), the standard normal CDF (accurate in relative terms in the lower tail). */
export function normalCdf(x: number): number {
  return x < 0 ? 0.5 * erfcNonNegative(-x / Math.SQRT2) : 1 - 0.5 * erfcNonNegative(x / Math.SQRT2);
}

/**
 * Φ⁻¹(p) for p in (0, 1): Acklam's approximation (relative error < 1.15e-9) refined by one Halley step
 * against `normalCdf`, to close to double precision. Throws QL_ERR_INVALID_INPUT outside (0, 1).
 */
export function inverseNormalCdf(p: number): number {
  if (!(Number.isFinite(p) && p > 0 && p < 1)) {
    throw invalid(`probability must be strictly between 0 and 1, got ${p}`, { p });
  }
  if (p === 0.5) return 0;
  if (p > 0.5) return -inverseNormalCdf(1 - p); // 1 − p is exact here; refine in the lower tail
  const x = acklam(p);
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1)
    );
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    return -(
      (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1)
  );
}

/**
 * A seeded generator of independent standard normals: Box–Muller over `seededRandom(seed)`, using both
 * values of each pair. Same seed, same sequence.
 */
export function normalSampler(seed: number): () => number {
  const uniform = seededRandom(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u1 = 1 - uniform(); // (0, 1]: log is finite
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
