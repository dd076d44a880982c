/**
 * Ichimoku Kinko Hyo (not in TA-Lib), without forward displacement.
 */
import { checkSameLength, HlIndicator } from './internal/bar-indicator.js';
import { RollingExtreme } from './internal/rolling-extreme.js';
import { checkPeriod } from './internal/validate.js';
import type { Series } from './types.js';

/** The lines of {@link ichimoku}, each at the bar where it becomes computable. */
export interface IchimokuResult {
  tenkan: Float64Array;
  kijun: Float64Array;
  senkouA: Float64Array;
  senkouB: Float64Array;
}

/**
 * Ichimoku (periods >= 1, defaults 9, 26, 52), each line the midpoint (HH + LL) / 2 of the highest high
 * and lowest low over its window, today included:
 *
 * - `tenkan` (conversion line): midpoint of the last `tenkanPeriod` bars, lookback `tenkanPeriod − 1`;
 * - `kijun` (base line): midpoint of the last `kijunPeriod` bars, lookback `kijunPeriod − 1`;
 * - `senkouA` (leading span A): (tenkan + kijun) / 2, lookback max of the two;
 * - `senkouB` (leading span B): midpoint of the last `senkouBPeriod` bars, lookback `senkouBPeriod − 1`.
 *
 * NOT displaced: charting packages plot the spans 26 bars ahead (and the lagging span, the close,
 * 26 bars back). Here every value sits at the bar where it becomes computable, so no value uses data
 * from later bars and backtests cannot peek. The cloud a chart draws over bar t is `senkouA[t − 26]` /
 * `senkouB[t − 26]` (with the usual displacement of `kijunPeriod`); the lagging span is just `close`,
 * compared against price 26 bars earlier. The streaming `lookback` (and `ready`) is that of the
 * slowest line; `tenkan`, the primary output, starts earlier.
 */
export function ichimoku(
  high: Series,
  low: Series,
  tenkanPeriod = 9,
  kijunPeriod = 26,
  senkouBPeriod = 52,
): IchimokuResult {
  const stream = new Ichimoku(tenkanPeriod, kijunPeriod, senkouBPeriod);
  const n = checkSameLength('ICHIMOKU', { high, low });
  const result: IchimokuResult = {
    tenkan: new Float64Array(n),
    kijun: new Float64Array(n),
    senkouA: new Float64Array(n),
    senkouB: new Float64Array(n),
  };
  for (let i = 0; i < n; i += 1) {
    result.tenkan[i] = stream.update(high[i]!, low[i]!);
    result.kijun[i] = stream.kijun;
    result.senkouA[i] = stream.senkouA;
    result.senkouB[i] = stream.senkouB;
  }
  return result;
}

/** A rolling (highest high + lowest low) / 2 over `period` bars. */
class Midpoint {
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;

  constructor(readonly period: number) {
    this.highest = new RollingExtreme(period, 'max');
    this.lowest = new RollingExtreme(period, 'min');
  }

  push(bar: number, high: number, low: number): void {
    this.highest.push(bar, high);
    this.lowest.push(bar, low);
  }

  /** The midpoint after `count` bars (NaN until the window is full). */
  value(count: number): number {
    return count >= this.period ? (this.highest.value + this.lowest.value) / 2 : Number.NaN;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
  }
}

const ICHIMOKU_OUTPUTS: readonly string[] = Object.freeze(['tenkan', 'kijun', 'senkouA', 'senkouB']);

/** Streaming twin of {@link ichimoku}: O(1) amortised per bar, no allocation. */
export class Ichimoku extends HlIndicator {
  readonly lookback: number;
  private readonly tenkanLine: Midpoint;
  private readonly kijunLine: Midpoint;
  private readonly senkouBLine: Midpoint;

  constructor(tenkanPeriod = 9, kijunPeriod = 26, senkouBPeriod = 52) {
    super();
    checkPeriod('ICHIMOKU', 'tenkanPeriod', tenkanPeriod, 1);
    checkPeriod('ICHIMOKU', 'kijunPeriod', kijunPeriod, 1);
    checkPeriod('ICHIMOKU', 'senkouBPeriod', senkouBPeriod, 1);
    this.lookback = Math.max(tenkanPeriod, kijunPeriod, senkouBPeriod) - 1;
    this.tenkanLine = new Midpoint(tenkanPeriod);
    this.kijunLine = new Midpoint(kijunPeriod);
    this.senkouBLine = new Midpoint(senkouBPeriod);
  }

  /** Feeds one bar; returns the tenkan line (NaN until its window is full). */
  update(high: number, low: number): number {
    const bar = this.fed;
    this.tenkanLine.push(bar, high, low);
    this.kijunLine.push(bar, high, low);
    this.senkouBLine.push(bar, high, low);
    this.fed = bar + 1;
    this.current = this.tenkanLine.value(this.fed);
    return this.current;
  }

  override get outputs(): readonly string[] {
    return ICHIMOKU_OUTPUTS;
  }

  get tenkan(): number {
    return this.current;
  }

  get kijun(): number {
    return this.kijunLine.value(this.fed);
  }

  get senkouA(): number {
    return (this.tenkan + this.kijun) / 2;
  }

  get senkouB(): number {
    return this.senkouBLine.value(this.fed);
  }

  protected override outputAt(index: number): number {
    switch (index) {
      case 0:
        return this.current;
      case 1:
        return this.kijun;
      case 2:
        return this.senkouA;
      default:
        return this.senkouB;
    }
  }

  override reset(): void {
    super.reset();
    this.tenkanLine.reset();
    this.kijunLine.reset();
    this.senkouBLine.reset();
  }
}
