/**
 * The common shell of streaming indicators fed several prices per bar (`hl`, `hlc`, `hlcv`, `cv`):
 * `count`/`ready` bookkeeping and output lookup by name. Subclasses supply their natural `update(...)`,
 * `updateBar`, `outputAt` and `reset`. (Indicators of one number per bar use `RealIndicator`.)
 */
import type { IndicatorInput, Series, StreamingIndicator } from '../types.js';
import { checkSeries, invalid } from './validate.js';

/** `outputs` of every single-output indicator. */
export const VALUE_OUTPUT: readonly string[] = Object.freeze(['value']);

export abstract class BarIndicator implements StreamingIndicator {
  abstract readonly input: IndicatorInput;
  abstract readonly outputs: readonly string[];
  abstract readonly lookback: number;
  /** Bars fed since construction or reset (subclasses increment it in `update`). */
  protected fed = 0;

  get count(): number {
    return this.fed;
  }

  get ready(): boolean {
    return this.fed > this.lookback;
  }

  abstract updateBar(open: number, high: number, low: number, close: number, volume: number): number;

  /** Back to the freshly constructed state. */
  abstract reset(): void;

  /** The current value of output number `index` of `outputs` (0 is the primary one). */
  protected abstract outputAt(index: number): number;

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
}

/** All input series of one batch call have the same length; returns it. */
export function checkSameLength(indicator: string, inputs: Readonly<Record<string, Series>>): number {
  let length = -1;
  for (const [name, series] of Object.entries(inputs)) {
    checkSeries(indicator, name, series);
    if (length < 0) length = series.length;
    else if (series.length !== length) {
      const lengths = Object.fromEntries(Object.entries(inputs).map(([name, s]) => [name, s.length]));
      invalid(indicator, `inputs have different lengths (${JSON.stringify(lengths)})`, { lengths });
    }
  }
  return Math.max(length, 0);
}

/** Runs a fresh `hl` indicator over whole series (the batch twin of its streaming class). */
export function runHl(indicator: { update(high: number, low: number): number }, high: Series, low: Series) {
  const n = high.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) out[i] = indicator.update(high[i]!, low[i]!);
  return out;
}

/** Runs a fresh `hlc` indicator over whole series. */
export function runHlc(
  indicator: { update(high: number, low: number, close: number): number },
  high: Series,
  low: Series,
  close: Series,
): Float64Array {
  const n = high.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) out[i] = indicator.update(high[i]!, low[i]!, close[i]!);
  return out;
}

/** Runs a fresh `hlcv` indicator over whole series. */
export function runHlcv(
  indicator: { update(high: number, low: number, close: number, volume: number): number },
  high: Series,
  low: Series,
  close: Series,
  volume: Series,
): Float64Array {
  const n = high.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) out[i] = indicator.update(high[i]!, low[i]!, close[i]!, volume[i]!);
  return out;
}
