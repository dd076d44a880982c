/** CMO: Chande momentum oscillator, TA-Lib's TA_CMO. */
import {
  combineGainLoss,
  fillGainLossOscillator,
  GainLossAverages,
  GainLossOutput,
} from './internal/gain-loss.js';
import { RealIndicator } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkCmoPeriod(period: number): number {
  return checkPeriod('CMO', 'period', period, 2);
}

/**
 * Chande momentum oscillator 100·(avgGain − avgLoss) / (avgGain + avgLoss) (period 2…100000, default
 * 14), lookback `period`. TA-Lib computes it with RSI's Wilder-smoothed averages (not Chande's plain
 * sums), seeded with the plain means of the first `period` changes; 0 when the sum is below 1e-14.
 */
export function cmo(close: Series, period = 14): Float64Array {
  checkCmoPeriod(period);
  checkSeries('CMO', 'close', close);
  const out = outputArray(close.length, period);
  fillGainLossOscillator(close, period, GainLossOutput.Cmo, out);
  return out;
}

/** Streaming CMO: `new CMO(14).update(x)`, the value of `cmo` at that index. */
export class CMO extends RealIndicator {
  /** TA-Lib's TA_CMO_Lookback: `period`. */
  static lookback(period = 14): number {
    return checkCmoPeriod(period);
  }

  readonly period: number;
  readonly lookback: number;
  private readonly averages: GainLossAverages;
  private current = Number.NaN;

  constructor(period = 14) {
    super();
    this.period = checkCmoPeriod(period);
    this.lookback = period;
    this.averages = new GainLossAverages(period);
  }

  get value(): number {
    return this.current;
  }

  update(x: number): number {
    this.fed += 1;
    if (this.averages.push(x)) {
      this.current = combineGainLoss(GainLossOutput.Cmo, this.averages.gain, this.averages.loss);
    }
    return this.current;
  }

  reset(): void {
    this.fed = 0;
    this.averages.reset();
    this.current = Number.NaN;
  }
}
