/** RSI: Wilder's relative strength index, TA-Lib's TA_RSI. */
import { fillGainLossOscillator, GainLossOscillator, GainLossOutput } from './internal/gain-loss.js';
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
export class RSI extends GainLossOscillator {
  /** TA-Lib's TA_RSI_Lookback: `period`. */
  static lookback(period = 14): number {
    return checkRsiPeriod(period);
  }

  constructor(period = 14) {
    super(GainLossOutput.Rsi, checkRsiPeriod(period));
  }
}
