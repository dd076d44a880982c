/** EMA: the exponential moving average, TA-Lib's TA_EMA. */
import { EmaState, emaInto } from './internal/averages.js';
import { RealIndicator } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkEmaPeriod(period: number): number {
  return checkPeriod('EMA', 'period', period, 2);
}

/**
 * Exponential moving average with k = 2 / (period + 1) (period 2…100000, default 30). Lookback
 * `period - 1`: TA-Lib seeds it with the SMA of the first `period` values, then
 * `ema = ((x - ema) * k) + ema`.
 */
export function ema(close: Series, period = 30): Float64Array {
  checkEmaPeriod(period);
  checkSeries('EMA', 'close', close);
  const out = outputArray(close.length, period - 1);
  emaInto(close, 0, period, out);
  return out;
}

/** Streaming EMA: `new EMA(30).update(x)`, the value of `ema` at that index. */
export class EMA extends RealIndicator {
  /** TA-Lib's TA_EMA_Lookback: `period - 1`. */
  static lookback(period = 30): number {
    return checkEmaPeriod(period) - 1;
  }

  readonly period: number;
  readonly lookback: number;
  private readonly state: EmaState;

  constructor(period = 30) {
    super();
    this.period = checkEmaPeriod(period);
    this.lookback = period - 1;
    this.state = new EmaState(period);
  }

  update(x: number): number {
    this.fed += 1;
    this.current = this.state.push(x);
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.state.reset();
  }
}
