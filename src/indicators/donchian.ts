/**
 * Donchian channels (not in TA-Lib).
 */
import { checkSameLength, HlIndicator } from './internal/bar-indicator.js';
import { RollingExtreme } from './internal/rolling-extreme.js';
import { BAND_OUTPUTS } from './internal/streaming-base.js';
import { checkPeriod } from './internal/validate.js';
import type { Series } from './types.js';

/** The three lines of a price channel. */
export interface ChannelResult {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

/**
 * Donchian channel over the last `period` bars, today included (period >= 1, default 20):
 * `upper` = highest high, `lower` = lowest low, `middle = (upper + lower) / 2`. Lookback `period − 1`.
 * This is StockCharts' definition (bukosabino `ta` with offset 0); a channel displaced by one bar —
 * yesterday's channel, to test breakouts against — is `upper[i − 1]`.
 */
export function donchian(high: Series, low: Series, period = 20): ChannelResult {
  const stream = new Donchian(period);
  const n = checkSameLength('DONCHIAN', { high, low });
  const result: ChannelResult = {
    upper: new Float64Array(n),
    middle: new Float64Array(n),
    lower: new Float64Array(n),
  };
  for (let i = 0; i < n; i += 1) {
    result.upper[i] = stream.update(high[i]!, low[i]!);
    result.middle[i] = stream.middle;
    result.lower[i] = stream.lower;
  }
  return result;
}

/** Streaming twin of {@link donchian}: O(1) amortised per bar (monotonic deques), no allocation. */
export class Donchian extends HlIndicator {
  readonly lookback: number;
  readonly period: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;

  constructor(period = 20) {
    super();
    this.period = checkPeriod('DONCHIAN', 'period', period, 1);
    this.lookback = period - 1;
    this.highest = new RollingExtreme(period, 'max');
    this.lowest = new RollingExtreme(period, 'min');
  }

  /** Feeds one bar; returns the upper band (NaN during the lookback). */
  update(high: number, low: number): number {
    this.highest.push(this.fed, high);
    this.lowest.push(this.fed, low);
    this.fed += 1;
    if (this.fed > this.lookback) this.current = this.highest.value;
    return this.current;
  }

  override get outputs(): readonly string[] {
    return BAND_OUTPUTS;
  }

  get upper(): number {
    return this.current;
  }

  get lower(): number {
    return this.fed > this.lookback ? this.lowest.value : Number.NaN;
  }

  get middle(): number {
    return (this.upper + this.lower) / 2;
  }

  protected override outputAt(index: number): number {
    return index === 0 ? this.current : index === 1 ? this.middle : this.lower;
  }

  override reset(): void {
    super.reset();
    this.highest.reset();
    this.lowest.reset();
  }
}
