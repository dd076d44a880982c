/**
 * Wilder's parabolic stop-and-reverse with TA-Lib semantics (`SAR`).
 */
import { checkSameLength, HlIndicator, runHl } from './internal/bar-indicator.js';
import { checkNonNegative } from './internal/validate.js';
import type { Series } from './types.js';

/**
 * Parabolic SAR, TA-Lib `SAR(acceleration=0.02, maximum=0.2)` (both >= 0; an acceleration above the
 * maximum is lowered to it). Lookback 1. TA-Lib's bootstrap, kept exactly:
 *
 * - the initial direction comes from bars 0 and 1: short when bar 1's −DM (`low0 − low1`, when positive
 *   and larger than `high1 − high0`) is positive, long otherwise (ties are long);
 * - the first SAR is bar 0's low (long) or high (short) and the extreme point bar 1's high (low);
 * - then per bar: on penetration (`low <= sar` when long, `high >= sar` when short) the position
 *   reverses, the SAR becomes the extreme point clipped to the last two bars' range, and that value is
 *   reported; otherwise the SAR carried from the previous bar is reported, the extreme point and the
 *   acceleration factor (+acceleration, capped at maximum) advance, and the next SAR
 *   `sar + af · (ep − sar)` is clipped so it never enters the last two bars' range.
 */
export function sar(high: Series, low: Series, acceleration = 0.02, maximum = 0.2): Float64Array {
  const indicator = new SAR(acceleration, maximum);
  checkSameLength('SAR', { high, low });
  return runHl(indicator, high, low);
}

/** Streaming twin of {@link sar}: O(1) per bar, no allocation. */
export class SAR extends HlIndicator {
  readonly lookback = 1;
  readonly acceleration: number;
  readonly maximum: number;
  private isLong = true;
  private af = 0;
  private ep = 0;
  private sar = 0;
  private prevHigh = 0;
  private prevLow = 0;

  constructor(acceleration = 0.02, maximum = 0.2) {
    super();
    checkNonNegative('SAR', 'acceleration', acceleration);
    this.maximum = checkNonNegative('SAR', 'maximum', maximum);
    this.acceleration = acceleration > maximum ? maximum : acceleration;
  }

  /** True while the position is long (the SAR trails below the price). */
  get long(): boolean {
    return this.isLong;
  }

  update(high: number, low: number): number {
    const bar = this.fed;
    this.fed = bar + 1;
    if (bar === 0) {
      this.prevHigh = high;
      this.prevLow = low;
      return Number.NaN;
    }
    let prevHigh = this.prevHigh;
    let prevLow = this.prevLow;
    if (bar === 1) {
      const up = high - prevHigh;
      const down = prevLow - low;
      this.isLong = !(down > 0 && up < down);
      this.af = this.acceleration;
      this.ep = this.isLong ? high : low;
      this.sar = this.isLong ? prevLow : prevHigh;
      // TA-Lib's first iteration uses bar 1 as its own "previous" bar.
      prevHigh = high;
      prevLow = low;
    }
    this.prevHigh = high;
    this.prevLow = low;
    let sar = this.sar;
    if (this.isLong) {
      if (low <= sar) {
        this.isLong = false;
        sar = this.ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
        this.current = sar;
        this.af = this.acceleration;
        this.ep = low;
        sar = sar + this.af * (this.ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
      } else {
        this.current = sar;
        if (high > this.ep) {
          this.ep = high;
          this.af += this.acceleration;
          if (this.af > this.maximum) this.af = this.maximum;
        }
        sar = sar + this.af * (this.ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > low) sar = low;
      }
    } else if (high >= sar) {
      this.isLong = true;
      sar = this.ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
      this.current = sar;
      this.af = this.acceleration;
      this.ep = high;
      sar = sar + this.af * (this.ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
    } else {
      this.current = sar;
      if (low < this.ep) {
        this.ep = low;
        this.af += this.acceleration;
        if (this.af > this.maximum) this.af = this.maximum;
      }
      sar = sar + this.af * (this.ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < high) sar = high;
    }
    this.sar = sar;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.isLong = true;
    this.af = 0;
    this.ep = 0;
    this.sar = 0;
    this.prevHigh = 0;
    this.prevLow = 0;
  }
}
