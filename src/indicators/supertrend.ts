/**
 * Supertrend (not in TA-Lib): an ATR trailing stop that flips with the trend.
 */
import { ATR } from './atr.js';
import { checkSameLength, HlcIndicator } from './internal/bar-indicator.js';
import { checkNonNegative, checkPeriod } from './internal/validate.js';
import type { Series } from './types.js';

/** The two outputs of {@link supertrend}. */
export interface SupertrendResult {
  /** The trailing stop line: the lower band in an up-trend, the upper band in a down-trend. */
  trend: Float64Array;
  /** +1 in an up-trend, −1 in a down-trend. */
  direction: Float64Array;
}

/**
 * Supertrend(atrPeriod=10, multiplier=3), TradingView's `ta.supertrend` definition:
 *
 * - basic bands `hl2 ± multiplier · ATR` with hl2 = (high + low) / 2 and ATR TA-Lib's Wilder ATR
 *   (first value at bar `atrPeriod`; TradingView's also counts bar 0's high − low and starts a bar
 *   earlier — the two converge);
 * - final lower band = the basic one if it is higher than the previous final lower band or the previous
 *   close fell below that band, else the previous final lower band; the upper band mirrors it (kept
 *   unless lower, or the previous close rose above it);
 * - direction: the first bar is a down-trend; a down-trend turns up when the close rises above the
 *   final upper band, an up-trend turns down when the close falls below the final lower band. As in
 *   TradingView, "was in a down-trend" means the previous trend value equals the previous final upper
 *   band, so after a bar whose bands coincide (zero ATR) the down-trend rule applies;
 * - trend = final lower band in an up-trend, final upper band in a down-trend.
 *
 * `direction` is +1 up / −1 down (TradingView reports the opposite signs). Lookback `atrPeriod`.
 */
export function supertrend(
  high: Series,
  low: Series,
  close: Series,
  atrPeriod = 10,
  multiplier = 3,
): SupertrendResult {
  const stream = new Supertrend(atrPeriod, multiplier);
  const n = checkSameLength('SUPERTREND', { high, low, close });
  const trend = new Float64Array(n);
  const direction = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    trend[i] = stream.update(high[i]!, low[i]!, close[i]!);
    direction[i] = stream.direction;
  }
  return { trend, direction };
}

const SUPERTREND_OUTPUTS: readonly string[] = Object.freeze(['trend', 'direction']);

/** Streaming twin of {@link supertrend}: O(1) per bar, no allocation. */
export class Supertrend extends HlcIndicator {
  readonly lookback: number;
  readonly multiplier: number;
  private readonly atr: ATR;
  private upperBand = Number.NaN;
  private lowerBand = Number.NaN;
  private currentDirection = Number.NaN;
  private prevClose = Number.NaN;

  constructor(atrPeriod = 10, multiplier = 3) {
    super();
    checkPeriod('SUPERTREND', 'atrPeriod', atrPeriod, 1);
    this.multiplier = checkNonNegative('SUPERTREND', 'multiplier', multiplier);
    this.atr = new ATR(atrPeriod);
    this.lookback = atrPeriod;
  }

  /** Feeds one bar; returns the trend line (NaN during the lookback). */
  update(high: number, low: number, close: number): number {
    const bar = this.fed;
    this.fed = bar + 1;
    const atr = this.atr.update(high, low, close);
    const prevClose = this.prevClose;
    this.prevClose = close;
    if (bar < this.lookback) return Number.NaN;
    const hl2 = (high + low) / 2;
    const basicUpper = hl2 + this.multiplier * atr;
    const basicLower = hl2 - this.multiplier * atr;
    if (bar === this.lookback) {
      this.upperBand = basicUpper;
      this.lowerBand = basicLower;
      this.currentDirection = -1;
    } else {
      const prevUpper = this.upperBand;
      const prevLower = this.lowerBand;
      this.lowerBand = basicLower > prevLower || prevClose < prevLower ? basicLower : prevLower;
      this.upperBand = basicUpper < prevUpper || prevClose > prevUpper ? basicUpper : prevUpper;
      // TradingView's test for "was in a down-trend": the previous trend value equals the previous upper
      // band (so a bar whose bands coincide, zero ATR, counts as a down-trend).
      const previousTrend = this.currentDirection > 0 ? prevLower : prevUpper;
      if (previousTrend === prevUpper) this.currentDirection = close > this.upperBand ? 1 : -1;
      else this.currentDirection = close < this.lowerBand ? -1 : 1;
    }
    this.current = this.currentDirection > 0 ? this.lowerBand : this.upperBand;
    return this.current;
  }

  override get outputs(): readonly string[] {
    return SUPERTREND_OUTPUTS;
  }

  /** The trailing stop line (NaN during the lookback). */
  get trend(): number {
    return this.current;
  }

  /** +1 up-trend, −1 down-trend (NaN during the lookback). */
  get direction(): number {
    return this.fed > this.lookback ? this.currentDirection : Number.NaN;
  }

  /** The final upper and lower bands, for plotting both sides. */
  get upper(): number {
    return this.fed > this.lookback ? this.upperBand : Number.NaN;
  }

  get lower(): number {
    return this.fed > this.lookback ? this.lowerBand : Number.NaN;
  }

  protected override outputAt(index: number): number {
    return index === 0 ? this.current : this.direction;
  }

  override reset(): void {
    super.reset();
    this.atr.reset();
    this.upperBand = Number.NaN;
    this.lowerBand = Number.NaN;
    this.currentDirection = Number.NaN;
    this.prevClose = Number.NaN;
  }
}
