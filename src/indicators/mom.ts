/** MOM: momentum, TA-Lib's TA_MOM. */
import { LaggedChange } from './internal/lagged-change.js';
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
export class MOM extends LaggedChange {
  /** TA-Lib's TA_MOM_Lookback: `period`. */
  static lookback(period = 10): number {
    return checkMomPeriod(period);
  }

  constructor(period = 10) {
    super(checkMomPeriod(period));
  }

  protected change(x: number, earlier: number): number {
    return x - earlier;
  }
}
