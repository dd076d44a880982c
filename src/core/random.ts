/**
 * mulberry32: a tiny, fast, seedable generator of uniform numbers in [0, 1). Deterministic code (the
 * kernel's execution algorithms, the simulator's random walk, synthetic test data) draws from it so the
 * same seed always gives the same run. Not for cryptography; for statistics (bootstraps) use
 * `createRandom` in src/backtest/metrics, which has a far longer period.
 */
export function seededRandom(seed: number): () => number {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit seed from text (FNV-1a over the UTF-16 code units): stable across platforms and releases. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
