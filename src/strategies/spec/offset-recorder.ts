/**
 * Earlier values of an indicator's outputs (`fast[1]`, `macd.signal[2]`), recorded as the host feeds it.
 *
 * The recorder wraps the indicator and is what gets bound to the series, so it sees every bar — also the
 * warm-up bars before the strategy is first called — and it reports itself ready only once the deepest
 * offset a rule reads is defined. So `fast[1]` has a value on the very first `onCandle`, and an offset on a
 * higher-timeframe indicator counts bars of that timeframe. Fixed rings: nothing is allocated per bar.
 */

import type { IndicatorInput, StreamingIndicator } from '../../indicators/types.js';

interface OutputRing {
  readonly name: string;
  readonly values: Float64Array;
}

export class OffsetRecorder implements StreamingIndicator {
  private readonly rings: OutputRing[] = [];
  /** Capacity of every ring: the deepest offset + 1. */
  private readonly capacity: number;
  /** Slot of the latest recorded value. */
  private head = -1;
  /** Bars recorded since the wrapped indicator became ready. */
  private readyBars = 0;

  constructor(
    readonly inner: StreamingIndicator,
    outputs: readonly string[],
    /** The deepest offset any rule reads. */
    readonly depth: number,
  ) {
    this.capacity = depth + 1;
    for (const name of outputs) {
      this.rings.push({ name, values: new Float64Array(this.capacity).fill(Number.NaN) });
    }
  }

  get input(): IndicatorInput {
    return this.inner.input;
  }
  get outputs(): readonly string[] {
    return this.inner.outputs;
  }
  get lookback(): number {
    return this.inner.lookback + this.depth;
  }
  get count(): number {
    return this.inner.count;
  }
  /** Ready once the inner indicator is, and `depth` more bars have been recorded. */
  get ready(): boolean {
    return this.readyBars > this.depth;
  }

  updateBar(open: number, high: number, low: number, close: number, volume: number): number {
    const value = this.inner.updateBar(open, high, low, close, volume);
    this.record();
    return value;
  }

  /** The one-number update of `real` indicators fed from a source other than close. */
  update(x: number): number {
    const value = (this.inner as unknown as { update(x: number): number }).update(x);
    this.record();
    return value;
  }

  output(name?: string): number {
    return this.inner.output(name);
  }

  /** The ring slot of an output, for `at`. */
  slotOf(name: string): number {
    return this.rings.findIndex((ring) => ring.name === name);
  }

  /** Output `slot`'s value `offset` bars back (0 = latest); NaN before it was recorded. */
  at(slot: number, offset: number): number {
    if (this.head < 0) return Number.NaN;
    return this.rings[slot]!.values[(this.head - offset + this.capacity) % this.capacity]!;
  }

  reset(): void {
    this.inner.reset();
    this.head = -1;
    this.readyBars = 0;
    for (const ring of this.rings) ring.values.fill(Number.NaN);
  }

  private record(): void {
    this.head = (this.head + 1) % this.capacity;
    for (const ring of this.rings) ring.values[this.head] = this.inner.output(ring.name);
    if (this.inner.ready) this.readyBars += 1;
  }
}
