/** TEMA: Mulloy's triple exponential moving average, TA-Lib's TA_TEMA. */
import { EmaState } from './internal/averages.js';
import { RealIndicator } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkTemaPeriod(period: number): number {
  return checkPeriod('TEMA', 'period', period, 2);
}

/**
 * Triple EMA: `3·e1 − 3·e2 + e3` with e1 = EMA(x), e2 = EMA(e1), e3 = EMA(e2) (period 2…100000,
 * default 30). Lookback `3·(period − 1)`; each EMA is SMA-seeded over its own first `period` inputs.
 * Evaluated as TA-Lib does: `e3 + ((3·e1) − (3·e2))`.
 */
export function tema(close: Series, period = 30): Float64Array {
  checkTemaPeriod(period);
  checkSeries('TEMA', 'close', close);
  const n = close.length;
  const lookback = 3 * (period - 1);
  const out = outputArray(n, lookback);
  const first = new EmaState(period);
  const second = new EmaState(period);
  const third = new EmaState(period);
  for (let i = 0; i < n; i += 1) {
    const e1 = first.push(close[i]!);
    if (i < period - 1) continue;
    const e2 = second.push(e1);
    if (i < 2 * (period - 1)) continue;
    const e3 = third.push(e2);
    if (i >= lookback) out[i] = e3 + (3.0 * e1 - 3.0 * e2);
  }
  return out;
}

/** Streaming TEMA: `new TEMA(30).update(x)`, the value of `tema` at that index. */
export class TEMA extends RealIndicator {
  /** TA-Lib's TA_TEMA_Lookback: `3·(period − 1)`. */
  static lookback(period = 30): number {
    return 3 * (checkTemaPeriod(period) - 1);
  }

  readonly period: number;
  readonly lookback: number;
  private readonly first: EmaState;
  private readonly second: EmaState;
  private readonly third: EmaState;

  constructor(period = 30) {
    super();
    this.period = checkTemaPeriod(period);
    this.lookback = 3 * (period - 1);
    this.first = new EmaState(period);
    this.second = new EmaState(period);
    this.third = new EmaState(period);
  }

  update(x: number): number {
    this.fed += 1;
    const e1 = this.first.push(x);
    if (this.fed < this.period) return this.current;
    const e2 = this.second.push(e1);
    if (this.fed < 2 * this.period - 1) return this.current;
    const e3 = this.third.push(e2);
    if (this.fed > this.lookback) this.current = e3 + (3.0 * e1 - 3.0 * e2);
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.first.reset();
    this.second.reset();
    this.third.reset();
  }
}
