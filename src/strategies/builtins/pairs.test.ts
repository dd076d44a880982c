import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import {
  BTCUSDT_FUTURES_1H,
  ETHUSDT_FUTURES_1H,
  loadSharedCandles,
} from '../../../test/support/strategy-candles.js';
import type { StrategyRunResult } from '../../../test/support/strategy-harness.js';
import { isQuantLabError } from '../../core/errors.js';
import type { Candle } from '../../core/market.js';
import { resolveParams } from '../params.js';
import type { SignalRecord } from '../ports.js';
import { SeededRandom } from '../stats/seeded-random.js';
import { pairs } from './pairs.js';
import { HOUR_MS, runChecked, SYNTHETIC_START } from './test-data.js';

const ETH = 'ETH/USDT:USDT';
const BTC = 'BTC/USDT:USDT';

function keysOf(params: unknown): string[] {
  try {
    resolveParams(pairs, params);
    return [];
  } catch (error) {
    if (!isQuantLabError(error)) throw error;
    return error.details?.['keys'] as string[];
  }
}

/** The latest `estimate` signal at or before `ts`. */
function estimateAt(signals: readonly SignalRecord[], ts: number): SignalRecord | undefined {
  return signals.filter((s) => s.kind === 'estimate' && s.ts <= ts).at(-1);
}

const entries = (result: StrategyRunResult) => result.signals.filter((s) => s.kind.startsWith('enter-'));

/** Flat candles at the given closes (open = close), one per hour. */
function flatCandles(closes: readonly number[]): Candle[] {
  return closes.map((close, i) => ({
    ts: SYNTHETIC_START + i * HOUR_MS,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
  }));
}

describe('pairs parameters', () => {
  it('names the key of each broken constraint', () => {
    expect(keysOf({})).toEqual([]);
    expect(keysOf({ exitZ: 2 })).toEqual(['exitZ']);
    expect(keysOf({ stopZ: 1.5 })).toEqual(['stopZ']);
    expect(keysOf({ zWindow: 600 })).toEqual(['zWindow']);
    expect(keysOf({ minHalfLife: 300 })).toEqual(['minHalfLife']);
    expect(keysOf({ legRisk: 'hope' })).toEqual(['legRisk']);
  });
});

describe('pairs on a synthetic cointegrated pair', () => {
  // ln x a random walk (2 % steps); ln y = 0.5 + 1.2·ln x + AR(1) noise (φ = 0.8, σ 0.5 %): cointegrated
  // with β = 1.2 and a half-life of −ln 2 / ln 0.8 ≈ 3.1 bars.
  const rng = new SeededRandom(42);
  const lx = rng.ar1(1200, 1, 0.02, Math.log(100));
  const noise = rng.ar1(1200, 0.8, 0.005);
  const x = flatCandles([...lx].map(Math.exp));
  const y = flatCandles([...lx].map((v, i) => Math.exp(0.5 + 1.2 * v + noise[i]!)));

  it('estimates β ≈ 1.2, trades the spread both ways and sizes the legs by the hedge ratio', () => {
    const result = runChecked({
      definition: pairs,
      params: { window: 400, zWindow: 100 },
      series: [
        { symbol: 'Y/USDT', timeframe: '1h', candles: y },
        { symbol: 'X/USDT', timeframe: '1h', candles: x },
      ],
      capital: 100_000,
    });
    const estimates = result.signals.filter((s) => s.kind === 'estimate');
    for (const e of estimates) {
      expect(e.payload['beta']).toBeGreaterThan(1.1);
      expect(e.payload['beta']).toBeLessThan(1.3);
      expect(e.payload['tradable']).toBe(true);
    }
    const enters = entries(result);
    expect(enters.some((s) => s.kind === 'enter-long-spread')).toBe(true);
    expect(enters.some((s) => s.kind === 'enter-short-spread')).toBe(true);
    for (const e of enters) {
      const z = e.payload['z'] as number;
      expect(Math.abs(z)).toBeGreaterThanOrEqual(2);
      expect(Math.sign(z)).toBe(e.kind === 'enter-long-spread' ? -1 : 1);
      const i = (e.ts - HOUR_MS - SYNTHETIC_START) / HOUR_MS;
      const notionalY = (e.payload['qtyY'] as number) * y[i]!.close;
      const notionalX = (e.payload['qtyX'] as number) * x[i]!.close;
      expect(notionalX / notionalY).toBeCloseTo(e.payload['beta'] as number, 4);
    }
  });

  it('dollarNeutral puts the same notional on both legs', () => {
    const result = runChecked({
      definition: pairs,
      params: { window: 400, zWindow: 100, dollarNeutral: true },
      series: [
        { symbol: 'Y/USDT', timeframe: '1h', candles: y },
        { symbol: 'X/USDT', timeframe: '1h', candles: x },
      ],
      capital: 100_000,
    });
    const enters = entries(result);
    expect(enters.length).toBeGreaterThan(0);
    for (const e of enters) {
      const i = (e.ts - HOUR_MS - SYNTHETIC_START) / HOUR_MS;
      expect(
        ((e.payload['qtyX'] as number) * x[i]!.close) / ((e.payload['qtyY'] as number) * y[i]!.close),
      ).toBeCloseTo(1, 6);
    }
  });
});

describeWithSharedData('pairs on ETH/BTC perpetual 1h', () => {
  let eth: Candle[] = [];
  let btc: Candle[] = [];
  const run = (params: object, btcCandles: readonly Candle[] = btc): StrategyRunResult =>
    runChecked({
      definition: pairs,
      params,
      series: [
        { symbol: ETH, timeframe: '1h', candles: eth },
        { symbol: BTC, timeframe: '1h', candles: btcCandles },
      ],
      capital: 100_000,
    });
  let base: StrategyRunResult;
  beforeAll(() => {
    eth = loadSharedCandles(ETHUSDT_FUTURES_1H);
    btc = loadSharedCandles(BTCUSDT_FUTURES_1H);
    base = run({});
  });

  it('estimates a hedge ratio of ln ETH on ln BTC in a plausible range, re-estimated every 24 bars', () => {
    const estimates = base.signals.filter((s) => s.kind === 'estimate');
    expect(estimates.length).toBe(Math.floor((eth.length - 500) / 24) + 1);
    for (const e of estimates) {
      expect(e.payload['beta']).toBeGreaterThan(0.2);
      expect(e.payload['beta']).toBeLessThan(3);
    }
    expect(estimates[1]!.ts - estimates[0]!.ts).toBe(24 * HOUR_MS);
  });

  it('enters only while the latest estimate is cointegrated at 5 % with an acceptable half-life', () => {
    const enters = entries(base);
    expect(enters.length).toBeGreaterThan(0);
    for (const e of enters) {
      const estimate = estimateAt(base.signals, e.ts)!;
      expect(estimate.payload['tradable']).toBe(true);
      expect(estimate.payload['pValue']).toBeLessThan(0.05);
      expect(estimate.payload['halfLife']).toBeGreaterThanOrEqual(1);
      expect(estimate.payload['halfLife']).toBeLessThanOrEqual(200);
      expect(Math.abs(e.payload['z'] as number)).toBeGreaterThanOrEqual(2);
    }
    // Both legs fill, opposite ways, and every round trip ends flat.
    expect(base.signals.filter((s) => s.kind === 'entered')).toHaveLength(enters.length);
    for (const e of enters) {
      const legs = base.fills.filter((f) => f.tsEvent === e.ts);
      expect(legs.map((f) => [f.instrumentId.endsWith(ETH), f.side]).sort()).toEqual(
        e.kind === 'enter-long-spread'
          ? [
              [false, 'sell'],
              [true, 'buy'],
            ]
          : [
              [false, 'buy'],
              [true, 'sell'],
            ],
      );
    }
    expect(base.positions[ETH]!.qty === 0).toBe(base.positions[BTC]!.qty === 0);
  });

  it('leg risk: when the BTC leg cannot fill within the timeout, the filled ETH leg is flattened', () => {
    const first = entries(base)[0]!;
    // BTC stops trading at the decision: its leg never fills; ETH's does at the next open.
    const result = run(
      {},
      btc.filter((c) => c.ts + HOUR_MS <= first.ts),
    );
    const after = result.signals.filter((s) => s.ts >= first.ts).map((s) => [s.kind, s.payload['symbol']]);
    expect(after).toEqual([
      [first.kind, ETH],
      ['leg-timeout', BTC],
      ['leg-failed', BTC],
      ['unwind', undefined],
      ['flat', ETH],
    ]);
    const ethFills = result.fills.filter((f) => f.instrumentId.endsWith(ETH));
    expect(ethFills).toHaveLength(2);
    expect(ethFills[0]!.side).not.toBe(ethFills[1]!.side);
    expect(ethFills[1]!.qty).toBe(ethFills[0]!.qty);
    expect(result.fills.filter((f) => f.instrumentId.endsWith(BTC))).toHaveLength(0);
    expect(result.positions[ETH]!.qty).toBe(0);
  });

  it('leg risk with retry: sends the missing leg once more before flattening', () => {
    const first = entries(base)[0]!;
    const result = run(
      { legRisk: 'retry' },
      btc.filter((c) => c.ts + HOUR_MS <= first.ts),
    );
    const kinds = result.signals.filter((s) => s.ts >= first.ts).map((s) => s.kind);
    expect(kinds).toEqual([
      first.kind,
      'leg-timeout',
      'leg-retry',
      'leg-timeout',
      'leg-failed',
      'unwind',
      'flat',
    ]);
    expect(result.orders.filter((o) => o.instrumentId.endsWith(BTC)).map((o) => o.status)).toEqual([
      'Cancelled',
      'Cancelled',
    ]);
    expect(result.positions[ETH]!.qty).toBe(0);
  });
});
