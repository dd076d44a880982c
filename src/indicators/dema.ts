/** DEMA: Mulloy's double exponential moving average, TA-Lib's TA_DEMA. */
import { EmaState } from './internal/averages.js';
import { RealIndicator } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

function checkDemaPeriod(period: number): number {
  return checkPeriod('DEMA', 'period', period, 2);
}

/**
 * Double EMA: `2·EMA(x) − EMA(EMA(x))` (period 2…100000, default 30). Lookback `2·(period − 1)`: the
 * second EMA runs over the first one's values and is seeded, like every TA-Lib EMA, with the SMA of its
 * first `period` inputs.
 */
export function dema(close: Series, period = 30): Float64Array {
  checkDemaPeriod(period);
  checkSeries('DEMA', 'close', close);
  const n = close.length;
  const lookback = 2 * (period - 1);
  const out = outputArray(n, lookback);
  const first = new EmaState(period);
  const second = new EmaState(period);
  for (let i = 0; i < n; i += 1) {
    const e1 = first.push(close[i]!);
    if (i < period - 1) continue;
    const e2 = second.push(e1);
    if (i >= lookback) out[i] = 2.0 * e1 - e2;
  }
  return out;
}

/** Streaming DEMA: `new DEMA(30).update(x)`, the value of `dema` at that index. */
export class DEMA extends RealIndicator {
  /** TA-Lib's TA_DEMA_Lookback: `2·(period − 1)`. */
  static lookback(period = 30): number {
    return 2 * (checkDemaPeriod(period) - 1);
  }

  readonly period: number;
  readonly lookback: number;
  private readonly first: EmaState;
  private readonly second: EmaState;

  constructor(period = 30) {
    super();
    this.period = checkDemaPeriod(period);
    this.lookback = 2 * (period - 1);
    this.first = new EmaState(period);
    this.second = new EmaState(period);
  }

  update(x: number): number {
    this.fed += 1;
    const e1 = this.first.push(x);
    if (this.fed < this.period) return this.current;
    const e2 = this.second.push(e1);
    if (this.fed > this.lookback) this.current = 2.0 * e1 - e2;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.first.reset();
    this.second.reset();
  }
}
