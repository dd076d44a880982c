/** TRIMA: the triangular moving average, TA-Lib's TA_TRIMA. */
import { RealIndicator } from './internal/real-indicator.js';
import { RingBuffer } from './internal/ring-buffer.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkTrimaPeriod(period: number): number {
  return checkPeriod('TRIMA', 'period', period, 2);
}

/**
 * TA-Lib's layout of a window: weights rise up to the middle slot (`middle`, counted from the oldest) and
 * fall after it; `factor` is 1 / Σweights.
 */
function trimaShape(period: number): { middle: number; factor: number; odd: boolean } {
  const half = period >> 1;
  const odd = period % 2 === 1;
  return {
    middle: odd ? half : half - 1,
    factor: 1.0 / (odd ? (half + 1) * (half + 1) : half * (half + 1)),
    odd,
  };
}

/**
 * Triangular moving average (period 2…100000, default 30), lookback `period − 1`. Weights rise 1, 2, …
 * to the middle of the window and fall back to 1: odd n: 1 … (n+1)/2 … 1 over ((n+1)/2)²; even n:
 * 1 … n/2, n/2 … 1 over (n/2)·(n/2+1) — an SMA of an SMA. Computed in O(1) per value with TA-Lib's
 * running numerator (it subtracts the falling half and adds the rising one), in TA-Lib's exact order.
 */
export function trima(close: Series, period = 30): Float64Array {
  checkTrimaPeriod(period);
  checkSeries('TRIMA', 'close', close);
  const n = close.length;
  const out = outputArray(n, period - 1);
  if (n < period) return out;
  const { middle, factor, odd } = trimaShape(period);
  let numerator = 0;
  let numeratorSub = 0;
  for (let i = middle; i >= 0; i -= 1) {
    numeratorSub += close[i]!;
    numerator += numeratorSub;
  }
  let numeratorAdd = 0;
  for (let i = middle + 1; i < period; i += 1) {
    numeratorAdd += close[i]!;
    numerator += numeratorAdd;
  }
  out[period - 1] = numerator * factor;
  for (let today = period; today < n; today += 1) {
    const start = today - period + 1;
    numerator -= numeratorSub;
    numeratorSub -= close[start - 1]!;
    const mid = close[start + middle]!;
    numeratorSub += mid;
    if (odd) {
      numerator += numeratorAdd;
      numeratorAdd -= mid;
    } else {
      numeratorAdd -= mid;
      numerator += numeratorAdd;
    }
    const x = close[today]!;
    numeratorAdd += x;
    numerator += x;
    out[today] = numerator * factor;
  }
  return out;
}

/** Streaming TRIMA: `new TRIMA(30).update(x)`, the value of `trima` at that index. */
export class TRIMA extends RealIndicator {
  /** TA-Lib's TA_TRIMA_Lookback: `period − 1`. */
  static lookback(period = 30): number {
    return checkTrimaPeriod(period) - 1;
  }

  readonly period: number;
  readonly lookback: number;
  private readonly middle: number;
  private readonly factor: number;
  private readonly odd: boolean;
  private readonly window: RingBuffer;
  private numerator = 0;
  private numeratorSub = 0;
  private numeratorAdd = 0;

  constructor(period = 30) {
    super();
    this.period = checkTrimaPeriod(period);
    this.lookback = period - 1;
    const shape = trimaShape(period);
    this.middle = shape.middle;
    this.factor = shape.factor;
    this.odd = shape.odd;
    this.window = new RingBuffer(period);
  }

  update(x: number): number {
    this.fed += 1;
    const evicted = this.window.push(x);
    if (this.fed < this.period) return this.current;
    if (this.fed === this.period) {
      this.seed();
    } else {
      this.numerator -= this.numeratorSub;
      this.numeratorSub -= evicted;
      const mid = this.window.at(this.middle);
      this.numeratorSub += mid;
      if (this.odd) {
        this.numerator += this.numeratorAdd;
        this.numeratorAdd -= mid;
      } else {
        this.numeratorAdd -= mid;
        this.numerator += this.numeratorAdd;
      }
      this.numeratorAdd += x;
      this.numerator += x;
    }
    this.current = this.numerator * this.factor;
    return this.current;
  }

  /** TA-Lib's first window, summed in its order (once, when the window first fills). */
  private seed(): void {
    const { window, middle, period } = this;
    for (let i = middle; i >= 0; i -= 1) {
      this.numeratorSub += window.at(i);
      this.numerator += this.numeratorSub;
    }
    for (let i = middle + 1; i < period; i += 1) {
      this.numeratorAdd += window.at(i);
      this.numerator += this.numeratorAdd;
    }
  }

  override reset(): void {
    super.reset();
    this.window.reset();
    this.numerator = 0;
    this.numeratorSub = 0;
    this.numeratorAdd = 0;
  }
}
