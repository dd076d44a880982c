/**
 * Speed of one evaluation over a year of 1m bars (525,600), warm: SMAs cached and an equity buffer
 * reused, as in a sweep. Logs bars/s; asserts only a very loose floor (1M bars/s, 50× below the target)
 * that only a broken fast path (quadratic, allocating per bar) misses, so a slow or busy machine never
 * fails it (the target is ≥ 50M bars/s; the `backtest-fast-path` benchmark reports it).
 *
 * The worst case for the fast path is many fills: without fees, fast 10 / slow 30 long-short on a 1m
 * random walk flips the position on every one of ~20,000 crosses.
 */

import { describe, expect, it } from 'vitest';
import type { BacktestConfig } from '../types.js';
import { SmaCache } from './sma-cache.js';
import { runSmaCrossFast } from './sma-cross.js';
import { configFor, LINEAR_SWAP, randomWalkSeries } from './test-fixtures.js';
import { isUnsupported, type SmaCrossFastInput } from './types.js';

const BARS = 525_600;

function measure(input: SmaCrossFastInput): { median: number; min: number; fills: number } {
  const first = runSmaCrossFast(input);
  if (isUnsupported(first)) throw new Error(`unsupported: ${first.unsupported}`);
  for (let k = 0; k < 5; k++) runSmaCrossFast(input);
  const times: number[] = [];
  for (let k = 0; k < 21; k++) {
    const t = performance.now();
    runSmaCrossFast(input);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[10]!, min: times[0]!, fills: first.fills };
}

describe('fast path throughput', () => {
  it('evaluates a year of 1m bars above a loose floor of 1M bars/s', () => {
    const series = randomWalkSeries(BARS, 42);
    const smaCache = new SmaCache(series.close);
    const equityBuffer = new Float64Array(BARS);
    const cases: Array<[string, Partial<BacktestConfig>]> = [
      ['no fees (a flip per cross)', { fees: { maker: 0, taker: 0 }, slippage: { kind: 'fixed', bps: 0 } }],
      ['taker 10 bps + 10 bps slippage', {}],
    ];
    for (const [name, overrides] of cases) {
      const { median, min, fills } = measure({
        series,
        params: { fast: 10, slow: 30, mode: 'long-short', fraction: 1 },
        config: configFor(LINEAR_SWAP, { timeframe: '1m', leverage: 3, ...overrides }),
        instrument: LINEAR_SWAP,
        smaCache,
        equityBuffer,
      });
      const rate = (ms: number) => `${(BARS / (ms / 1000) / 1e6).toFixed(1)}M bars/s`;
      console.log(
        `fast path, ${name}: ${fills} fills; median ${median.toFixed(2)} ms (${rate(median)}), best ${min.toFixed(2)} ms (${rate(min)})`,
      );
      expect(fills).toBeGreaterThan(1000);
      expect(BARS / (median / 1000)).toBeGreaterThan(1_000_000);
    }
  });
});
