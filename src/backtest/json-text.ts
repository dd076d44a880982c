/**
 * The §4.4 JSON text of a result, serialised once: the same equity text goes to stdout and to the database.
 */

import type { BacktestJson } from './types.js';

export interface EquityCurve {
  readonly ts: Float64Array;
  readonly equity: Float64Array;
  readonly length: number;
}

/**
 * `[[ts,equity],…]` as JSON text (non-finite values become null). Measured: JSON.stringify over pair
 * arrays beats hand-built strings by 2–4× (its number printing is native).
 */
export function equityJsonText(curve: EquityCurve): string {
  const pairs: Array<[number, number]> = new Array(curve.length);
  for (let i = 0; i < curve.length; i++) pairs[i] = [curve.ts[i]!, curve.equity[i]!];
  return JSON.stringify(pairs);
}

/** The §4.4 object as text, with the equity text given (from `equityJsonText`). */
export function backtestJsonText(
  result: Pick<BacktestJson, 'metrics' | 'trades'>,
  equityText: string,
): string {
  return `{"metrics":${JSON.stringify(result.metrics)},"trades":${JSON.stringify(result.trades)},"equity":${equityText}}`;
}
