/**
 * The slow stochastic oscillator with TA-Lib semantics (`STOCH`).
 */
import { checkSameLength, HlcIndicator } from './internal/bar-indicator.js';
import { RollingExtreme } from './internal/rolling-extreme.js';
import { checkPeriod } from './internal/validate.js';
import { createMovingAverage, type MovingAverage } from './ma.js';
import { MAType, type MATypeLike } from './ma-type.js';
import type { Series } from './types.js';

/** The two lines of {@link stoch}. */
export interface StochResult {
  /** Slow %K: the `slowKMAType` average of fast %K over `slowKPeriod`. */
  k: Float64Array;
  /** Slow %D: the `slowDMAType` average of slow %K over `slowDPeriod`. */
  d: Float64Array;
}

/**
 * Slow stochastic, TA-Lib `STOCH(fastKPeriod=5, slowKPeriod=3, slowKMAType=SMA, slowDPeriod=3,
 * slowDMAType=SMA)` (periods >= 1; any MA type but MAMA).
 *
 * Fast %K = (close − LL) / ((HH − LL) / 100) over the last `fastKPeriod` bars (highest high HH, lowest
 * low LL, today included), 0 when HH = LL — TA-Lib's exact arithmetic. Slow %K averages fast %K, slow
 * %D averages slow %K. Lookback `fastKPeriod − 1 + maLookback(slowK) + maLookback(slowD)`; as in TA-Lib
 * both lines start together at that index (%K is defined earlier internally but not reported).
 */
export function stoch(
  high: Series,
  low: Series,
  close: Series,
  fastKPeriod = 5,
  slowKPeriod = 3,
  slowKMAType: MATypeLike = MAType.SMA,
  slowDPeriod = 3,
  slowDMAType: MATypeLike = MAType.SMA,
): StochResult {
  const stream = new Stoch(fastKPeriod, slowKPeriod, slowKMAType, slowDPeriod, slowDMAType);
  const n = checkSameLength('STOCH', { high, low, close });
  const k = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    k[i] = stream.update(high[i]!, low[i]!, close[i]!);
    d[i] = stream.d;
  }
  return { k, d };
}

const STOCH_OUTPUTS: readonly string[] = Object.freeze(['k', 'd']);

/** Streaming twin of {@link stoch}: O(1) amortised per bar (plus the MAs' own cost), no allocation. */
export class Stoch extends HlcIndicator {
  readonly lookback: number;
  readonly fastKPeriod: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  private readonly slowK: MovingAverage;
  private readonly slowD: MovingAverage;
  private currentD = Number.NaN;

  constructor(
    fastKPeriod = 5,
    slowKPeriod = 3,
    slowKMAType: MATypeLike = MAType.SMA,
    slowDPeriod = 3,
    slowDMAType: MATypeLike = MAType.SMA,
  ) {
    super();
    this.fastKPeriod = checkPeriod('STOCH', 'fastKPeriod', fastKPeriod, 1);
    checkPeriod('STOCH', 'slowKPeriod', slowKPeriod, 1);
    checkPeriod('STOCH', 'slowDPeriod', slowDPeriod, 1);
    this.slowK = createMovingAverage(slowKPeriod, slowKMAType, 'STOCH');
    this.slowD = createMovingAverage(slowDPeriod, slowDMAType, 'STOCH');
    this.lookback = fastKPeriod - 1 + this.slowK.lookback + this.slowD.lookback;
    this.highest = new RollingExtreme(fastKPeriod, 'max');
    this.lowest = new RollingExtreme(fastKPeriod, 'min');
  }

  /** Feeds one bar; returns slow %K (NaN until both lines are defined). */
  update(high: number, low: number, close: number): number {
    const bar = this.fed;
    this.fed = bar + 1;
    this.highest.push(bar, high);
    this.lowest.push(bar, low);
    if (bar < this.fastKPeriod - 1) return Number.NaN;
    const lowest = this.lowest.value;
    const diff = (this.highest.value - lowest) / 100.0;
    const fastK = diff !== 0.0 ? (close - lowest) / diff : 0.0;
    const slowK = this.slowK.update(fastK);
    if (!this.slowK.ready) return Number.NaN;
    const slowD = this.slowD.update(slowK);
    if (!this.slowD.ready) return Number.NaN;
    this.current = slowK;
    this.currentD = slowD;
    return slowK;
  }

  override get outputs(): readonly string[] {
    return STOCH_OUTPUTS;
  }

  /** Slow %K of the latest bar (NaN during the lookback). */
  get k(): number {
    return this.current;
  }

  /** Slow %D of the latest bar (NaN during the lookback). */
  get d(): number {
    return this.fed > this.lookback ? this.currentD : Number.NaN;
  }

  protected override outputAt(index: number): number {
    return index === 0 ? this.current : this.d;
  }

  override reset(): void {
    super.reset();
    this.highest.reset();
    this.lowest.reset();
    this.slowK.reset();
    this.slowD.reset();
    this.currentD = Number.NaN;
  }
}
