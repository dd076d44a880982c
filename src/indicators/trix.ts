/** TRIX: Hutson's triple-smoothed rate of change, TA-Lib's TA_TRIX. */
import { EmaState } from './internal/averages.js';
import { RealIndicator } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import { rateOfChange } from './roc.js';
import type { Series } from './types.js';

function checkTrixPeriod(period: number): number {
  return checkPeriod('TRIX', 'period', period, 1);
}

/**
 * TRIX: the one-bar rate of change in percent of EMA(EMA(EMA(x))) (period 1…100000, default 30), lookback
 * `3·(period − 1) + 1`. Each EMA is SMA-seeded over its own first `period` inputs; the rate of change is
 * TA-Lib's ROC (0 when the previous triple EMA is 0). Period 1 is ROC(1) of the input (EMAs with k = 1,
 * equal to the input up to rounding); our TA-Lib reference build mis-sizes that case (its EMA lookback of
 * period 1 is −1) and returns shifted garbage.
 */
export function trix(close: Series, period = 30): Float64Array {
  checkTrixPeriod(period);
  checkSeries('TRIX', 'close', close);
  const n = close.length;
  const seeded = period - 1;
  const out = outputArray(n, 3 * seeded + 1);
  const first = new EmaState(period);
  const second = new EmaState(period);
  const third = new EmaState(period);
  let previousTriple = 0;
  for (let i = 0; i < n; i += 1) {
    const e1 = first.push(close[i]!);
    if (i < seeded) continue;
    const e2 = second.push(e1);
    if (i < 2 * seeded) continue;
    const e3 = third.push(e2);
    if (i > 3 * seeded) out[i] = rateOfChange(e3, previousTriple);
    previousTriple = e3;
  }
  return out;
}

/** Streaming TRIX: `new TRIX(30).update(x)`, the value of `trix` at that index. */
export class TRIX extends RealIndicator {
  /** TA-Lib's TA_TRIX_Lookback: `3·(period − 1) + 1`. */
  static lookback(period = 30): number {
    return 3 * (checkTrixPeriod(period) - 1) + 1;
  }

  readonly period: number;
  readonly lookback: number;
  private readonly first: EmaState;
  private readonly second: EmaState;
  private readonly third: EmaState;
  private previousTriple = Number.NaN;

  constructor(period = 30) {
    super();
    this.period = checkTrixPeriod(period);
    this.lookback = 3 * (period - 1) + 1;
    this.first = new EmaState(period);
    this.second = new EmaState(period);
    this.third = new EmaState(period);
  }

  update(x: number): number {
    const index = this.fed;
    this.fed += 1;
    const seeded = this.period - 1;
    const e1 = this.first.push(x);
    if (index < seeded) return this.current;
    const e2 = this.second.push(e1);
    if (index < 2 * seeded) return this.current;
    const e3 = this.third.push(e2);
    if (index < 3 * seeded) return this.current;
    if (index > 3 * seeded) this.current = rateOfChange(e3, this.previousTriple);
    this.previousTriple = e3;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.first.reset();
    this.second.reset();
    this.third.reset();
    this.previousTriple = Number.NaN;
  }
}
