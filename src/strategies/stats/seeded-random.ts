/**
 * A small seeded generator for reproducible synthetic series (tests and examples): mulberry32 for
 * uniforms, Box–Muller for normals. Not for anything that needs cryptographic or high-grade randomness.
 */

export class SeededRandom {
  private state: number;
  private spare = Number.NaN;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal. */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const value = this.spare;
      this.spare = Number.NaN;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** x_t = φ·x_{t−1} + σ·ε_t from x_0 = start: a random walk when φ = 1. */
  ar1(length: number, phi: number, sigma = 1, start = 0): Float64Array {
    const out = new Float64Array(length);
    let x = start;
    for (let t = 0; t < length; t++) {
      x = phi * x + sigma * this.normal();
      out[t] = x;
    }
    return out;
  }
}
