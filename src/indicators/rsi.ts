/** RSI: Wilder's relative strength index, TA-Lib's TA_RSI. */
import {
  combineGainLoss,
  fillGainLossOscillator,
  GainLossAverages,
  GainLossOutput,
} from './internal/gain-loss.js';
import { RealIndicator } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkRsiPeriod(period: number): number {
  return checkPeriod('RSI', 'period', period, 2);
}

/**
 * Relative strength index 100·avgGain / (avgGain + avgLoss) (period 2…100000, default 14), lookback
 * `period`. Wilder smoothing seeded as TA-Lib does: the first averages are the plain means of the first
 * `period` changes. TA-Lib quirk kept: 0 (not 50) when avgGain + avgLoss is below 1e-14.
 */
export function rsi(close: Series, period = 14): Float64Array {
  checkRsiPeriod(period);
  checkSeries('RSI', 'close', close);
  const out = outputArray(close.length, period);
  fillGainLossOscillator(close, period, GainLossOutput.Rsi, out);
  return out;
}

/** Streaming RSI: `new RSI(14).update(x)`, the value of `rsi` at that index. */
export class RSI extends RealIndicator {
  /** TA-Lib's TA_RSI_Lookback: `period`. */
  static lookback(period = 14): number {
    return checkRsiPeriod(period);
  }

  readonly period: number;
  readonly lookback: number;
  private readonly averages: GainLossAverages;
  private current = Number.NaN;

  constructor(period = 14) {
    super();
    this.period = checkRsiPeriod(period);
    this.lookback = period;
    this.averages = new GainLossAverages(period);
  }

  get value(): number {
    return this.current;
  }

  update(x: number): number {
    this.fed += 1;
    if (this.averages.push(x)) {
      this.current = combineGainLoss(GainLossOutput.Rsi, this.averages.gain, this.averages.loss);
    }
    return this.current;
  }

  reset(): void {
    this.fed = 0;
    this.averages.reset();
    this.current = Number.NaN;
  }
}
