/** STDDEV: the population standard deviation, TA-Lib's TA_STDDEV. */
import { RealIndicator } from './internal/real-indicator.js';
import { deviationOf, RunningVariance } from './internal/running-variance.js';
import { checkFinite, checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkStdDevPeriod(period: number): number {
  return checkPeriod('STDDEV', 'period', period, 2);
}

/**
 * Population standard deviation of the last `period` values times `nbDev` (period 2…100000, default 5;
 * nbDev default 1), lookback `period − 1`. As in TA-Lib: from running sums of x and x², and exactly 0
 * when the variance is below 1e-14.
 */
export function stddev(close: Series, period = 5, nbDev = 1): Float64Array {
  checkStdDevPeriod(period);
  checkFinite('STDDEV', 'nbDev', nbDev);
  checkSeries('STDDEV', 'close', close);
  const n = close.length;
  const out = outputArray(n, period - 1);
  if (n < period) return out;
  let sum = 0;
  let sumOfSquares = 0;
  for (let i = 0; i < period - 1; i += 1) {
    const x = close[i]!;
    sum += x;
    sumOfSquares += x * x;
  }
  for (let i = period - 1, trailing = 0; i < n; i += 1, trailing += 1) {
    const x = close[i]!;
    sum += x;
    sumOfSquares += x * x;
    const mean = sum / period;
    const meanOfSquares = sumOfSquares / period;
    const oldest = close[trailing]!;
    sum -= oldest;
    sumOfSquares -= oldest * oldest;
    out[i] = deviationOf(meanOfSquares - mean * mean, nbDev);
  }
  return out;
}

/** Streaming STDDEV: `new StdDev(5, 1).update(x)`, the value of `stddev` at that index. */
export class StdDev extends RealIndicator {
  /** TA-Lib's TA_STDDEV_Lookback: `period − 1`. */
  static lookback(period = 5): number {
    return checkStdDevPeriod(period) - 1;
  }

  readonly period: number;
  readonly nbDev: number;
  readonly lookback: number;
  private readonly variance: RunningVariance;

  constructor(period = 5, nbDev = 1) {
    super();
    this.period = checkStdDevPeriod(period);
    this.nbDev = checkFinite('STDDEV', 'nbDev', nbDev);
    this.lookback = period - 1;
    this.variance = new RunningVariance(period);
  }

  update(x: number): number {
    this.fed += 1;
    const variance = this.variance.push(x);
    if (this.fed >= this.period) this.current = deviationOf(variance, this.nbDev);
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.variance.reset();
  }
}
