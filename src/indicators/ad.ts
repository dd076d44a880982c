/**
 * Chaikin's accumulation/distribution line (`AD`) and oscillator (`ADOSC`) with TA-Lib semantics.
 */
import { checkSameLength, HlcvIndicator, runHlcv } from './internal/bar-indicator.js';
import { checkPeriod } from './internal/validate.js';
import type { Series } from './types.js';

/** Adds one bar's money flow volume `((close − low) − (high − close)) / (high − low) · volume` to `ad`. */
function accumulate(ad: number, high: number, low: number, close: number, volume: number): number {
  const range = high - low;
  return range > 0.0 ? ad + ((close - low - (high - close)) / range) * volume : ad;
}

/**
 * Accumulation/distribution line, TA-Lib `AD`: the running sum from 0 of each bar's money flow volume
 * `((close − low) − (high − close)) / (high − low) · volume` (a bar with high = low adds nothing).
 * Lookback 0.
 */
export function ad(high: Series, low: Series, close: Series, volume: Series): Float64Array {
  checkSameLength('AD', { high, low, close, volume });
  return runHlcv(new AD(), high, low, close, volume);
}

/** Streaming twin of {@link ad}. */
export class AD extends HlcvIndicator {
  readonly lookback = 0;
  private total = 0;

  update(high: number, low: number, close: number, volume: number): number {
    this.total = accumulate(this.total, high, low, close, volume);
    this.current = this.total;
    this.fed += 1;
    return this.total;
  }

  override reset(): void {
    super.reset();
    this.total = 0;
  }
}

/**
 * Chaikin A/D oscillator, TA-Lib `ADOSC(fastPeriod=3, slowPeriod=10)` (periods >= 2):
 * `EMA_fast(AD) − EMA_slow(AD)`, where both EMAs use k = 2 / (period + 1) and — unlike TA-Lib's EMA
 * function — are seeded with the first AD value, not an SMA. Lookback `max(fast, slow) − 1`.
 */
export function adosc(
  high: Series,
  low: Series,
  close: Series,
  volume: Series,
  fastPeriod = 3,
  slowPeriod = 10,
): Float64Array {
  const indicator = new ADOSC(fastPeriod, slowPeriod);
  checkSameLength('ADOSC', { high, low, close, volume });
  return runHlcv(indicator, high, low, close, volume);
}

/** Streaming twin of {@link adosc}: O(1) per bar, no allocation. */
export class ADOSC extends HlcvIndicator {
  readonly lookback: number;
  private readonly fastK: number;
  private readonly slowK: number;
  private readonly fastKeep: number;
  private readonly slowKeep: number;
  private total = 0;
  private fastEma = 0;
  private slowEma = 0;

  constructor(fastPeriod = 3, slowPeriod = 10) {
    super();
    checkPeriod('ADOSC', 'fastPeriod', fastPeriod, 2);
    checkPeriod('ADOSC', 'slowPeriod', slowPeriod, 2);
    this.lookback = Math.max(fastPeriod, slowPeriod) - 1;
    this.fastK = 2.0 / (fastPeriod + 1);
    this.slowK = 2.0 / (slowPeriod + 1);
    this.fastKeep = 1.0 - this.fastK;
    this.slowKeep = 1.0 - this.slowK;
  }

  update(high: number, low: number, close: number, volume: number): number {
    const ad = accumulate(this.total, high, low, close, volume);
    this.total = ad;
    if (this.fed === 0) {
      this.fastEma = ad;
      this.slowEma = ad;
    } else {
      this.fastEma = this.fastK * ad + this.fastKeep * this.fastEma;
      this.slowEma = this.slowK * ad + this.slowKeep * this.slowEma;
    }
    this.fed += 1;
    if (this.fed > this.lookback) this.current = this.fastEma - this.slowEma;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.total = 0;
    this.fastEma = 0;
    this.slowEma = 0;
  }
}
