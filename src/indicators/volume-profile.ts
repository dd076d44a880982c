/**
 * Rolling volume profile (not in TA-Lib): where in price the recent volume traded.
 */
import { CvIndicator, checkSameLength } from './internal/bar-indicator.js';
import { checkPeriod, invalid, shown } from './internal/validate.js';
import type { Series } from './types.js';

/** The three levels of {@link volumeProfile}. */
export interface VolumeProfileResult {
  /** Point of control: the centre of the bin holding the most volume. */
  poc: Float64Array;
  /** Top edge of the value area. */
  valueAreaHigh: Float64Array;
  /** Bottom edge of the value area. */
  valueAreaLow: Float64Array;
}

/**
 * Volume profile of the last `period` bars (defaults 20 bars, 10 bins, 70 % value area), from closes
 * and volumes — each bar's whole volume is placed at its close (intrabar distribution is unknown):
 *
 * - the window's close range [min, max] is cut into `bins` equal bins; a close c falls in bin
 *   `min(bins − 1, floor((c − min) / width))`, width = (max − min) / bins;
 * - `poc` is the centre of the bin with the most volume (the lowest such bin on ties);
 * - the value area grows from the POC bin one bin at a time, taking whichever neighbour (above or below)
 *   holds more volume (above on ties), until it holds at least `valueArea` of the window's volume;
 *   `valueAreaLow`/`valueAreaHigh` are its outer bin edges (the top one is exactly `max`);
 * - when every close in the window is equal, all three are that price; when the window has no volume,
 *   all three are NaN.
 *
 * Lookback `period − 1`. An update re-bins the window, O(period + bins): the bins follow the window's
 * range, so each bar's bin changes as the range moves and cannot be kept incrementally.
 */
export function volumeProfile(
  close: Series,
  volume: Series,
  period = 20,
  bins = 10,
  valueArea = 0.7,
): VolumeProfileResult {
  const stream = new VolumeProfile(period, bins, valueArea);
  const n = checkSameLength('VOLUME_PROFILE', { close, volume });
  const result: VolumeProfileResult = {
    poc: new Float64Array(n),
    valueAreaHigh: new Float64Array(n),
    valueAreaLow: new Float64Array(n),
  };
  for (let i = 0; i < n; i += 1) {
    result.poc[i] = stream.update(close[i]!, volume[i]!);
    result.valueAreaHigh[i] = stream.valueAreaHigh;
    result.valueAreaLow[i] = stream.valueAreaLow;
  }
  return result;
}

const VOLUME_PROFILE_OUTPUTS: readonly string[] = Object.freeze(['poc', 'valueAreaHigh', 'valueAreaLow']);

/** Streaming twin of {@link volumeProfile}: O(period + bins) per bar, no allocation. */
export class VolumeProfile extends CvIndicator {
  readonly lookback: number;
  readonly period: number;
  readonly bins: number;
  readonly valueArea: number;
  /** The window, by bar index modulo `period`. */
  private readonly closes: Float64Array;
  private readonly volumes: Float64Array;
  private readonly histogram: Float64Array;
  private currentHigh = Number.NaN;
  private currentLow = Number.NaN;

  constructor(period = 20, bins = 10, valueArea = 0.7) {
    super();
    this.period = checkPeriod('VOLUME_PROFILE', 'period', period, 1);
    this.bins = checkPeriod('VOLUME_PROFILE', 'bins', bins, 1);
    if (typeof valueArea !== 'number' || !(valueArea > 0 && valueArea <= 1)) {
      invalid('VOLUME_PROFILE', `valueArea must be a fraction in (0, 1], got ${shown(valueArea)}`, {
        param: 'valueArea',
        value: valueArea,
      });
    }
    this.valueArea = valueArea;
    this.lookback = period - 1;
    this.closes = new Float64Array(period);
    this.volumes = new Float64Array(period);
    this.histogram = new Float64Array(bins);
  }

  /** Feeds one bar; returns the point of control (NaN during the lookback). */
  update(close: number, volume: number): number {
    const bar = this.fed;
    this.fed = bar + 1;
    const period = this.period;
    const slot = bar % period;
    this.closes[slot] = close;
    this.volumes[slot] = volume;
    if (bar < this.lookback) return Number.NaN;
    this.profile(slot === period - 1 ? 0 : slot + 1);
    return this.current;
  }

  /** Bins the window (oldest first, from slot `oldest`) and finds the POC and value area. */
  private profile(oldest: number): void {
    const { period, bins, closes, volumes, histogram } = this;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let total = 0;
    for (let i = 0; i < period; i += 1) {
      const c = closes[i]!;
      if (c < min) min = c;
      if (c > max) max = c;
      total += volumes[i]!;
    }
    if (!(total > 0)) {
      this.current = this.currentHigh = this.currentLow = Number.NaN;
      return;
    }
    if (max === min) {
      this.current = this.currentHigh = this.currentLow = min;
      return;
    }
    const width = (max - min) / bins;
    histogram.fill(0);
    for (let k = 0, slot = oldest; k < period; k += 1, slot = slot + 1 === period ? 0 : slot + 1) {
      const bin = Math.floor((closes[slot]! - min) / width);
      histogram[bin < bins ? bin : bins - 1] += volumes[slot]!;
    }
    let poc = 0;
    for (let b = 1; b < bins; b += 1) if (histogram[b]! > histogram[poc]!) poc = b;
    const target = this.valueArea * total;
    let lo = poc;
    let hi = poc;
    let inside = histogram[poc]!;
    while (inside < target && (lo > 0 || hi < bins - 1)) {
      const below = lo > 0 ? histogram[lo - 1]! : -1;
      const above = hi < bins - 1 ? histogram[hi + 1]! : -1;
      if (above >= below) {
        hi += 1;
        inside += above;
      } else {
        lo -= 1;
        inside += below;
      }
    }
    this.current = min + (poc + 0.5) * width;
    this.currentLow = min + lo * width;
    this.currentHigh = hi === bins - 1 ? max : min + (hi + 1) * width;
  }

  override get outputs(): readonly string[] {
    return VOLUME_PROFILE_OUTPUTS;
  }

  get poc(): number {
    return this.current;
  }

  get valueAreaHigh(): number {
    return this.fed > this.lookback ? this.currentHigh : Number.NaN;
  }

  get valueAreaLow(): number {
    return this.fed > this.lookback ? this.currentLow : Number.NaN;
  }

  protected override outputAt(index: number): number {
    return index === 0 ? this.current : index === 1 ? this.valueAreaHigh : this.valueAreaLow;
  }

  override reset(): void {
    super.reset();
    this.closes.fill(0);
    this.volumes.fill(0);
    this.currentHigh = this.currentLow = Number.NaN;
  }
}
