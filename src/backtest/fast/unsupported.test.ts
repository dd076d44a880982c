import { describe, expect, it } from 'vitest';
import { fastPathFor } from './registry.js';
import { runSmaCrossFast } from './sma-cross.js';
import { configFor, handCandles, LINEAR_SWAP, seriesOf } from './test-fixtures.js';
import { isUnsupported, type SmaCrossFastInput } from './types.js';

const candles = handCandles();
const series = seriesOf(candles);
const base: SmaCrossFastInput = {
  series,
  params: { fast: 3, slow: 5, mode: 'long-only', size: 1, fraction: 1 },
  config: configFor(LINEAR_SWAP),
  instrument: LINEAR_SWAP,
};
const reason = (overrides: Partial<SmaCrossFastInput>) => {
  const result = runSmaCrossFast({ ...base, ...overrides });
  return isUnsupported(result) ? result.unsupported : 'supported';
};

describe('configurations the fast path leaves to the kernel', () => {
  it('runs the plain configuration', () => {
    expect(reason({})).toBe('supported');
  });

  it('volume-dependent slippage and partial fills', () => {
    const slippage = { kind: 'volatility-volume', spreadBps: 2, impact: 0.1 } as const;
    expect(reason({ config: configFor(LINEAR_SWAP, { slippage }) })).toBe('slippage-model');
    expect(reason({ config: configFor(LINEAR_SWAP, { maxVolumeShare: 0.1 }) })).toBe('max-volume-share');
  });

  it('several symbols, or a series of another symbol or timeframe', () => {
    const symbols = [LINEAR_SWAP.symbol, 'ETH/USDT:USDT'];
    expect(reason({ config: configFor(LINEAR_SWAP, { symbols }) })).toBe('multi-symbol');
    expect(reason({ series: { ...series, symbol: 'ETH/USDT:USDT' } })).toBe('multi-symbol');
    expect(reason({ series: { ...series, timeframe: '4h' } })).toBe('timeframe');
  });

  it('parameters and settings the kernel refuses', () => {
    expect(reason({ params: { fast: 5, slow: 5, mode: 'long-only', fraction: 1 } })).toBe('invalid-params');
    expect(reason({ params: { fast: 3, slow: 5, mode: 'long-only', size: 0, fraction: 1 } })).toBe(
      'invalid-params',
    );
    expect(reason({ config: configFor(LINEAR_SWAP, { capital: 0 }) })).toBe('invalid-config');
    expect(reason({ config: configFor(LINEAR_SWAP, { currency: 'USDC' }) })).toBe('invalid-config');
  });

  it('a position whose bar path comes near the liquidation price', () => {
    // fraction 9 at leverage 10, long from bar 13 at ≈109.1: cross liquidation ≈ 97.6.
    const params = { fast: 3, slow: 5, mode: 'long-only', fraction: 9 } as const;
    const config = configFor(LINEAR_SWAP, { leverage: 10 });
    expect(reason({ params, config })).toBe('supported');
    const low = series.low.slice();
    low[16] = 97;
    expect(reason({ params, config, series: { ...series, low } })).toBe('liquidation');
    // Isolated: margin = entry notional / 10 → liquidation ≈ 109.1 × 0.9 / 0.996 ≈ 98.6.
    const isolated = configFor(LINEAR_SWAP, { leverage: 10, marginMode: 'isolated' });
    const lowIsolated = series.low.slice();
    lowIsolated[16] = 99;
    expect(reason({ params, config: isolated, series: { ...series, low: lowIsolated } })).toBe('liquidation');
    expect(reason({ params, config, series: { ...series, low: lowIsolated } })).toBe('supported');
  });

  it('a mark sample near the liquidation price inside a held bar', () => {
    const params = { fast: 3, slow: 5, mode: 'long-only', fraction: 9 } as const;
    const config = configFor(LINEAR_SWAP, { leverage: 10 });
    const t = series.ts[16]! + 60_000;
    const marks = { ts: Float64Array.of(t), price: Float64Array.of(97) };
    expect(reason({ params, config, marks })).toBe('liquidation');
  });
});

describe('fastPathFor', () => {
  it('has sma-cross only, and reads its parameters from a resolved record', () => {
    expect(fastPathFor('ema-cross')).toBeUndefined();
    expect(fastPathFor('toString')).toBeUndefined();
    const evaluate = fastPathFor('sma-cross')!;
    const generic = evaluate({ ...base, params: { fast: 3, slow: 5, size: 1 } });
    expect(generic).toEqual(runSmaCrossFast(base));
    expect(evaluate({ ...base, params: { fast: '3', slow: 5 } })).toEqual({ unsupported: 'invalid-params' });
  });
});
