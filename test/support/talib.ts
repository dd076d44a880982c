/**
 * TA-Lib itself (its C code compiled to WebAssembly by the `talib-web` package) as the reference our
 * indicators are checked against. We call the C functions directly (`TA_<NAME>(startIdx, endIdx, inputs…,
 * options…, &outBegIdx, &outNBElement, outputs…)`) because the package's JS wrapper drops `outBegIdx` and
 * reads one element past the input. Results are padded with NaN to the input length, like ours.
 */

import { createRequire } from 'node:module';

interface WasmModule {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAPF64: Float64Array;
  HEAP32: Int32Array;
  ccall(name: string, returnType: 'number', argTypes: string[], args: number[]): number;
}

let modulePromise: Promise<WasmModule> | undefined;

/** Loads the WebAssembly build once per test file. */
export function loadTalib(): Promise<WasmModule> {
  modulePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('talib-web/lib/talib.wasm');
    const talib = (await import('talib-web')) as unknown as { init(path: string): Promise<WasmModule> };
    // Emscripten prefers fetch() when it exists, and Node's fetch cannot read a plain path: hide it.
    const savedFetch = globalThis.fetch;
    (globalThis as { fetch?: unknown }).fetch = undefined;
    try {
      return await talib.init(wasmPath);
    } finally {
      globalThis.fetch = savedFetch;
    }
  })();
  return modulePromise;
}

/**
 * Calls `TA_<name>` over whole input arrays. `options` are the optIn* arguments in TA-Lib's order;
 * `outputs` is how many output arrays the function has. Returns the outputs, NaN-padded to the input
 * length (NaN exactly where TA-Lib gives no value).
 */
export async function talib(
  name: string,
  inputs: ReadonlyArray<ArrayLike<number>>,
  options: readonly number[],
  outputs = 1,
): Promise<Float64Array[]> {
  const m = await loadTalib();
  const n = inputs[0]!.length;
  const pointers: number[] = [];
  const alloc = (bytes: number): number => {
    const p = m._malloc(Math.max(bytes, 8));
    pointers.push(p);
    return p;
  };
  try {
    const inputPointers = inputs.map((values) => {
      if (values.length !== n) throw new Error(`talib ${name}: inputs of different lengths`);
      const p = alloc(8 * n);
      m.HEAPF64.set(Array.from(values), p >> 3);
      return p;
    });
    const begPointer = alloc(4);
    const countPointer = alloc(4);
    const outputPointers = Array.from({ length: outputs }, () => alloc(8 * n));
    const args = [0, n - 1, ...inputPointers, ...options, begPointer, countPointer, ...outputPointers];
    const rc = m.ccall(
      `TA_${name}`,
      'number',
      args.map(() => 'number'),
      args,
    );
    if (rc !== 0) throw new Error(`TA_${name} returned error code ${rc}`);
    const begin = m.HEAP32[begPointer >> 2]!;
    const count = m.HEAP32[countPointer >> 2]!;
    return outputPointers.map((p) => {
      const out = new Float64Array(n).fill(Number.NaN);
      out.set(m.HEAPF64.subarray(p >> 3, (p >> 3) + count), begin);
      return out;
    });
  } finally {
    for (const p of pointers) m._free(p);
  }
}

/** TA-Lib's MA type codes, for options such as BBANDS' and STOCH's. */
export const TA_MA_TYPE = { SMA: 0, EMA: 1, WMA: 2, DEMA: 3, TEMA: 4, TRIMA: 5, KAMA: 6, MAMA: 7, T3: 8 };

/**
 * Largest relative difference |actual − expected| / |expected| over the values both define, and the first
 * index where one is NaN and the other is not (−1 when none).
 */
export function compareSeries(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): { maxRelativeError: number; nanMismatchAt: number } {
  let maxRelativeError = 0;
  let nanMismatchAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) || Number.isNaN(e)) {
      if (Number.isNaN(a) !== Number.isNaN(e) && nanMismatchAt < 0) nanMismatchAt = i;
      continue;
    }
    // Purely relative, no absolute floor: indicator values of tiny-priced assets are ~1e-9 and a floor would
    // hide thousand-fold errors there. Equal values (both 0 included) agree exactly; a nonzero value where
    // TA-Lib has 0 is an infinite error, and NaN errors (±Infinity against finite) count too.
    if (a === e) continue;
    const error = Math.abs(a - e) / Math.abs(e);
    if (!(error <= maxRelativeError)) maxRelativeError = error;
  }
  return { maxRelativeError, nanMismatchAt };
}
