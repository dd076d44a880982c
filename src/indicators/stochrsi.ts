/** STOCHRSI: Chande and Kroll's stochastic RSI, TA-Lib's TA_STOCHRSI. */
import {
  combineGainLoss,
  fillGainLossOscillator,
  GainLossAverages,
  GainLossOutput,
} from './internal/gain-loss.js';
import { RealIndicator } from './internal/real-indicator.js';
import { RollingExtreme } from './internal/rolling-extreme.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import { createMovingAverage, type MovingAverage, ma, maLookback } from './ma.js';
import { MAType, type MATypeLike, resolveMAType } from './ma-type.js';
import type { Series } from './types.js';

export interface StochRsiResult {
  k: Float64Array;
  d: Float64Array;
}

const STOCHRSI_OUTPUTS: readonly string[] = Object.freeze(['k', 'd']);

function checkStochRsi(period: number, fastKPeriod: number, fastDPeriod: number, maType: MATypeLike): MAType {
  checkPeriod('STOCHRSI', 'period', period, 2);
  checkPeriod('STOCHRSI', 'fastKPeriod', fastKPeriod, 1);
  checkPeriod('STOCHRSI', 'fastDPeriod', fastDPeriod, 1);
  const type = resolveMAType(maType, 'STOCHRSI');
  maLookback(fastDPeriod, type, 'STOCHRSI'); // rejects MAMA (except for period 1, the input itself)
  return type;
}

/**
 * Stochastic RSI, TA-Lib's STOCHRSI = fast stochastic of the RSI (period 14, fastK 5, fastD 3, fastD MA
 * type SMA): k = 100·(rsi − lowest) / (highest − lowest) over the last `fastKPeriod` RSI values (0 when
 * they are all equal), d = MA(fastDPeriod, maType) of k. Both start at lookback
 * `period + (fastKPeriod − 1) + maLookback(fastDPeriod, maType)`. Computed as TA-Lib's STOCHF does:
 * (rsi − lowest) / ((highest − lowest) / 100).
 */
export function stochrsi(
  close: Series,
  period = 14,
  fastKPeriod = 5,
  fastDPeriod = 3,
  fastDMAType: MATypeLike = MAType.SMA,
): StochRsiResult {
  const type = checkStochRsi(period, fastKPeriod, fastDPeriod, fastDMAType);
  checkSeries('STOCHRSI', 'close', close);
  const n = close.length;
  const kStart = period + fastKPeriod - 1;
  const lookback = kStart + maLookback(fastDPeriod, type);
  const rsiValues = new Float64Array(n);
  fillGainLossOscillator(close, period, GainLossOutput.Rsi, rsiValues);
  // The window's extremes as TA-Lib's STOCHF tracks them: kept until they leave the window, then
  // re-scanned. (The streaming twin uses monotonic deques; both yield the exact max and min.)
  const k = outputArray(n, lookback);
  let highestAt = -1;
  let lowestAt = -1;
  let highest = 0;
  let lowest = 0;
  for (let i = kStart; i < n; i += 1) {
    const trailing = i - fastKPeriod + 1;
    const value = rsiValues[i]!;
    if (lowestAt < trailing) {
      lowestAt = trailing;
      lowest = rsiValues[trailing]!;
      for (let j = trailing + 1; j <= i; j += 1) {
        if (rsiValues[j]! < lowest) {
          lowestAt = j;
          lowest = rsiValues[j]!;
        }
      }
    } else if (value <= lowest) {
      lowestAt = i;
      lowest = value;
    }
    if (highestAt < trailing) {
      highestAt = trailing;
      highest = rsiValues[trailing]!;
      for (let j = trailing + 1; j <= i; j += 1) {
        if (rsiValues[j]! > highest) {
          highestAt = j;
          highest = rsiValues[j]!;
        }
      }
    } else if (value >= highest) {
      highestAt = i;
      highest = value;
    }
    k[i] = stochasticK(value, highest, lowest);
  }
  const smoothed = ma(k.subarray(Math.min(kStart, n)), fastDPeriod, type);
  const d = outputArray(n, lookback);
  for (let i = lookback; i < n; i += 1) d[i] = smoothed[i - kStart]!;
  k.fill(Number.NaN, 0, Math.min(lookback, n));
  return { k, d };
}

/** TA-Lib's fast %K: (value − lowest) / ((highest − lowest) / 100), 0 when the window is flat. */
function stochasticK(value: number, highest: number, lowest: number): number {
  const diff = (highest - lowest) / 100.0;
  return diff !== 0.0 ? (value - lowest) / diff : 0.0;
}

/** Streaming STOCHRSI: `new StochRSI(14, 5, 3).update(x)` returns k; `.k .d` give both. */
export class StochRSI extends RealIndicator {
  /** TA-Lib's TA_STOCHRSI_Lookback: `period + (fastKPeriod − 1) + maLookback(fastDPeriod, maType)`. */
  static lookback(
    period = 14,
    fastKPeriod = 5,
    fastDPeriod = 3,
    fastDMAType: MATypeLike = MAType.SMA,
  ): number {
    const type = checkStochRsi(period, fastKPeriod, fastDPeriod, fastDMAType);
    return period + fastKPeriod - 1 + maLookback(fastDPeriod, type);
  }

  readonly period: number;
  readonly fastKPeriod: number;
  readonly fastDPeriod: number;
  readonly fastDMAType: MAType;
  readonly lookback: number;
  private readonly averages: GainLossAverages;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  private readonly smoothing: MovingAverage;
  private dValue = Number.NaN;

  constructor(period = 14, fastKPeriod = 5, fastDPeriod = 3, fastDMAType: MATypeLike = MAType.SMA) {
    super();
    this.fastDMAType = checkStochRsi(period, fastKPeriod, fastDPeriod, fastDMAType);
    this.period = period;
    this.fastKPeriod = fastKPeriod;
    this.fastDPeriod = fastDPeriod;
    this.lookback = period + fastKPeriod - 1 + maLookback(fastDPeriod, this.fastDMAType);
    this.averages = new GainLossAverages(period);
    this.highest = new RollingExtreme(fastKPeriod, 'max');
    this.lowest = new RollingExtreme(fastKPeriod, 'min');
    this.smoothing = createMovingAverage(fastDPeriod, this.fastDMAType);
  }

  override get outputs(): readonly string[] {
    return STOCHRSI_OUTPUTS;
  }

  get k(): number {
    return this.current;
  }

  get d(): number {
    return this.dValue;
  }

  protected override outputAt(index: number): number {
    return index === 0 ? this.current : this.dValue;
  }

  update(x: number): number {
    const index = this.fed;
    this.fed += 1;
    if (!this.averages.push(x)) return this.current;
    const rsi = combineGainLoss(GainLossOutput.Rsi, this.averages.gain, this.averages.loss);
    const rsiIndex = index - this.period;
    this.highest.push(rsiIndex, rsi);
    this.lowest.push(rsiIndex, rsi);
    if (rsiIndex < this.fastKPeriod - 1) return this.current;
    const k = stochasticK(rsi, this.highest.value, this.lowest.value);
    const d = this.smoothing.update(k);
    if (index < this.lookback) return this.current;
    this.current = k;
    this.dValue = d;
    return k;
  }

  override reset(): void {
    super.reset();
    this.averages.reset();
    this.highest.reset();
    this.lowest.reset();
    this.smoothing.reset();
    this.dValue = Number.NaN;
  }
}
