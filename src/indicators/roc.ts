/** ROC: rate of change in percent, TA-Lib's TA_ROC. */
import { LaggedChange } from './internal/lagged-change.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkRocPeriod(period: number): number {
  return checkPeriod('ROC', 'period', period, 1);
}

/** TA-Lib's ROC formula, with its quirk: 0 (not ±Infinity) when the earlier value is 0. */
export function rateOfChange(x: number, earlier: number): number {
  return earlier !== 0.0 ? (x / earlier - 1.0) * 100.0 : 0.0;
}

/**
 * Rate of change ((x / x[period ago]) − 1)·100 (period 1…100000, default 10), lookback `period`; 0 where
 * x[period ago] is 0, as in TA-Lib.
 */
export function roc(close: Series, period = 10): Float64Array {
  checkRocPeriod(period);
  checkSeries('ROC', 'close', close);
  const n = close.length;
  const out = outputArray(n, period);
  for (let i = period; i < n; i += 1) out[i] = rateOfChange(close[i]!, close[i - period]!);
  return out;
}

/** Streaming ROC: `new ROC(10).update(x)`, the value of `roc` at that index. */
export class ROC extends LaggedChange {
  /** TA-Lib's TA_ROC_Lookback: `period`. */
  static lookback(period = 10): number {
    return checkRocPeriod(period);
  }

  constructor(period = 10) {
    super(checkRocPeriod(period));
  }

  protected change(x: number, earlier: number): number {
    return rateOfChange(x, earlier);
  }
}
