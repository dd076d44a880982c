/**
 * The shell every streaming indicator shares, whatever it is fed (`RealIndicator` for one number per bar,
 * `BarIndicator` and its `HlIndicator`/`HlcIndicator`/`HlcvIndicator`/`CvIndicator` for several):
 * `count`/`ready` bookkeeping, the primary value, output lookup by name and the base of `reset()`.
 *
 * Every indicator keeps its latest primary output in `current` (NaN until it is defined: `update` assigns
 * it only from then on). `value` reads it directly and `output()` through `outputAt`, whose default is the
 * same field: that is all a single-output indicator needs. Multi-output ones override `outputs` and
 * `outputAt` (index 0 still `current`).
 */
import type { IndicatorInput, StreamingIndicator } from '../types.js';
import { invalid } from './validate.js';

/** `outputs` of every single-output indicator. */
export const VALUE_OUTPUT: readonly string[] = Object.freeze(['value']);

/** `outputs` of the band indicators (BBANDS, Donchian, Keltner). */
export const BAND_OUTPUTS: readonly string[] = Object.freeze(['upper', 'middle', 'lower']);

export abstract class StreamingBase implements StreamingIndicator {
  abstract readonly input: IndicatorInput;
  abstract readonly lookback: number;
  /** Values fed since construction or reset (subclasses increment it in `update`). */
  protected fed = 0;
  /** The latest primary output (output 0); NaN until defined. */
  protected current = Number.NaN;

  get outputs(): readonly string[] {
    return VALUE_OUTPUT;
  }

  get count(): number {
    return this.fed;
  }

  get ready(): boolean {
    return this.fed > this.lookback;
  }

  /** The primary output of the latest bar; NaN while not ready. */
  get value(): number {
    return this.current;
  }

  abstract updateBar(open: number, high: number, low: number, close: number, volume: number): number;

  /** The current value of output number `index` of `outputs`; multi-output indicators override it. */
  protected outputAt(_index: number): number {
    return this.current;
  }

  output(name?: string): number {
    if (name === undefined) return this.outputAt(0);
    const index = this.outputs.indexOf(name);
    if (index < 0) {
      return invalid(this.constructor.name, `no output named ${name} (has ${this.outputs.join(', ')})`, {
        output: name,
      });
    }
    return this.outputAt(index);
  }

  /** Back to the freshly constructed state; subclasses clear their own state after `super.reset()`. */
  reset(): void {
    this.fed = 0;
    this.current = Number.NaN;
  }
}
