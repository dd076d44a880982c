/** KAMA: Kaufman's adaptive moving average, TA-Lib's TA_KAMA. */
import { RealIndicator } from './internal/real-indicator.js';
import { RingBuffer } from './internal/ring-buffer.js';
import { checkPeriod, checkSeries, isZero, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkKamaPeriod(period: number): number {
  return checkPeriod('KAMA', 'period', period, 2);
}

/** Smoothing constants of the 2-bar (fastest) and 30-bar (slowest) EMAs, as TA-Lib fixes them. */
const SLOWEST = 2.0 / (30.0 + 1.0);
const FAST_MINUS_SLOW = 2.0 / (2.0 + 1.0) - SLOWEST;

/**
 * Kaufman adaptive moving average (period 2…100000, default 30), lookback `period`. Efficiency ratio
 * er = |x − x[period ago]| / Σ|x − x[1 ago]| over `period` changes, smoothing sc = (er·(fast − slow) +
 * slow)², kama += (x − kama)·sc. TA-Lib's seeding: kama starts at the value before the first output.
 * TA-Lib quirks kept: er = 1 when the volatility sum is below 1e-14 or ≤ the *signed* net change.
 */
export function kama(close: Series, period = 30): Float64Array {
  checkKamaPeriod(period);
  checkSeries('KAMA', 'close', close);
  const n = close.length;
  const out = outputArray(n, period);
  if (n <= period) return out;
  let volatility = 0;
  for (let i = 1; i <= period; i += 1) volatility += Math.abs(close[i - 1]! - close[i]!);
  let current = close[period - 1]!;
  let trailingValue = close[0]!;
  current = smooth(current, close[period]!, volatility, close[period]! - trailingValue);
  out[period] = current;
  for (let i = period + 1; i < n; i += 1) {
    const x = close[i]!;
    const trailing = close[i - period]!;
    volatility -= Math.abs(trailingValue - trailing);
    volatility += Math.abs(x - close[i - 1]!);
    trailingValue = trailing;
    current = smooth(current, x, volatility, x - trailing);
    out[i] = current;
  }
  return out;
}

/**
 * One KAMA step: efficiency ratio er = |change / volatility| (1 when the volatility is within 1e-14 of 0
 * or not above the signed change — TA-Lib's test), sc = (er·(fast − slow) + slow)², kama += (x − kama)·sc.
 */
function smooth(kama: number, x: number, volatility: number, change: number): number {
  let er: number;
  if (volatility <= change || isZero(volatility)) er = 1.0;
  else er = Math.abs(change / volatility);
  let sc = er * FAST_MINUS_SLOW + SLOWEST;
  sc *= sc;
  return (x - kama) * sc + kama;
}

/** Streaming KAMA: `new KAMA(30).update(x)`, the value of `kama` at that index. */
export class KAMA extends RealIndicator {
  /** TA-Lib's TA_KAMA_Lookback: `period`. */
  static lookback(period = 30): number {
    return checkKamaPeriod(period);
  }

  readonly period: number;
  readonly lookback: number;
  /** The last `period + 1` values: the net change spans them. */
  private readonly window: RingBuffer;
  /** Σ|x − x[1 ago]| over the window's `period` changes. */
  private volatility = 0;
  /** The value that left the window last, whose change to its successor is dropped next. */
  private trailingValue = 0;

  constructor(period = 30) {
    super();
    this.period = checkKamaPeriod(period);
    this.lookback = period;
    this.window = new RingBuffer(period + 1);
  }

  update(x: number): number {
    const previous = this.window.newest();
    this.window.push(x);
    const index = this.fed;
    this.fed += 1;
    if (index === 0) return this.current;
    if (index < this.period) {
      this.volatility += Math.abs(previous - x);
      return this.current;
    }
    const trailing = this.window.oldest();
    if (index === this.period) {
      this.volatility += Math.abs(previous - x);
      this.current = previous;
    } else {
      this.volatility -= Math.abs(this.trailingValue - trailing);
      this.volatility += Math.abs(x - previous);
    }
    this.trailingValue = trailing;
    this.current = smooth(this.current, x, this.volatility, x - trailing);
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.window.reset();
    this.volatility = 0;
    this.trailingValue = 0;
  }
}
