/**
 * Test support (imported by `*.test.ts` only): feeds a streaming indicator bar by bar and checks that
 * every output equals the batch value at that index exactly (`Object.is`, so NaN placement counts too),
 * that `value` and `output()` are the primary output, that `count`/`ready` follow the lookback, and that
 * `reset()` gives a fresh indicator.
 */
import { expect } from 'vitest';
import type { StreamingIndicator } from '../types.js';
import type { OhlcvSeries } from './random-ohlcv.js';

export function expectStreamEqualsBatch(
  stream: StreamingIndicator,
  bars: OhlcvSeries,
  batch: Readonly<Record<string, Float64Array>>,
): void {
  expect([...stream.outputs].sort(), 'outputs').toEqual(Object.keys(batch).sort());
  const n = bars.close.length;
  for (let pass = 0; pass < 2; pass += 1) {
    for (let i = 0; i < n; i += 1) {
      const primary = stream.updateBar(
        bars.open[i]!,
        bars.high[i]!,
        bars.low[i]!,
        bars.close[i]!,
        bars.volume[i]!,
      );
      const names = stream.outputs;
      const value = (stream as { value?: number }).value;
      if (
        !Object.is(primary, batch[names[0]!]![i]) ||
        !Object.is(stream.output(), primary) ||
        !Object.is(value, primary)
      ) {
        expect(stream.output(), 'output() is the primary output').toBe(primary);
        expect(value, 'value is the primary output').toBe(primary);
        expect(primary, `${stream.constructor.name} primary output at ${i}`).toBe(batch[names[0]!]![i]);
      }
      for (const name of names) {
        const value = stream.output(name);
        if (!Object.is(value, batch[name]![i])) {
          expect(value, `${stream.constructor.name}.${name} at ${i} (pass ${pass})`).toBe(batch[name]![i]);
        }
      }
      if (stream.count !== i + 1 || stream.ready !== i >= stream.lookback) {
        expect([stream.count, stream.ready], `count/ready at ${i}`).toEqual([i + 1, i >= stream.lookback]);
      }
    }
    stream.reset();
    expect(stream.count).toBe(0);
  }
}
