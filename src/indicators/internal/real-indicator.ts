/**
 * The common shell of streaming indicators fed one number per bar (`input: 'real'`): bar feeding from the
 * close, `count`/`ready` bookkeeping and output lookup by name. Subclasses supply `update`, `value`,
 * `lookback` and `reset`, and multi-output ones override `outputs` and `output`.
 */
import type { IndicatorInput, StreamingIndicator } from '../types.js';
import { invalid } from './validate.js';

const VALUE_OUTPUTS: readonly string[] = Object.freeze(['value']);

export abstract class RealIndicator implements StreamingIndicator {
  readonly input: IndicatorInput = 'real';
  get outputs(): readonly string[] {
    return VALUE_OUTPUTS;
  }
  abstract readonly lookback: number;
  /** Values fed since construction or reset (subclasses increment it in `update`). */
  protected fed = 0;

  get count(): number {
    return this.fed;
  }

  get ready(): boolean {
    return this.fed > this.lookback;
  }

  /** The primary output of the latest bar; NaN while not ready. */
  abstract get value(): number;

  /** Feeds one value; returns the primary output of this bar (NaN during the lookback). */
  abstract update(x: number): number;

  /** Back to the freshly constructed state. */
  abstract reset(): void;

  updateBar(_open: number, _high: number, _low: number, close: number, _volume: number): number {
    return this.update(close);
  }

  output(name?: string): number {
    if (name === undefined || name === 'value') return this.value;
    return invalid(this.constructor.name, `no output named ${name}`, { output: name });
  }
}

/** Runs a fresh streaming indicator over a whole series: the batch twin of indicators whose state is rich. */
export function runReal(indicator: { update(x: number): number }, input: ArrayLike<number>): Float64Array {
  const n = input.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) out[i] = indicator.update(input[i]!);
  return out;
}
