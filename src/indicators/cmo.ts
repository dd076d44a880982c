/** CMO: Chande momentum oscillator, TA-Lib's TA_CMO. */
import { fillGainLossOscillator, GainLossOscillator, GainLossOutput } from './internal/gain-loss.js';
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
export class CMO extends GainLossOscillator {
  /** TA-Lib's TA_CMO_Lookback: `period`. */
  static lookback(period = 14): number {
    return checkCmoPeriod(period);
  }

  constructor(period = 14) {
    super(GainLossOutput.Cmo, checkCmoPeriod(period));
  }
}
