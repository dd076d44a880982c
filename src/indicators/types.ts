/**
 * Shared shapes of the indicator library (DESIGN.md §4.5).
 *
 * Batch functions take `Float64Array | number[]` inputs and return `Float64Array`s of the input's length
 * with `NaN` where TA-Lib has no value (its lookback). Every batch function has a streaming twin: a class
 * whose `update(...)` is O(1), allocates nothing, and yields exactly the batch value for that index.
 */

/** A batch input series. */
export type Series = Float64Array | readonly number[];

/**
 * What a streaming indicator consumes per bar, so that engines can feed any indicator from a candle:
 * - `real`  one number (close by default; the caller picks the source)
 * - `hl`    high, low
 * - `hlc`   high, low, close
 * - `hlcv`  high, low, close, volume
 * - `cv`    close, volume
 * - `ohlc`  open, high, low, close
 */
export type IndicatorInput = 'real' | 'hl' | 'hlc' | 'hlcv' | 'cv' | 'ohlc';

/**
 * The uniform face of every streaming indicator class (`new RSI(14)`, `new MACD(12, 26, 9)` …).
 *
 * Each class also has its natural `update(...)` (for example `update(x)` for `real`,
 * `update(high, low, close)` for `hlc`), which returns the primary output of that bar (`NaN` while not
 * ready). Multi-output classes expose their outputs as named getters (`macd`, `signal`, `hist`).
 */
export interface StreamingIndicator {
  /** What `updateBar` reads from a bar. */
  readonly input: IndicatorInput;
  /** Output names, primary first: `['value']` for single-output indicators, `['macd','signal','hist']` … */
  readonly outputs: readonly string[];
  /** TA-Lib lookback: inputs consumed before the first defined value (the first value is at index lookback). */
  readonly lookback: number;
  /** How many values have been fed since construction or `reset()`. */
  readonly count: number;
  /** True once every output is defined (count > lookback for TA-Lib-style indicators). */
  readonly ready: boolean;
  /**
   * Feeds one bar. `real` indicators use `close` here; engines that want another source (volume, hl2 …)
   * call `update(x)` directly. Returns the primary output.
   */
  updateBar(open: number, high: number, low: number, close: number, volume: number): number;
  /** The current value of an output by name (the primary output when omitted); NaN while undefined. */
  output(name?: string): number;
  /** Back to the freshly constructed state. */
  reset(): void;
}
