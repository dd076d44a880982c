/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna), 32-bit state words, seeded through
 * splitmix32 so that nearby seeds (1, 2, 3 …) give unrelated streams. Deterministic across platforms
 * (only 32-bit integer arithmetic), allocation-free per draw. Not for cryptography.
 *
 * Used by the Monte Carlo bootstrap and by the optimizer's random search: the same seed must give the
 * same sequence forever, so the algorithm and seeding here are part of reproducibility — do not change
 * them without a note in the results' code version.
 */

import { QuantLabError } from '../../core/errors.js';

export interface Random {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n) for an integer n ≥ 1 (bias ≤ n / 2³², negligible for our sizes). */
  int(n: number): number;
}

const TWO_POW_32 = 4294967296;

/** splitmix32 step: turns a counter into a well-mixed 32-bit word. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A generator seeded by any finite number. Integer seeds up to 2⁵³ are used in full (low and high 32 bits
 * both feed the state); fractions are truncated.
 */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `Invalid random seed ${seed}: must be a finite number.`, {
      details: { seed },
    });
  }
  const whole = Math.trunc(seed);
  const lo = whole >>> 0;
  const hi = Math.floor(whole / TWO_POW_32) >>> 0;
  let s0 = splitmix32(lo);
  let s1 = splitmix32(s0 ^ hi);
  let s2 = splitmix32(s1 + 0x6a09e667);
  let s3 = splitmix32(s2 ^ 0xbb67ae85);
  // xoshiro's all-zero state is a fixed point; splitmix makes it near impossible, but be certain.
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  function nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  }

  return {
    next: () => nextUint32() / TWO_POW_32,
    int(n: number): number {
      if (!(n >= 1) || !Number.isInteger(n)) {
        throw new QuantLabError('QL_ERR_INVALID_INPUT', `Random int bound ${n} must be an integer ≥ 1.`, {
          details: { n },
        });
      }
      return Math.floor((nextUint32() / TWO_POW_32) * n);
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
