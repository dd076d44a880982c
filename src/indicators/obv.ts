/**
 * On-balance volume with TA-Lib semantics (`OBV`).
 */
import { CvIndicator, checkSameLength } from './internal/bar-indicator.js';
import type { Series } from './types.js';

/**
 * On-balance volume, TA-Lib `OBV`: starts at the first bar's volume (not 0 — a TA-Lib convention), then
 * adds the volume of a bar closing above the previous close, subtracts it on a lower close, and keeps
 * the total on an equal close. Lookback 0.
 */
export function obv(close: Series, volume: Series): Float64Array {
  const n = checkSameLength('OBV', { close, volume });
  const indicator = new OBV();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) out[i] = indicator.update(close[i]!, volume[i]!);
  return out;
}

/** Streaming twin of {@link obv}. */
export class OBV extends CvIndicator {
  readonly lookback = 0;
  private prevClose = 0;

  update(close: number, volume: number): number {
    if (this.fed === 0) this.current = volume;
    else if (close > this.prevClose) this.current += volume;
    else if (close < this.prevClose) this.current -= volume;
    this.prevClose = close;
    this.fed += 1;
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.prevClose = 0;
  }
}
