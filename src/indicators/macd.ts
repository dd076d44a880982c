/** MACD: Appel's moving average convergence/divergence, TA-Lib's TA_MACD. */
import { EmaState } from './internal/averages.js';
import { RealIndicator } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, outputArray } from './internal/validate.js';
import type { Series } from './types.js';

export interface MacdResult {
  macd: Float64Array;
  signal: Float64Array;
  hist: Float64Array;
}

const MACD_OUTPUTS: readonly string[] = Object.freeze(['macd', 'signal', 'hist']);

interface MacdPeriods {
  fast: number;
  slow: number;
  signal: number;
}

/** Checks the periods and, as TA-Lib does, swaps fast and slow when fast is the longer one. */
function checkMacd(fastPeriod: number, slowPeriod: number, signalPeriod: number): MacdPeriods {
  checkPeriod('MACD', 'fastPeriod', fastPeriod, 2);
  checkPeriod('MACD', 'slowPeriod', slowPeriod, 2);
  checkPeriod('MACD', 'signalPeriod', signalPeriod, 1);
  return slowPeriod < fastPeriod
    ? { fast: slowPeriod, slow: fastPeriod, signal: signalPeriod }
    : { fast: fastPeriod, slow: slowPeriod, signal: signalPeriod };
}

/**
 * MACD (fast 12, slow 26, signal 9; periods 2…100000, signal 1…100000): macd = EMA(fast) − EMA(slow),
 * signal = EMA(signal) of macd, hist = macd − signal. All three start at lookback
 * `(slow − 1) + (signal − 1)`. TA-Lib quirks kept: fast > slow are swapped; every EMA uses
 * k = 2/(period+1) (the fixed 0.15/0.075 are MACDFIX's only); and the fast EMA's SMA seed is aligned to
 * the slow one — it averages the `fast` values that end where the slow seed ends, not the first `fast`
 * values of the series. Signal period 1 is an EMA with k = 1 (signal = macd up to rounding), lookback
 * `slow − 1`; our TA-Lib reference build mis-sizes that case (its EMA lookback of period 1 is −1).
 */
export function macd(close: Series, fastPeriod = 12, slowPeriod = 26, signalPeriod = 9): MacdResult {
  const { fast, slow, signal } = checkMacd(fastPeriod, slowPeriod, signalPeriod);
  checkSeries('MACD', 'close', close);
  const n = close.length;
  const lookback = slow - 1 + (signal - 1);
  const result = {
    macd: outputArray(n, lookback),
    signal: outputArray(n, lookback),
    hist: outputArray(n, lookback),
  };
  const fastEma = new EmaState(fast);
  const slowEma = new EmaState(slow);
  const signalEma = new EmaState(signal);
  for (let i = 0; i < n; i += 1) {
    const x = close[i]!;
    const slowValue = slowEma.push(x);
    if (i < slow - fast) continue; // the fast seed ends on the bar the slow seed ends on
    const fastValue = fastEma.push(x);
    if (i < slow - 1) continue;
    const line = fastValue - slowValue;
    const signalValue = signalEma.push(line);
    if (i < lookback) continue;
    result.macd[i] = line;
    result.signal[i] = signalValue;
    result.hist[i] = line - signalValue;
  }
  return result;
}

/** Streaming MACD: `new MACD(12, 26, 9).update(x)` returns macd; `.macd .signal .hist` give all three. */
export class MACD extends RealIndicator {
  /** TA-Lib's TA_MACD_Lookback: `(slow − 1) + (signal − 1)`. */
  static lookback(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9): number {
    const { slow, signal } = checkMacd(fastPeriod, slowPeriod, signalPeriod);
    return slow - 1 + (signal - 1);
  }

  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  readonly lookback: number;
  private readonly fast: EmaState;
  private readonly slow: EmaState;
  private readonly signalLine: EmaState;
  private signalValue = Number.NaN;
  private histValue = Number.NaN;

  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    super();
    const periods = checkMacd(fastPeriod, slowPeriod, signalPeriod);
    this.fastPeriod = periods.fast;
    this.slowPeriod = periods.slow;
    this.signalPeriod = periods.signal;
    this.lookback = periods.slow - 1 + (periods.signal - 1);
    this.fast = new EmaState(periods.fast);
    this.slow = new EmaState(periods.slow);
    this.signalLine = new EmaState(periods.signal);
  }

  override get outputs(): readonly string[] {
    return MACD_OUTPUTS;
  }

  get macd(): number {
    return this.current;
  }

  get signal(): number {
    return this.signalValue;
  }

  get hist(): number {
    return this.histValue;
  }

  protected override outputAt(index: number): number {
    return index === 0 ? this.current : index === 1 ? this.signalValue : this.histValue;
  }

  update(x: number): number {
    const index = this.fed;
    this.fed += 1;
    const slow = this.slow.push(x);
    // The fast EMA ignores the first (slow − fast) values so that both seeds end on the same bar.
    if (index < this.slowPeriod - this.fastPeriod) return this.current;
    const fast = this.fast.push(x);
    if (index < this.slowPeriod - 1) return this.current;
    const line = fast - slow;
    const signal = this.signalLine.push(line);
    if (index < this.lookback) return this.current;
    this.current = line;
    this.signalValue = signal;
    this.histValue = line - signal;
    return line;
  }

  override reset(): void {
    super.reset();
    this.fast.reset();
    this.slow.reset();
    this.signalLine.reset();
    this.signalValue = Number.NaN;
    this.histValue = Number.NaN;
  }
}
