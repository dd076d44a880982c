/** BBANDS: Bollinger bands, TA-Lib's TA_BBANDS. */
import { RealIndicator } from './internal/real-indicator.js';
import { deviationOf, RunningVariance } from './internal/running-variance.js';
import { BAND_OUTPUTS } from './internal/streaming-base.js';
import { checkFinite, checkPeriod, checkSeries, outputArray, TA_EPSILON } from './internal/validate.js';
import { createMovingAverage, type MovingAverage, ma, maLookback } from './ma.js';
import { MAType, type MATypeLike, resolveMAType } from './ma-type.js';
import type { Series } from './types.js';

export interface BBandsResult {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

interface BBandsParams {
  period: number;
  nbDevUp: number;
  nbDevDn: number;
  maType: MAType;
}

function checkBBands(period: number, nbDevUp: number, nbDevDn: number, maType: MATypeLike): BBandsParams {
  checkPeriod('BBANDS', 'period', period, 2);
  checkFinite('BBANDS', 'nbDevUp', nbDevUp);
  checkFinite('BBANDS', 'nbDevDn', nbDevDn);
  const type = resolveMAType(maType, 'BBANDS');
  maLookback(period, type, 'BBANDS'); // rejects MAMA
  return { period, nbDevUp, nbDevDn, maType: type };
}

/**
 * Bollinger bands (period 2…100000, default 20; nbDevUp/nbDevDn default 2; maType default SMA):
 * middle = MA(period, maType), upper/lower = middle ± nbDev·σ, σ the population standard deviation of the
 * last `period` values (TA-Lib's STDDEV: about their own mean, whatever the MA type; 0 below a variance of
 * 1e-14). Lookback `maLookback(period, maType)`.
 */
export function bbands(
  close: Series,
  period = 20,
  nbDevUp = 2,
  nbDevDn = 2,
  maType: MATypeLike = MAType.SMA,
): BBandsResult {
  const params = checkBBands(period, nbDevUp, nbDevDn, maType);
  checkSeries('BBANDS', 'close', close);
  const n = close.length;
  const lookback = maLookback(period, params.maType);
  // For SMA the middle band is the deviation's own running mean (bit for bit TA-Lib's SMA).
  const average = params.maType === MAType.SMA ? undefined : ma(close, period, params.maType);
  const upper = outputArray(n, lookback);
  const middle = average ?? outputArray(n, lookback);
  const lower = outputArray(n, lookback);
  // TA-Lib starts the deviation's running sums period − 1 bars before the first band.
  const start = lookback - (period - 1);
  let sum = 0;
  let sumOfSquares = 0;
  for (let i = start; i < Math.min(lookback, n); i += 1) {
    const x = close[i]!;
    sum += x;
    sumOfSquares += x * x;
  }
  // Two copies of the loop, so that the common SMA case has no per-value branch on the MA type.
  if (average === undefined) {
    for (let i = lookback, trailing = start; i < n; i += 1, trailing += 1) {
      const x = close[i]!;
      sum += x;
      sumOfSquares += x * x;
      const mean = sum / period;
      const meanOfSquares = sumOfSquares / period;
      const oldest = close[trailing]!;
      sum -= oldest;
      sumOfSquares -= oldest * oldest;
      const variance = meanOfSquares - mean * mean;
      const deviation = variance < TA_EPSILON ? 0.0 : Math.sqrt(variance);
      middle[i] = mean;
      upper[i] = mean + deviation * nbDevUp;
      lower[i] = mean - deviation * nbDevDn;
    }
    return { upper, middle, lower };
  }
  for (let i = lookback, trailing = start; i < n; i += 1, trailing += 1) {
    const x = close[i]!;
    sum += x;
    sumOfSquares += x * x;
    const mean = sum / period;
    const meanOfSquares = sumOfSquares / period;
    const oldest = close[trailing]!;
    sum -= oldest;
    sumOfSquares -= oldest * oldest;
    const deviation = deviationOf(meanOfSquares - mean * mean);
    const mid = average[i]!;
    upper[i] = mid + deviation * nbDevUp;
    lower[i] = mid - deviation * nbDevDn;
  }
  return { upper, middle, lower };
}

/**
 * Streaming BBANDS: `new BBANDS(20, 2, 2).update(x)` returns the upper band (outputs in TA-Lib's order:
 * upper, middle, lower) and the getters give all three.
 */
export class BBANDS extends RealIndicator {
  /** TA-Lib's TA_BBANDS_Lookback: the middle band's MA lookback. */
  static lookback(period = 20, maType: MATypeLike = MAType.SMA): number {
    checkPeriod('BBANDS', 'period', period, 2);
    return maLookback(period, maType, 'BBANDS');
  }

  readonly period: number;
  readonly nbDevUp: number;
  readonly nbDevDn: number;
  readonly maType: MAType;
  readonly lookback: number;
  /** The middle band for non-SMA types (for SMA it is the variance's own mean, bit for bit the same). */
  private readonly average: MovingAverage | undefined;
  private readonly variance: RunningVariance;
  /** TA-Lib starts the deviation's running sums `period − 1` bars before the first band. */
  private readonly varianceStart: number;
  private middleBand = Number.NaN;
  private lowerBand = Number.NaN;

  constructor(period = 20, nbDevUp = 2, nbDevDn = 2, maType: MATypeLike = MAType.SMA) {
    super();
    const params = checkBBands(period, nbDevUp, nbDevDn, maType);
    this.period = period;
    this.nbDevUp = nbDevUp;
    this.nbDevDn = nbDevDn;
    this.maType = params.maType;
    this.lookback = maLookback(period, params.maType);
    this.average = params.maType === MAType.SMA ? undefined : createMovingAverage(period, params.maType);
    this.variance = new RunningVariance(period);
    this.varianceStart = this.lookback - (period - 1);
  }

  override get outputs(): readonly string[] {
    return BAND_OUTPUTS;
  }

  get upper(): number {
    return this.current;
  }

  get middle(): number {
    return this.middleBand;
  }

  get lower(): number {
    return this.lowerBand;
  }

  protected override outputAt(index: number): number {
    return index === 0 ? this.current : index === 1 ? this.middleBand : this.lowerBand;
  }

  update(x: number): number {
    const index = this.fed;
    this.fed += 1;
    const middle = this.average === undefined ? Number.NaN : this.average.update(x);
    if (index >= this.varianceStart) this.variance.push(x);
    if (index < this.lookback) return this.current;
    const deviation = deviationOf(this.variance.value);
    this.middleBand = this.average === undefined ? this.variance.mean : middle;
    this.current = this.middleBand + deviation * this.nbDevUp;
    this.lowerBand = this.middleBand - deviation * this.nbDevDn;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.average?.reset();
    this.variance.reset();
    this.middleBand = Number.NaN;
    this.lowerBand = Number.NaN;
  }
}
