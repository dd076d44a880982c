/** SMA: the simple moving average, TA-Lib's TA_SMA. */
import { SmaState } from './internal/averages.js';
import { RealIndicator } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkSmaPeriod(period: number): number {
  return checkPeriod('SMA', 'period', period, 2);
}

/**
 * Simple moving average: mean of the last `period` values (period 2…100000, default 30).
 * Lookback `period - 1`. Kept as TA-Lib's running total (add, divide, drop the oldest).
 */
export function sma(close: Series, period = 30): Float64Array {
  checkSmaPeriod(period);
  checkSeries('SMA', 'close', close);
  const n = close.length;
  const out = outputArray(n, period - 1);
  if (n < period) return out;
  let sum = 0;
  for (let i = 0; i < period - 1; i += 1) sum += close[i]!;
  for (let i = period - 1, trailing = 0; i < n; i += 1, trailing += 1) {
    sum += close[i]!;
    out[i] = sum / period;
    sum -= close[trailing]!;
  }
  return out;
}

/** Streaming SMA: `new SMA(30).update(x)`, the value of `sma` at that index. */
export class SMA extends RealIndicator {
  /** TA-Lib's TA_SMA_Lookback: `period - 1`. */
  static lookback(period = 30): number {
    return checkSmaPeriod(period) - 1;
  }

  readonly period: number;
  readonly lookback: number;
  private readonly state: SmaState;

  constructor(period = 30) {
    super();
    this.period = checkSmaPeriod(period);
    this.lookback = period - 1;
    this.state = new SmaState(period);
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
