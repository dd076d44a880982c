/** MOM: momentum, TA-Lib's TA_MOM. */
import { RealIndicator } from './internal/real-indicator.js';
import { RingBuffer } from './internal/ring-buffer.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkMomPeriod(period: number): number {
  return checkPeriod('MOM', 'period', period, 1);
}

/** Momentum x − x[period ago] (period 1…100000, default 10), lookback `period`. */
export function mom(close: Series, period = 10): Float64Array {
  checkMomPeriod(period);
  checkSeries('MOM', 'close', close);
  const n = close.length;
  const out = outputArray(n, period);
  for (let i = period; i < n; i += 1) out[i] = close[i]! - close[i - period]!;
  return out;
}

/** Streaming MOM: `new MOM(10).update(x)`, the value of `mom` at that index. */
export class MOM extends RealIndicator {
  /** TA-Lib's TA_MOM_Lookback: `period`. */
  static lookback(period = 10): number {
    return checkMomPeriod(period);
  }

  readonly period: number;
  readonly lookback: number;
  /** The last `period + 1` values. */
  private readonly window: RingBuffer;
  private current = Number.NaN;

  constructor(period = 10) {
    super();
    this.period = checkMomPeriod(period);
    this.lookback = period;
    this.window = new RingBuffer(period + 1);
  }

  get value(): number {
    return this.current;
  }

  update(x: number): number {
    this.fed += 1;
    this.window.push(x);
    if (this.window.full) this.current = x - this.window.oldest();
    return this.current;
  }

  reset(): void {
    this.fed = 0;
    this.window.reset();
    this.current = Number.NaN;
  }
}
