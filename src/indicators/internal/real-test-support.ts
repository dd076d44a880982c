/**
 * Test support (imported by `*.test.ts` only) for indicators of one series: the seeded close series they
 * are checked on against TA-Lib, and the property that a streaming twin yields exactly the batch values.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { talib } from '../../../test/support/talib.js';
import { seededRandom } from '../../core/random.js';
import type { StreamingIndicator } from '../types.js';
import { randomOhlcv } from './random-ohlcv.js';
import { expectTalibParity, parityCases } from './talib-parity.js';

export interface CloseCase {
  label: string;
  close: Float64Array;
}

/**
 * A random walk of full-precision floats (no price grid), so that running sums round at every step and
 * any difference from TA-Lib's order of operations shows.
 */
export function floatWalk(length: number, seed: number, start = 100, volatility = 0.01): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(length);
  let price = start * (1 + random() / 7);
  for (let i = 0; i < length; i += 1) {
    price *= 1 + (random() - 0.5) * 2 * volatility;
    out[i] = price;
  }
  return out;
}

/**
 * The closes of the shared parity cases (tick-grid prices at 100, 40 000 and 1e-6, with repeated and flat
 * bars; lengths 1…500) plus float walks at 100 and 40 000 and one with long flat runs.
 */
export function closeCases(): CloseCase[] {
  const cases: CloseCase[] = parityCases().map(({ label, bars }) => ({ label, close: bars.close }));
  let seed = 900;
  for (const length of [1, 2, 4, 9, 16, 33, 64, 130, 300]) {
    seed += 1;
    cases.push({ label: `float100 n=${length} seed=${seed}`, close: floatWalk(length, seed) });
    cases.push({ label: `float40k n=${length} seed=${seed}`, close: floatWalk(length, seed, 40_000, 0.002) });
  }
  const flat = floatWalk(200, 77);
  for (let i = 40; i < 90; i += 1) flat[i] = flat[39]!; // a long run of equal closes
  cases.push({ label: 'float100 with a flat run n=200', close: flat });
  return cases;
}

/**
 * Checks `ours` against TA-Lib's `TA_<fn>(close, …options)` on every close case: equal to 1e-9 relative,
 * NaN exactly where TA-Lib has no value. `outputs` names our outputs in TA-Lib's output order.
 */
export async function expectRealParity(
  name: string,
  fn: string,
  options: readonly number[],
  ours: (close: Float64Array) => BatchResult,
  outputs: readonly string[] = ['value'],
): Promise<void> {
  for (const { label, close } of closeCases()) {
    const expected = await talib(fn, [close], options, outputs.length);
    const result = ours(close);
    outputs.forEach((output, k) => {
      const actual = namedOutputs(result)[output]!;
      const tag = outputs.length > 1 ? `${name}.${output}` : name;
      expectTalibParity(tag, actual, expected[k]!, `${label} options=${options.join(',')}`);
    });
  }
}

/** What a batch function returns: one series, or named series (`{ macd, signal, hist }`). */
export type BatchResult = Float64Array | object;

/** The named outputs of a batch result (`value` for a single series). */
function namedOutputs(result: BatchResult): Record<string, Float64Array> {
  return result instanceof Float64Array ? { value: result } : (result as Record<string, Float64Array>);
}

/** A streaming indicator fed one number per bar. */
export interface RealStream extends StreamingIndicator {
  update(x: number): number;
  readonly value: number;
}

export interface StreamingProperty<P> {
  /** Parameters to draw. */
  params: fc.Arbitrary<P>;
  batch(close: Float64Array, params: P): BatchResult;
  stream(params: P): RealStream;
  /** Longest series drawn (default 300). */
  maxLength?: number;
  numRuns?: number;
}

/**
 * For random series and parameters: feeding the streaming twin value by value returns exactly (Object.is,
 * so bit for bit and NaN for NaN) the batch values of every output, keeps `count` and `ready` right, and
 * does it again after `reset()`. Some series are fed through `updateBar` to cover the close path.
 */
export function expectStreamingMatchesBatch<P>(property: StreamingProperty<P>): void {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: property.maxLength ?? 300 }),
      fc.integer(),
      fc.boolean(),
      property.params,
      (length, seed, viaBar, params) => {
        const close = seed % 3 === 0 ? floatWalk(length, seed) : randomOhlcv(length, seed).close;
        const batch = property.batch(close, params);
        const outputs = namedOutputs(batch);
        const stream = property.stream(params);
        expect(Object.keys(outputs).sort()).toEqual([...stream.outputs].sort());
        for (let pass = 0; pass < 2; pass += 1) {
          for (let i = 0; i < length; i += 1) {
            const x = close[i]!;
            const primary = viaBar ? stream.updateBar(x, x, x, x, 1) : stream.update(x);
            const mismatch = (what: string, got: number, want: number) =>
              new Error(`pass ${pass}, index ${i}: ${what} is ${got}, batch has ${want}`);
            const wantPrimary = outputs[stream.outputs[0]!]![i]!;
            if (!Object.is(primary, wantPrimary)) throw mismatch('update()', primary, wantPrimary);
            if (!Object.is(stream.value, primary)) throw mismatch('value', stream.value, primary);
            for (const name of stream.outputs) {
              const got = stream.output(name);
              if (!Object.is(got, outputs[name]![i]))
                throw mismatch(`output('${name}')`, got, outputs[name]![i]!);
            }
            if (stream.count !== i + 1) throw mismatch('count', stream.count, i + 1);
            if (stream.ready !== i >= stream.lookback)
              throw new Error(`index ${i}: ready is ${stream.ready}`);
          }
          stream.reset();
          expect(stream.count).toBe(0);
          expect(stream.ready).toBe(false);
        }
      },
    ),
    { numRuns: property.numRuns ?? 80 },
  );
}

/** Every value of `values` is NaN before `lookback` and a number from there on. */
export function expectDefinedFrom(values: Float64Array, lookback: number): void {
  for (let i = 0; i < values.length; i += 1) {
    expect(Number.isNaN(values[i]!), `index ${i}`).toBe(i < lookback);
  }
}

/** The error QL_ERR_INDICATOR_INVALID whose message mentions `pattern`. */
export function invalidIndicator(pattern: RegExp) {
  return expect.objectContaining({
    code: 'QL_ERR_INDICATOR_INVALID',
    message: expect.stringMatching(pattern),
  });
}
