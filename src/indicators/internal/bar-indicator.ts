/**
 * The shells of streaming indicators fed several prices per bar. `BarIndicator` is their common type; the
 * four input kinds below each fix `input` and map `updateBar` onto the natural `update(...)` once, so an
 * indicator extends the kind it reads (`class ADX extends HlcIndicator`) and supplies only `update`,
 * `lookback` and its own state (plus `outputs`/`outputAt` when it has several outputs). Everything else
 * (`count`, `ready`, `value`, `output(name)`, the base of `reset`) is `StreamingBase`'s.
 * (Indicators of one number per bar use `RealIndicator`.)
 */
import type { IndicatorInput, Series } from '../types.js';
import { StreamingBase } from './streaming-base.js';
import { checkSeries, invalid } from './validate.js';

/** A streaming indicator fed several prices per bar (`hl`, `hlc`, `hlcv`, `cv`). */
export abstract class BarIndicator extends StreamingBase {}

/** Fed high and low. */
export abstract class HlIndicator extends BarIndicator {
  readonly input: IndicatorInput = 'hl';

  /** Feeds one bar; returns its primary output (NaN during the lookback). */
  abstract update(high: number, low: number): number;

  updateBar(_open: number, high: number, low: number, _close: number, _volume: number): number {
    return this.update(high, low);
  }
}

/** Fed high, low and close. */
export abstract class HlcIndicator extends BarIndicator {
  readonly input: IndicatorInput = 'hlc';

  /** Feeds one bar; returns its primary output (NaN during the lookback). */
  abstract update(high: number, low: number, close: number): number;

  updateBar(_open: number, high: number, low: number, close: number, _volume: number): number {
    return this.update(high, low, close);
  }
}

/** Fed high, low, close and volume. */
export abstract class HlcvIndicator extends BarIndicator {
  readonly input: IndicatorInput = 'hlcv';

  /** Feeds one bar; returns its primary output (NaN during the lookback). */
  abstract update(high: number, low: number, close: number, volume: number): number;

  updateBar(_open: number, high: number, low: number, close: number, volume: number): number {
    return this.update(high, low, close, volume);
  }
}

/** Fed close and volume. */
export abstract class CvIndicator extends BarIndicator {
  readonly input: IndicatorInput = 'cv';

  /** Feeds one bar; returns its primary output (NaN during the lookback). */
  abstract update(close: number, volume: number): number;

  updateBar(_open: number, _high: number, _low: number, close: number, volume: number): number {
    return this.update(close, volume);
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
