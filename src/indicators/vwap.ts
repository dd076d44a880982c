/**
 * Volume-weighted average price (not in TA-Lib), cumulative or over a rolling window.
 */
import { checkSameLength, HlcvIndicator, runHlcv } from './internal/bar-indicator.js';
import { typicalPrice } from './internal/price-math.js';
import { checkPeriod } from './internal/validate.js';
import type { Series } from './types.js';

/**
 * Volume-weighted average price of the typical price tp = (high + low + close) / 3:
 * `Σ(tp · volume) / Σvolume`
 *
 * - over every bar since the start when `period` is omitted (the session/anchored VWAP: call it on one
 *   session's bars, or `reset()` the stream at the session start), lookback 0;
 * - over the last `period` bars when `period` (>= 1) is given, lookback `period − 1`.
 *
 * NaN where the bars summed carry no volume at all (the average is undefined there). Rolling sums are
 * re-added from the window once per `period` bars, so rounding drift cannot build up over long series.
 * Matches StockCharts' VWAP worksheet and bukosabino `ta`'s `VolumeWeightedAveragePrice`.
 */
export function vwap(
  high: Series,
  low: Series,
  close: Series,
  volume: Series,
  period?: number,
): Float64Array {
  const indicator = new VWAP(period);
  checkSameLength('VWAP', { high, low, close, volume });
  return runHlcv(indicator, high, low, close, volume);
}

/** Streaming twin of {@link vwap}: O(1) amortised per bar, no allocation. */
export class VWAP extends HlcvIndicator {
  readonly lookback: number;
  /** The window length, or undefined for the cumulative VWAP. */
  readonly period: number | undefined;
  /** Rolling mode: tp · volume and volume of the window, by bar index modulo `period`. */
  private readonly priceVolume: Float64Array | undefined;
  private readonly volumes: Float64Array | undefined;
  private priceVolumeSum = 0;
  private volumeSum = 0;
  /** Bars with non-zero volume among those summed (decides "no volume" exactly). */
  private tradedBars = 0;

  constructor(period?: number) {
    super();
    if (period === undefined) {
      this.period = undefined;
      this.lookback = 0;
    } else {
      this.period = checkPeriod('VWAP', 'period', period, 1);
      this.lookback = period - 1;
      this.priceVolume = new Float64Array(period);
      this.volumes = new Float64Array(period);
    }
  }

  update(high: number, low: number, close: number, volume: number): number {
    const bar = this.fed;
    this.fed = bar + 1;
    const pv = typicalPrice(high, low, close) * volume;
    const period = this.period;
    if (period === undefined || this.priceVolume === undefined || this.volumes === undefined) {
      this.priceVolumeSum += pv;
      this.volumeSum += volume;
      if (volume !== 0) this.tradedBars += 1;
    } else {
      const slot = bar % period;
      if (bar >= period) {
        if (this.volumes[slot] !== 0) this.tradedBars -= 1;
        this.priceVolumeSum -= this.priceVolume[slot]!;
        this.volumeSum -= this.volumes[slot]!;
      }
      this.priceVolume[slot] = pv;
      this.volumes[slot] = volume;
      if (volume !== 0) this.tradedBars += 1;
      if (slot === period - 1) {
        // Once per window: re-add the window from scratch, dropping the rounding of add-then-subtract.
        let pvSum = 0;
        let vSum = 0;
        for (let i = 0; i < period; i += 1) {
          pvSum += this.priceVolume[i]!;
          vSum += this.volumes[i]!;
        }
        this.priceVolumeSum = pvSum;
        this.volumeSum = vSum;
      } else {
        this.priceVolumeSum += pv;
        this.volumeSum += volume;
      }
      if (bar < this.lookback) return Number.NaN;
    }
    this.current = this.tradedBars > 0 ? this.priceVolumeSum / this.volumeSum : Number.NaN;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.priceVolume?.fill(0);
    this.volumes?.fill(0);
    this.priceVolumeSum = 0;
    this.volumeSum = 0;
    this.tradedBars = 0;
  }
}
