/**
 * Chande's Aroon indicator with TA-Lib semantics (`AROON`).
 */
import { checkSameLength, HlIndicator } from './internal/bar-indicator.js';
import { RollingExtreme } from './internal/rolling-extreme.js';
import { checkPeriod } from './internal/validate.js';
import type { Series } from './types.js';

/** The two lines of {@link aroon}, in TA-Lib's order. */
export interface AroonResult {
  down: Float64Array;
  up: Float64Array;
}

/**
 * Aroon, TA-Lib `AROON(period)` (default 14, period >= 2). Over the last `period + 1` bars (today
 * included): `up = 100/period · (period − bars since the highest high)`,
 * `down = 100/period · (period − bars since the lowest low)`. Ties go to the most recent bar, as in
 * TA-Lib. Lookback `period`.
 */
export function aroon(high: Series, low: Series, period = 14): AroonResult {
  const stream = new Aroon(period);
  const n = checkSameLength('AROON', { high, low });
  const down = new Float64Array(n);
  const up = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    down[i] = stream.update(high[i]!, low[i]!);
    up[i] = stream.up;
  }
  return { down, up };
}

const AROON_OUTPUTS: readonly string[] = Object.freeze(['down', 'up']);

/** Streaming twin of {@link aroon}: O(1) amortised per bar (monotonic deques), no allocation. */
export class Aroon extends HlIndicator {
  readonly lookback: number;
  readonly period: number;
  private readonly factor: number;
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;
  private currentUp = Number.NaN;

  constructor(period = 14) {
    super();
    this.period = checkPeriod('AROON', 'period', period, 2);
    this.lookback = period;
    this.factor = 100.0 / period;
    this.highest = new RollingExtreme(period + 1, 'max');
    this.lowest = new RollingExtreme(period + 1, 'min');
  }

  /** Feeds one bar; returns Aroon down (NaN during the lookback). */
  update(high: number, low: number): number {
    const bar = this.fed;
    this.fed = bar + 1;
    this.highest.push(bar, high);
    this.lowest.push(bar, low);
    if (bar < this.period) return Number.NaN;
    this.currentUp = this.factor * (this.period - (bar - this.highest.index));
    this.current = this.factor * (this.period - (bar - this.lowest.index));
    return this.current;
  }

  override get outputs(): readonly string[] {
    return AROON_OUTPUTS;
  }

  get down(): number {
    return this.current;
  }

  get up(): number {
    return this.fed > this.lookback ? this.currentUp : Number.NaN;
  }

  protected override outputAt(index: number): number {
    return index === 0 ? this.current : this.up;
  }

  override reset(): void {
    super.reset();
    this.highest.reset();
    this.lowest.reset();
    this.currentUp = Number.NaN;
  }
}
