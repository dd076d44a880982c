/**
 * Wilder's volatility family with TA-Lib semantics: true range (TRANGE), average true range (ATR) and
 * normalised ATR (NATR).
 */
import { checkSameLength, HlcIndicator, runHlc } from './internal/bar-indicator.js';
import { trueRange } from './internal/price-math.js';
import { checkPeriod, isZero } from './internal/validate.js';
import type { Series } from './types.js';

/**
 * True range, TA-Lib `TRANGE`: max(high − low, |high − prevClose|, |low − prevClose|).
 * Lookback 1: the first bar has no previous close, so its value is NaN.
 */
export function trange(high: Series, low: Series, close: Series): Float64Array {
  checkSameLength('TRANGE', { high, low, close });
  return runHlc(new TRange(), high, low, close);
}

/** Streaming twin of {@link trange}. */
export class TRange extends HlcIndicator {
  readonly lookback = 1;
  private prevClose = Number.NaN;

  update(high: number, low: number, close: number): number {
    if (this.fed > 0) this.current = trueRange(high, low, this.prevClose);
    this.prevClose = close;
    this.fed += 1;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.prevClose = Number.NaN;
  }
}

/**
 * Average true range, TA-Lib `ATR(period)` (default 14, period >= 1): the first value, at index `period`,
 * is the simple mean of the true ranges of bars 1..period (bar 0 has no previous close); after that
 * Wilder's smoothing `atr = (atr·(period − 1) + tr) / period`. Lookback `period`.
 * TA-Lib quirk kept: `ATR(1)` is the true range itself.
 */
export function atr(high: Series, low: Series, close: Series, period = 14): Float64Array {
  checkPeriod('ATR', 'period', period, 1);
  const n = checkSameLength('ATR', { high, low, close });
  // A dedicated loop (about 1.5× faster than feeding the stream); the arithmetic is the stream's, step
  // for step, and the tests hold the two equal bit for bit.
  const out = new Float64Array(n);
  out.fill(Number.NaN, 0, Math.min(n, period));
  if (n <= period) return out;
  if (period === 1) {
    for (let i = 1; i < n; i += 1) out[i] = trueRange(high[i]!, low[i]!, close[i - 1]!);
    return out;
  }
  let sum = 0;
  for (let i = 1; i <= period; i += 1) sum += trueRange(high[i]!, low[i]!, close[i - 1]!);
  let value = sum / period;
  out[period] = value;
  const keep = period - 1;
  for (let i = period + 1; i < n; i += 1) {
    value = (value * keep + trueRange(high[i]!, low[i]!, close[i - 1]!)) / period;
    out[i] = value;
  }
  return out;
}

/** Streaming twin of {@link atr}: O(1) per bar, no allocation. */
export class ATR extends HlcIndicator {
  readonly lookback: number;
  readonly period: number;
  private prevClose = Number.NaN;
  /** Sum of the true ranges of the seeding bars. */
  private seedSum = 0;

  constructor(period = 14) {
    super();
    this.period = checkPeriod('ATR', 'period', period, 1);
    this.lookback = period;
  }

  update(high: number, low: number, close: number): number {
    const bar = this.fed;
    this.fed = bar + 1;
    if (bar === 0) {
      this.prevClose = close;
      return Number.NaN;
    }
    const tr = trueRange(high, low, this.prevClose);
    this.prevClose = close;
    const period = this.period;
    if (period === 1) {
      this.current = tr;
    } else if (bar < period) {
      this.seedSum += tr;
      return Number.NaN;
    } else if (bar === period) {
      this.current = (this.seedSum + tr) / period;
    } else {
      // TA-Lib's three statements: multiply by period − 1, add the true range, divide by period.
      this.current = (this.current * (period - 1) + tr) / period;
    }
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.prevClose = Number.NaN;
    this.seedSum = 0;
  }
}

/**
 * Normalised ATR, TA-Lib `NATR(period)` (default 14): `ATR / close · 100`, 0 when |close| < 1e-14 (TA_IS_ZERO).
 * Lookback `period`. TA-Lib quirk kept: `NATR(1)` returns the raw true range, not normalised.
 */
export function natr(high: Series, low: Series, close: Series, period = 14): Float64Array {
  checkPeriod('NATR', 'period', period, 1);
  checkSameLength('NATR', { high, low, close });
  const out = atr(high, low, close, period);
  if (period === 1) return out;
  for (let i = period; i < out.length; i += 1) {
    const c = close[i]!;
    out[i] = isZero(c) ? 0 : (out[i]! / c) * 100;
  }
  return out;
}

/** Streaming twin of {@link natr}. */
export class NATR extends HlcIndicator {
  readonly lookback: number;
  readonly period: number;
  private readonly atr: ATR;

  constructor(period = 14) {
    super();
    this.period = checkPeriod('NATR', 'period', period, 1);
    this.lookback = period;
    this.atr = new ATR(period);
  }

  update(high: number, low: number, close: number): number {
    this.fed += 1;
    const value = this.atr.update(high, low, close);
    if (this.period === 1 || Number.isNaN(value)) this.current = value;
    else this.current = isZero(close) ? 0 : (value / close) * 100;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.atr.reset();
  }
}
