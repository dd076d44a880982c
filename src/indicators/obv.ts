/**
 * On-balance volume with TA-Lib semantics (`OBV`).
 */
import { BarIndicator, checkSameLength, VALUE_OUTPUT } from './internal/bar-indicator.js';
import type { IndicatorInput, Series } from './types.js';

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
export class OBV extends BarIndicator {
  readonly input: IndicatorInput = 'cv';
  readonly outputs = VALUE_OUTPUT;
  readonly lookback = 0;
  private prevClose = 0;
  private total = Number.NaN;

  update(close: number, volume: number): number {
    if (this.fed === 0) this.total = volume;
    else if (close > this.prevClose) this.total += volume;
    else if (close < this.prevClose) this.total -= volume;
    this.prevClose = close;
    this.fed += 1;
    return this.total;
  }

  updateBar(_open: number, _high: number, _low: number, close: number, volume: number): number {
    return this.update(close, volume);
  }

  get value(): number {
    return this.total;
  }

  protected outputAt(): number {
    return this.total;
  }

  reset(): void {
    this.fed = 0;
    this.prevClose = 0;
    this.total = Number.NaN;
  }
}
