/**
 * The shell of streaming indicators fed one number per bar (`input: 'real'`): bar feeding from the close,
 * on top of `StreamingBase` (`count`/`ready`, `value`, output lookup, `reset`). Subclasses supply
 * `update` and `lookback`, and reset their own state after `super.reset()`.
 */
import type { IndicatorInput } from '../types.js';
import { StreamingBase } from './streaming-base.js';

export abstract class RealIndicator extends StreamingBase {
  readonly input: IndicatorInput = 'real';

  /** Feeds one value; returns the primary output of this bar (NaN during the lookback). */
  abstract update(x: number): number;

  updateBar(_open: number, _high: number, _low: number, close: number, _volume: number): number {
    return this.update(close);
  }
}

/** Runs a fresh streaming indicator over a whole series: the batch twin of indicators whose state is rich. */
export function runReal(indicator: { update(x: number): number }, input: ArrayLike<number>): Float64Array {
  const n = input.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) out[i] = indicator.update(input[i]!);
  return out;
}
