/**
 * Larry Williams' ultimate oscillator with TA-Lib semantics (`ULTOSC`).
 */
import { checkSameLength, HlcIndicator, runHlc } from './internal/bar-indicator.js';
import { trueRange } from './internal/price-math.js';
import { checkPeriod, isZero } from './internal/validate.js';
import type { Series } from './types.js';

/**
 * Ultimate oscillator, TA-Lib `ULTOSC(period1=7, period2=14, period3=28)` (periods >= 1). Per bar after
 * the first: buying pressure bp = close − min(low, prevClose) and true range tr. With the periods sorted
 * ascending into short <= medium <= long (TA-Lib sorts them, so the weights 4, 2, 1 always go to the
 * shortest, middle and longest window whatever the argument order) and A_p = Σbp / Σtr over the last
 * p bars: `ULTOSC = 100 · (4·A_short + 2·A_medium + A_long) / 7`, a term being left out when its Σtr is
 * below 1e-14 (TA_IS_ZERO). Lookback = the longest period.
 *
 * One deliberate difference: with all three periods 1, TA-Lib reports a value at bar 0 computed from
 * close[−1] (a read before the input array, undefined behaviour); we start at bar 1 (lookback 1).
 *
 * The window sums are running sums updated in TA-Lib's order (add today, report, drop the oldest), so
 * their rounding matches TA-Lib's.
 */
export function ultosc(
  high: Series,
  low: Series,
  close: Series,
  period1 = 7,
  period2 = 14,
  period3 = 28,
): Float64Array {
  const indicator = new UltOsc(period1, period2, period3);
  checkSameLength('ULTOSC', { high, low, close });
  return runHlc(indicator, high, low, close);
}

/** Streaming twin of {@link ultosc}: O(1) per bar, no allocation. */
export class UltOsc extends HlcIndicator {
  readonly lookback: number;
  /** The periods sorted ascending: short, medium, long. */
  readonly periods: readonly [number, number, number];
  /** Buying pressure and true range of the last `long` bars, by bar index modulo `long`. */
  private readonly pressure: Float64Array;
  private readonly range: Float64Array;
  private readonly pressureSum = new Float64Array(3);
  private readonly rangeSum = new Float64Array(3);
  private prevClose = 0;

  constructor(period1 = 7, period2 = 14, period3 = 28) {
    super();
    checkPeriod('ULTOSC', 'period1', period1, 1);
    checkPeriod('ULTOSC', 'period2', period2, 1);
    checkPeriod('ULTOSC', 'period3', period3, 1);
    const sorted = [period1, period2, period3].sort((a, b) => a - b);
    this.periods = [sorted[0]!, sorted[1]!, sorted[2]!];
    this.lookback = sorted[2]!;
    this.pressure = new Float64Array(this.lookback);
    this.range = new Float64Array(this.lookback);
  }

  update(high: number, low: number, close: number): number {
    const bar = this.fed;
    this.fed = bar + 1;
    const prevClose = this.prevClose;
    this.prevClose = close;
    if (bar === 0) return Number.NaN;
    const longest = this.lookback;
    const slot = bar % longest;
    const bp = close - (low < prevClose ? low : prevClose);
    const tr = trueRange(high, low, prevClose);
    this.pressure[slot] = bp;
    this.range[slot] = tr;
    const pressureSum = this.pressureSum;
    const rangeSum = this.rangeSum;
    for (let w = 0; w < 3; w += 1) {
      // TA-Lib primes each window with its last `period − 1` bars before the first output only.
      if (bar > longest - this.periods[w]!) {
        pressureSum[w] += bp;
        rangeSum[w] += tr;
      }
    }
    if (bar < longest) return Number.NaN;
    let output = 0.0;
    if (!isZero(rangeSum[0]!)) output += 4.0 * (pressureSum[0]! / rangeSum[0]!);
    if (!isZero(rangeSum[1]!)) output += 2.0 * (pressureSum[1]! / rangeSum[1]!);
    if (!isZero(rangeSum[2]!)) output += pressureSum[2]! / rangeSum[2]!;
    for (let w = 0; w < 3; w += 1) {
      const trailing = (bar - this.periods[w]! + 1) % longest;
      pressureSum[w] -= this.pressure[trailing]!;
      rangeSum[w] -= this.range[trailing]!;
    }
    this.current = 100.0 * (output / 7.0);
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.pressureSum.fill(0);
    this.rangeSum.fill(0);
    this.prevClose = 0;
  }
}
