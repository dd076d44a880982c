/** WMA: the linearly weighted moving average, TA-Lib's TA_WMA. */
import { RealIndicator } from './internal/real-indicator.js';
import { RingBuffer } from './internal/ring-buffer.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkWmaPeriod(period: number): number {
  return checkPeriod('WMA', 'period', period, 2);
}

/**
 * Weighted moving average: weights 1 (oldest) … `period` (newest), divided by period·(period+1)/2
 * (period 2…100000, default 30). Lookback `period - 1`. Computed in O(1) per value as TA-Lib does: a
 * running weighted sum and a running plain sum that is subtracted to age every weight by one.
 */
export function wma(close: Series, period = 30): Float64Array {
  checkWmaPeriod(period);
  checkSeries('WMA', 'close', close);
  const n = close.length;
  const out = outputArray(n, period - 1);
  if (n < period) return out;
  const divider = (period * (period + 1)) / 2;
  let periodSub = 0;
  let periodSum = 0;
  for (let i = 0; i < period - 1; i += 1) {
    const x = close[i]!;
    periodSub += x;
    periodSum += x * (i + 1);
  }
  let trailingValue = 0;
  for (let i = period - 1, trailing = 0; i < n; i += 1, trailing += 1) {
    const x = close[i]!;
    periodSub += x;
    periodSub -= trailingValue;
    periodSum += x * period;
    trailingValue = close[trailing]!;
    out[i] = periodSum / divider;
    periodSum -= periodSub;
  }
  return out;
}

/** Streaming WMA: `new WMA(30).update(x)`, the value of `wma` at that index. */
export class WMA extends RealIndicator {
  /** TA-Lib's TA_WMA_Lookback: `period - 1`. */
  static lookback(period = 30): number {
    return checkWmaPeriod(period) - 1;
  }

  readonly period: number;
  readonly lookback: number;
  private readonly divider: number;
  private readonly window: RingBuffer;
  private periodSub = 0;
  private periodSum = 0;
  private trailingValue = 0;

  constructor(period = 30) {
    super();
    this.period = checkWmaPeriod(period);
    this.lookback = period - 1;
    this.divider = (period * (period + 1)) / 2;
    this.window = new RingBuffer(period);
  }

  update(x: number): number {
    this.fed += 1;
    this.window.push(x);
    if (this.fed < this.period) {
      this.periodSub += x;
      this.periodSum += x * this.fed;
      return this.current;
    }
    this.periodSub += x;
    this.periodSub -= this.trailingValue;
    this.periodSum += x * this.period;
    this.trailingValue = this.window.oldest();
    this.current = this.periodSum / this.divider;
    this.periodSum -= this.periodSub;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.window.reset();
    this.periodSub = 0;
    this.periodSum = 0;
    this.trailingValue = 0;
  }
}
