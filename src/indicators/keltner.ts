/**
 * Keltner channels (not in TA-Lib), in StockCharts' modern form.
 */
import { ATR } from './atr.js';
import type { ChannelResult } from './donchian.js';
import { EMA } from './ema.js';
import { checkSameLength, HlcIndicator } from './internal/bar-indicator.js';
import { BAND_OUTPUTS } from './internal/streaming-base.js';
import { checkNonNegative, checkPeriod } from './internal/validate.js';
import type { Series } from './types.js';

/**
 * Keltner channel, the StockCharts (Chester Keltner revised by Linda Raschke) variant:
 * `middle = EMA(close, period)`, `upper/lower = middle ± multiplier · ATR(atrPeriod)`
 * (defaults 20, 2, 10). Both averages are TA-Lib's: the EMA (period >= 2) is seeded with the SMA of the
 * first `period` closes, the ATR (atrPeriod >= 1) is Wilder's, seeded at bar `atrPeriod` — so early
 * values differ from spreadsheets that seed the EMA with the first close, and agree once converged.
 * Lookback `max(period − 1, atrPeriod)`. (Keltner's 1960 original, a 10-bar SMA of the typical price
 * ± the 10-bar SMA of high − low, is not this.)
 */
export function keltner(
  high: Series,
  low: Series,
  close: Series,
  period = 20,
  multiplier = 2,
  atrPeriod = 10,
): ChannelResult {
  const stream = new Keltner(period, multiplier, atrPeriod);
  const n = checkSameLength('KELTNER', { high, low, close });
  const result: ChannelResult = {
    upper: new Float64Array(n),
    middle: new Float64Array(n),
    lower: new Float64Array(n),
  };
  for (let i = 0; i < n; i += 1) {
    result.upper[i] = stream.update(high[i]!, low[i]!, close[i]!);
    result.middle[i] = stream.middle;
    result.lower[i] = stream.lower;
  }
  return result;
}

/** Streaming twin of {@link keltner}: O(1) per bar, no allocation. */
export class Keltner extends HlcIndicator {
  readonly lookback: number;
  readonly multiplier: number;
  private readonly ema: EMA;
  private readonly atr: ATR;
  private currentMiddle = Number.NaN;
  private currentWidth = Number.NaN;

  constructor(period = 20, multiplier = 2, atrPeriod = 10) {
    super();
    checkPeriod('KELTNER', 'period', period, 2);
    checkPeriod('KELTNER', 'atrPeriod', atrPeriod, 1);
    this.multiplier = checkNonNegative('KELTNER', 'multiplier', multiplier);
    this.ema = new EMA(period);
    this.atr = new ATR(atrPeriod);
    this.lookback = Math.max(period - 1, atrPeriod);
  }

  /** Feeds one bar; returns the upper band (NaN during the lookback). */
  update(high: number, low: number, close: number): number {
    this.currentMiddle = this.ema.update(close);
    this.currentWidth = this.multiplier * this.atr.update(high, low, close);
    this.fed += 1;
    if (this.fed > this.lookback) this.current = this.currentMiddle + this.currentWidth;
    return this.current;
  }

  override get outputs(): readonly string[] {
    return BAND_OUTPUTS;
  }

  get middle(): number {
    return this.fed > this.lookback ? this.currentMiddle : Number.NaN;
  }

  get upper(): number {
    return this.current;
  }

  get lower(): number {
    return this.middle - this.currentWidth;
  }

  protected override outputAt(index: number): number {
    return index === 0 ? this.current : index === 1 ? this.middle : this.lower;
  }

  override reset(): void {
    super.reset();
    this.ema.reset();
    this.atr.reset();
    this.currentMiddle = Number.NaN;
    this.currentWidth = Number.NaN;
  }
}
