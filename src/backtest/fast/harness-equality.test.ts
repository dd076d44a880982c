/**
 * The fast path against the real `sma-cross` strategy running in the strategy host over the test broker
 * (test/support/strategy-harness.ts). That broker fills market orders at the next open, without fees or
 * slippage, on a margin account whose equity is cash + unrealised PnL at the close: on those settings the
 * kernel's arithmetic is the same, so decisions, fills and every equity point must match to the bit.
 * The integrator's kernel-equality test covers fees, slippage, funding and close fills.
 */

import { describe, expect, it } from 'vitest';
import { OKX_BTC_USDT_SWAP } from '../../../test/support/instruments.js';
import { runStrategy } from '../../../test/support/strategy-harness.js';
import { smaCross } from '../../strategies/builtins/ma-cross.js';
import { SmaCache } from './sma-cache.js';
import { runSmaCrossFast } from './sma-cross.js';
import { configFor, randomWalkCandles, seriesOf } from './test-fixtures.js';
import { isUnsupported, type SmaCrossFastParams } from './types.js';

const inst = OKX_BTC_USDT_SWAP;
const candles = randomWalkCandles(3_000, 7);
const series = seriesOf(candles, inst.symbol);
const config = configFor(inst, {
  fees: { maker: 0, taker: 0 },
  slippage: { kind: 'fixed', bps: 0 },
  leverage: 100,
});
const cache = new SmaCache(series.close);

const cases: SmaCrossFastParams[] = [
  { fast: 5, slow: 20, mode: 'long-only', fraction: 1 },
  { fast: 5, slow: 20, mode: 'long-short', fraction: 1 },
  { fast: 12, slow: 50, mode: 'long-short', size: 0.37, fraction: 1 },
  { fast: 3, slow: 7, mode: 'long-short', fraction: 2.5 },
  { fast: 20, slow: 21, mode: 'long-only', size: 1.5, fraction: 1 },
];

describe('fast path = strategy host + test broker (no fees, next-open)', () => {
  for (const params of cases) {
    it(`${params.mode} fast ${params.fast} slow ${params.slow} ${params.size === undefined ? `fraction ${params.fraction}` : `size ${params.size}`}`, () => {
      const fast = runSmaCrossFast({ series, params, config, instrument: inst, smaCache: cache });
      if (isUnsupported(fast)) throw new Error(`unsupported: ${fast.unsupported}`);
      const harness = runStrategy({
        definition: smaCross,
        params: params.size === undefined ? { ...params, size: undefined } : params,
        instruments: [inst],
        capital: config.capital,
        series: [{ symbol: inst.symbol, timeframe: '1h', candles }],
      });
      expect(harness.fills.length).toBeGreaterThan(10);
      expect(fast.fillLog.map((f) => [f.ts, f.side, f.qty, f.price])).toEqual(
        harness.fills.map((f) => [f.tsEvent, f.side, f.qty, f.price]),
      );
      expect(fast.length).toBe(harness.equity.length);
      for (let i = 0; i < fast.length; i++) {
        const [t, e] = harness.equity[i]!;
        if (fast.ts[i] !== t || fast.equity[i] !== e)
          throw new Error(`bar ${i}: fast [${fast.ts[i]}, ${fast.equity[i]}] vs host [${t}, ${e}]`);
      }
      expect(fast.position).toBe(harness.positions[inst.symbol]!.qty);
    });
  }
});
