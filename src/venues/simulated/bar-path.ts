/**
 * The intrabar path of one bar, as the fill model assumes it: open → the nearer extreme → the farther
 * extreme → close (ties between high and low go to the high first). The path is three monotone segments;
 * a point on it is a *path position* in [0, 3]: segment index + fraction along the segment. Position 0 is
 * the open, 3 the close. Every trigger (limit touch, stop, trailing stop, liquidation) is mapped to the
 * first position where the path reaches its price, and events are processed in position order.
 *
 * One instance is reused for every bar (set() overwrites it): nothing is allocated per bar.
 */

export class BarPath {
  ts = 0;
  closeTs = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  /** Corner prices: p0 = open, p1 = nearer extreme, p2 = farther extreme, p3 = close. */
  p0 = 0;
  p1 = 0;
  p2 = 0;
  p3 = 0;
  /** Lowest and highest corner (equal to low/high for well-formed bars; robust to bad data). */
  min = 0;
  max = 0;

  set(
    ts: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    closeTs: number,
  ): void {
    this.ts = ts;
    this.closeTs = closeTs;
    this.open = open;
    this.high = high;
    this.low = low;
    this.close = close;
    this.volume = volume;
    this.p0 = open;
    // The nearer extreme is visited first; a tie goes to the high.
    const highFirst = high - open <= open - low;
    this.p1 = highFirst ? high : low;
    this.p2 = highFirst ? low : high;
    this.p3 = close;
    this.min = Math.min(open, high, low, close);
    this.max = Math.max(open, high, low, close);
  }

  /** Corner k (0..3). */
  corner(k: number): number {
    return k === 0 ? this.p0 : k === 1 ? this.p1 : k === 2 ? this.p2 : this.p3;
  }

  /** Price at path position `pos` (exact at the corners). */
  priceAt(pos: number): number {
    if (pos >= 3) return this.p3;
    const s = Math.floor(pos);
    const a = this.corner(s);
    const f = pos - s;
    return f === 0 ? a : a + (this.corner(s + 1) - a) * f;
  }

  /**
   * Event time of a path position: ts + floor(pos / 3 × (closeTs − ts)), with a micro-millisecond of slack
   * so float noise in the position (2.8 stored as 2.7999…) does not drop a whole millisecond.
   */
  timeAt(pos: number): number {
    return this.ts + Math.floor((pos * (this.closeTs - this.ts)) / 3 + 1e-6);
  }

  /** First position ≥ `from` where the path is at or below `x`; Infinity when it never gets there. */
  firstAtOrBelow(x: number, from: number): number {
    if (x < this.min) return Number.POSITIVE_INFINITY;
    if (this.priceAt(from) <= x) return from;
    for (let s = Math.floor(from); s < 3; s++) {
      const b = this.corner(s + 1);
      if (b <= x) {
        // The segment falls from a (> x, or we would have stopped earlier) to b (≤ x).
        const a = this.corner(s);
        return Math.max(from, s + (a - x) / (a - b));
      }
    }
    return Number.POSITIVE_INFINITY;
  }

  /** First position ≥ `from` where the path is at or above `x`; Infinity when it never gets there. */
  firstAtOrAbove(x: number, from: number): number {
    if (x > this.max) return Number.POSITIVE_INFINITY;
    if (this.priceAt(from) >= x) return from;
    for (let s = Math.floor(from); s < 3; s++) {
      const b = this.corner(s + 1);
      if (b >= x) {
        const a = this.corner(s);
        return Math.max(from, s + (x - a) / (b - a));
      }
    }
    return Number.POSITIVE_INFINITY;
  }
}
