/** T3: Tillson's T3 moving average, TA-Lib's TA_T3. */
import { RealIndicator, runReal } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, invalid, shown } from './internal/validate.js';
import type { Series } from './types.js';

const STAGES = 6;

function checkT3Period(period: number): number {
  return checkPeriod('T3', 'period', period, 2);
}

function checkVFactor(vFactor: number): number {
  if (typeof vFactor !== 'number' || !(vFactor >= 0 && vFactor <= 1)) {
    invalid('T3', `vFactor must be a number in [0, 1], got ${shown(vFactor)}`, {
      param: 'vFactor',
      value: vFactor,
    });
  }
  return vFactor;
}

/**
 * Tillson T3 (period 2…100000, default 5; vFactor 0…1, default 0.7), lookback `6·(period − 1)`: six
 * chained EMAs e1…e6 (each `k·x + (1 − k)·e`, seeded with the SMA of its first `period` inputs, as TA-Lib
 * writes them), combined as c1·e6 + c2·e5 + c3·e4 + c4·e3 with Tillson's vFactor coefficients.
 */
export function t3(close: Series, period = 5, vFactor = 0.7): Float64Array {
  checkSeries('T3', 'close', close);
  return runReal(new T3(period, vFactor), close);
}

/** Streaming T3: `new T3(5, 0.7).update(x)`, the value of `t3` at that index. */
export class T3 extends RealIndicator {
  /** TA-Lib's TA_T3_Lookback: `6·(period − 1)`. */
  static lookback(period = 5): number {
    return STAGES * (checkT3Period(period) - 1);
  }

  readonly period: number;
  readonly vFactor: number;
  readonly lookback: number;
  private readonly k: number;
  private readonly oneMinusK: number;
  private readonly c1: number;
  private readonly c2: number;
  private readonly c3: number;
  private readonly c4: number;
  /** Per stage: the EMA value, and while seeding the inputs seen and their sum. */
  private readonly e = new Float64Array(STAGES);
  private readonly seen = new Int32Array(STAGES);
  private readonly sums = new Float64Array(STAGES);

  constructor(period = 5, vFactor = 0.7) {
    super();
    this.period = checkT3Period(period);
    this.vFactor = checkVFactor(vFactor);
    this.lookback = STAGES * (period - 1);
    this.k = 2.0 / (period + 1.0);
    this.oneMinusK = 1.0 - this.k;
    const squared = vFactor * vFactor;
    this.c1 = -(squared * vFactor);
    this.c2 = 3.0 * (squared - this.c1);
    this.c3 = -6.0 * squared - 3.0 * (vFactor - this.c1);
    this.c4 = 1.0 + 3.0 * vFactor - this.c1 + 3.0 * squared;
  }

  update(x: number): number {
    this.fed += 1;
    const { e, seen, sums, period, k, oneMinusK } = this;
    if (this.fed > this.lookback + 1) {
      // Every stage is seeded: the same recursion as below, unrolled.
      e[0] = k * x + oneMinusK * e[0]!;
      e[1] = k * e[0]! + oneMinusK * e[1]!;
      e[2] = k * e[1]! + oneMinusK * e[2]!;
      e[3] = k * e[2]! + oneMinusK * e[3]!;
      e[4] = k * e[3]! + oneMinusK * e[4]!;
      e[5] = k * e[4]! + oneMinusK * e[5]!;
      this.current = this.c1 * e[5]! + this.c2 * e[4]! + this.c3 * e[3]! + this.c4 * e[2]!;
      return this.current;
    }
    let input = x;
    for (let stage = 0; stage < STAGES; stage += 1) {
      if (seen[stage]! < period) {
        seen[stage]! += 1;
        sums[stage]! += input;
        if (seen[stage]! < period) return this.current;
        e[stage] = sums[stage]! / period;
      } else {
        e[stage] = k * input + oneMinusK * e[stage]!;
      }
      input = e[stage]!;
    }
    this.current = this.c1 * e[5]! + this.c2 * e[4]! + this.c3 * e[3]! + this.c4 * e[2]!;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.e.fill(0);
    this.seen.fill(0);
    this.sums.fill(0);
  }
}
