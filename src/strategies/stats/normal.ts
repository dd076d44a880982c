/**
 * The standard normal distribution function, to double precision.
 *
 * MacKinnon's p-values are Φ of a polynomial in the test statistic, and the interesting ones are small
 * (1 % and below), so the approximation must be accurate in relative terms far into the left tail. This is
 * Hart's (1968) algorithm 5666 as given by G. West, "Better approximations to cumulative normal
 * functions" (Wilmott, 2005): a rational function below 7.07 and a continued fraction beyond: absolute error
 * below 1e-15, relative error below 1e-8 out to x = −10 (checked against scipy.stats.norm.cdf).
 */

const SQRT_2PI = 2.5066282746310002;

/** Φ(x) = P(Z ≤ x) for Z ~ N(0, 1). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) {
    tail = 0;
  } else {
    const density = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let num = 3.52624965998911e-2 * z + 0.700383064443688;
      num = num * z + 6.37396220353165;
      num = num * z + 33.912866078383;
      num = num * z + 112.079291497871;
      num = num * z + 221.213596169931;
      num = num * z + 220.206867912376;
      let den = 8.83883476483184e-2 * z + 1.75566716318264;
      den = den * z + 16.064177579207;
      den = den * z + 86.7807322029461;
      den = den * z + 296.564248779674;
      den = den * z + 637.333633378831;
      den = den * z + 793.826512519948;
      den = den * z + 440.413735824752;
      tail = (density * num) / den;
    } else {
      let frac = z + 0.65;
      frac = z + 4 / frac;
      frac = z + 3 / frac;
      frac = z + 2 / frac;
      frac = z + 1 / frac;
      tail = density / frac / SQRT_2PI;
    }
  }
  return x > 0 ? 1 - tail : tail;
}
