/**
 * Candles for the built-in strategies' tests: synthetic series with exactly the closes a case needs, and
 * the real hourly Binance files of shared/data (through test/support's loader, never copied here).
 */

import {
  type RunStrategyOptions,
  runStrategy,
  type StrategyRunResult,
} from '../../../test/support/strategy-harness.js';
import type { Candle } from '../../core/market.js';

export const HOUR_MS = 3_600_000;
/** 2024-01-01T00:00:00Z. */
export const SYNTHETIC_START = 1_704_067_200_000;

/**
 * Candles whose closes are `closes`; each opens at the previous close (the first at its own close), with
 * high/low 0.5 % around the body and volume `volume[i]` (default 100).
 */
export function candlesFromCloses(
  closes: readonly number[],
  options: { start?: number; stepMs?: number; volume?: readonly number[]; spread?: number } = {},
): Candle[] {
  const start = options.start ?? SYNTHETIC_START;
  const step = options.stepMs ?? HOUR_MS;
  const spread = options.spread ?? 0.005;
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    return {
      ts: start + i * step,
      open,
      high: Math.max(open, close) * (1 + spread),
      low: Math.min(open, close) * (1 - spread),
      close,
      volume: options.volume?.[i] ?? 100,
    };
  });
}

/** The closes of a candle list as a Float64Array (for batch indicators). */
export function closesOf(candles: readonly Candle[]): Float64Array {
  return Float64Array.from(candles, (c) => c.close);
}

/** Index of the candle with open time `ts` (the harness reports fills by time). */
export function indexAt(candles: readonly Candle[], ts: number): number {
  const at = candles.findIndex((c) => c.ts === ts);
  if (at < 0) throw new Error(`no candle at ${new Date(ts).toISOString()}`);
  return at;
}

/**
 * The failures a harness run recorded (callbacks that threw or sent garbage), as readable lines: a
 * strategy test expects none, since the host would otherwise hide a broken decision behind a skipped bar.
 */
export function callbackFailures(result: {
  readonly events: readonly { readonly type: string }[];
}): string[] {
  return result.events
    .filter((e) => e.type === 'callback-failed')
    .map((e) => JSON.stringify(e).slice(0, 300));
}

/** `runStrategy` that fails the test when any strategy callback failed during the run. */
export function runChecked(options: RunStrategyOptions): StrategyRunResult {
  const result = runStrategy(options);
  const failures = callbackFailures(result);
  if (failures.length > 0) throw new Error(`strategy callbacks failed:\n${failures.join('\n')}`);
  return result;
}
