/**
 * Wilder's directional movement state shared by PLUS_DI, MINUS_DI and ADX, with TA-Lib's schedule and
 * arithmetic order (so all three match TA-Lib bit for bit):
 *
 * - bar 0 only records high, low and close;
 * - bars 1..period−1 sum the one-bar +DM, −DM and true range;
 * - from bar `period` on, Wilder smoothing: `dm = dm − dm/period (+ today's dm)`,
 *   `tr = tr − tr/period + today's tr`.
 *
 * One-bar DM: with `up = high − prevHigh` and `down = prevLow − low`, −DM = down when down > 0 and
 * up < down; otherwise +DM = up when up > 0 and up > down; otherwise both are 0 (equal moves cancel).
 */
import { trueRange } from './price-math.js';

export class DirectionalMovement {
  readonly period: number;
  /** Bars pushed so far. */
  bars = 0;
  /** Smoothed (or, before bar `period`, summed) +DM, −DM and true range. */
  plusDM = 0;
  minusDM = 0;
  trueRange = 0;
  /** The latest bar's one-bar +DM and −DM (at most one is non-zero) and true range: what the period-1 DIs divide. */
  barPlusDM = 0;
  barMinusDM = 0;
  barTrueRange = 0;
  private prevHigh = 0;
  private prevLow = 0;
  private prevClose = 0;

  constructor(period: number) {
    this.period = period;
  }

  push(high: number, low: number, close: number): void {
    const bar = this.bars;
    this.bars = bar + 1;
    if (bar === 0) {
      this.prevHigh = high;
      this.prevLow = low;
      this.prevClose = close;
      return;
    }
    const up = high - this.prevHigh;
    const down = this.prevLow - low;
    const tr = trueRange(high, low, this.prevClose);
    this.prevHigh = high;
    this.prevLow = low;
    this.prevClose = close;
    // At most one is non-zero (up < down and up > down exclude each other); adding a 0 changes nothing.
    const minusDM = down > 0 && up < down ? down : 0;
    const plusDM = up > 0 && up > down ? up : 0;
    this.barPlusDM = plusDM;
    this.barMinusDM = minusDM;
    this.barTrueRange = tr;
    const period = this.period;
    if (bar < period) {
      this.minusDM += minusDM;
      this.plusDM += plusDM;
      this.trueRange += tr;
      return;
    }
    this.minusDM = this.minusDM - this.minusDM / period + minusDM;
    this.plusDM = this.plusDM - this.plusDM / period + plusDM;
    this.trueRange = this.trueRange - this.trueRange / period + tr;
  }

  reset(): void {
    this.bars = 0;
    this.plusDM = 0;
    this.minusDM = 0;
    this.trueRange = 0;
    this.barPlusDM = 0;
    this.barMinusDM = 0;
    this.barTrueRange = 0;
  }
}
