import { beforeAll, describe, expect, it } from 'vitest';
import { OKX_BTC_USDT_SWAP } from '../../../test/support/instruments.js';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { BTCUSDT_FUTURES_1H, loadSharedCandles } from '../../../test/support/strategy-candles.js';
import type { HarnessSeries } from '../../../test/support/strategy-harness.js';
import { isQuantLabError } from '../../core/errors.js';
import { createInstrument } from '../../core/instrument.js';
import type { Candle } from '../../core/market.js';
import { roundQty } from '../../core/precision.js';
import { ema, sma } from '../../indicators/index.js';
import { resolveParams } from '../params.js';
import { emaCross, smaCross } from './ma-cross.js';
import { candlesFromCloses, closesOf, HOUR_MS, indexAt, runChecked } from './test-data.js';

const SYMBOL = 'BTC/USDT:USDT';

/** Bars i where a − b goes from < 0 at i − 1 to > 0 at i ('up') or the reverse ('down'). */
function batchCrosses(a: Float64Array, b: Float64Array): Array<{ index: number; cross: 'up' | 'down' }> {
  const out: Array<{ index: number; cross: 'up' | 'down' }> = [];
  for (let i = 1; i < a.length; i++) {
    const prev = a[i - 1]! - b[i - 1]!;
    const cur = a[i]! - b[i]!;
    if (Number.isNaN(prev) || Number.isNaN(cur)) continue;
    if (prev < 0 && cur > 0) out.push({ index: i, cross: 'up' });
    if (prev > 0 && cur < 0) out.push({ index: i, cross: 'down' });
  }
  return out;
}

function paramsError(definition: typeof smaCross, params: unknown): { code: string; keys: string[] } {
  try {
    resolveParams(definition, params);
  } catch (error) {
    if (isQuantLabError(error))
      return { code: error.code, keys: (error.details?.['keys'] as string[]) ?? [] };
    throw error;
  }
  throw new Error('parameters were accepted');
}

describe('sma-cross parameters', () => {
  it('has the contract defaults: fast 10, slow 30, long-only, fraction 1, no size', () => {
    expect(resolveParams(smaCross, {})).toEqual({ fast: 10, slow: 30, mode: 'long-only', fraction: 1 });
    expect(smaCross.apiVersion).toBe(1);
    expect(smaCross.name).toBe('sma-cross');
  });

  it('names the key at fault: fast ≥ slow, size ≤ 0, an unknown mode, a non-integer period', () => {
    expect(paramsError(smaCross, { fast: 30, slow: 30 })).toEqual({
      code: 'QL_ERR_STRATEGY_PARAMS_INVALID',
      keys: ['fast'],
    });
    expect(paramsError(smaCross, { size: 0 }).keys).toEqual(['size']);
    expect(paramsError(smaCross, { mode: 'short-only' }).keys).toEqual(['mode']);
    expect(paramsError(emaCross, { slow: 20.5 }).keys).toEqual(['slow']);
    expect(paramsError(emaCross, { fraction: 0 }).keys).toEqual(['fraction']);
  });
});

describe('sma-cross on synthetic candles', () => {
  it('sends nothing before both averages are defined: the first cross needs a defined predecessor', () => {
    // fast 2 / slow 3: SMA(3) is defined from bar 2. Bar 2 has no defined predecessor, so the jump from 1
    // to 20 there is no cross; bar 3 is the first bar that can cross.
    const none = runChecked({
      definition: smaCross,
      params: { fast: 2, slow: 3 },
      series: [{ symbol: SYMBOL, timeframe: '1h', candles: candlesFromCloses([10, 1, 20, 20]) }],
    });
    expect(none.orders).toHaveLength(0);
    expect(none.signals).toHaveLength(0);
    // d at bar 2 = 3 − 5.33 < 0, at bar 3 = 10.5 − 8.67 > 0: one cross up, filled at bar 4's open.
    const candles = candlesFromCloses([10, 5, 1, 20, 20, 21]);
    const one = runChecked({
      definition: smaCross,
      params: { fast: 2, slow: 3, size: 1 },
      series: [{ symbol: SYMBOL, timeframe: '1h', candles }],
    });
    expect(one.fills.map((f) => [f.side, f.tsEvent, f.price])).toEqual([
      ['buy', candles[4]!.ts, candles[4]!.open],
    ]);
  });

  it('does not count a touch at exactly zero as a cross (− → 0 → +), but counts − → +', () => {
    // fast 2 / slow 3: d = (c_t + c_{t−1} − 2·c_{t−2}) / 6. Bars 2..6 give d = −, 0, +, −, +.
    const candles = candlesFromCloses([10, 8, 9, 7, 12, 1, 24, 24]);
    const result = runChecked({
      definition: smaCross,
      params: { fast: 2, slow: 3, mode: 'long-short', size: 1 },
      series: [{ symbol: SYMBOL, timeframe: '1h', candles }],
    });
    expect(result.signals.map((s) => [s.kind, s.ts])).toEqual([
      ['cross-down', candles[5]!.ts + HOUR_MS],
      ['cross-up', candles[6]!.ts + HOUR_MS],
    ]);
    expect(result.orders.map((o) => [o.side, o.qty])).toEqual([
      ['sell', 1],
      ['buy', 2],
    ]);
  });

  it('converts base sizes to contracts on an OKX swap (0.01 BTC per contract, 0.01 lot)', () => {
    const candles = candlesFromCloses([10, 8, 9, 12, 12]); // one cross up at bar 3 (see above)
    const run = (params: object) =>
      runChecked({
        definition: smaCross,
        params: { fast: 2, slow: 3, ...params },
        instruments: [OKX_BTC_USDT_SWAP],
        series: [{ symbol: OKX_BTC_USDT_SWAP.symbol, timeframe: '1h', candles }],
      });
    expect(run({ size: 0.5 }).orders.map((o) => o.qty)).toEqual([50]);
    // fraction 1 of 10 000 at close 12: 833.33 BTC = 83 333.33 contracts.
    expect(run({}).orders.map((o) => o.qty)).toEqual([83_333.33]);
  });

  it('skips a signal whose size rounds below the instrument minimum', () => {
    const inst = createInstrument({
      exchange: 'binance',
      symbol: SYMBOL,
      kind: 'swap',
      tickSize: 0.1,
      lotSize: 0.001,
      minSize: 1000,
    });
    const result = runChecked({
      definition: smaCross,
      params: { fast: 2, slow: 3 },
      instruments: [inst],
      series: [{ symbol: SYMBOL, timeframe: '1h', candles: candlesFromCloses([10, 8, 9, 12, 12]) }],
    });
    expect(result.orders).toHaveLength(0);
    expect(result.signals.map((s) => s.kind)).toEqual(['skip']);
  });
});

describeWithSharedData('sma-cross and ema-cross on BTCUSDT perpetual 1h', () => {
  let candles: Candle[] = [];
  let closes: Float64Array = new Float64Array(0);
  let series: HarnessSeries[] = [];
  beforeAll(() => {
    candles = loadSharedCandles(BTCUSDT_FUTURES_1H);
    closes = closesOf(candles);
    series = [{ symbol: SYMBOL, timeframe: '1h', candles }];
  });

  it('long-only: enters on every cross up and exits on every cross down of the batch SMA difference, at the next open', () => {
    const crosses = batchCrosses(sma(closes, 10), sma(closes, 30));
    expect(crosses.length).toBeGreaterThan(50);
    const expected: Array<{ side: string; ts: number; price: number }> = [];
    let long = false;
    for (const { index, cross } of crosses) {
      if (index + 1 >= candles.length) break;
      if (cross === 'up' && !long) {
        expected.push({ side: 'buy', ts: candles[index + 1]!.ts, price: candles[index + 1]!.open });
        long = true;
      } else if (cross === 'down' && long) {
        expected.push({ side: 'sell', ts: candles[index + 1]!.ts, price: candles[index + 1]!.open });
        long = false;
      }
    }
    const result = runChecked({ definition: smaCross, series });
    expect(result.fills.map((f) => ({ side: f.side, ts: f.tsEvent, price: f.price }))).toEqual(expected);
    // Every exit closes the whole position: the position alternates between flat and long.
    expect(result.positions[SYMBOL]!.qty > 0).toBe(long);
  });

  it('sizes by fraction of the equity at the decision: qty = fraction × equity / close, rounded down', () => {
    const result = runChecked({ definition: smaCross, params: { fraction: 0.5 }, series, capital: 50_000 });
    const equityAt = new Map(result.equity);
    const buys = result.orders.filter((o) => o.side === 'buy');
    expect(buys.length).toBeGreaterThan(10);
    for (const order of buys) {
      const decision = indexAt(candles, order.tsInit - HOUR_MS);
      const equity = equityAt.get(order.tsInit)!;
      expect(order.qty).toBe(
        roundQty(result.broker.instrument(SYMBOL)!, (0.5 * equity) / candles[decision]!.close, 'down'),
      );
    }
    // Equity moves with the trades, so later entries are not all the same size in quote terms.
    expect(
      new Set(buys.map((o) => Math.round(o.qty * closes[indexAt(candles, o.tsInit - HOUR_MS)]!))).size,
    ).toBeGreaterThan(1);
  });

  it('long-short: flips between +size and −size at every cross', () => {
    const crosses = batchCrosses(sma(closes, 10), sma(closes, 30)).filter(
      (c) => c.index + 1 < candles.length,
    );
    const result = runChecked({ definition: smaCross, params: { mode: 'long-short', size: 0.25 }, series });
    expect(result.fills).toHaveLength(crosses.length);
    let position = 0;
    result.fills.forEach((fill, i) => {
      expect(fill.tsEvent).toBe(candles[crosses[i]!.index + 1]!.ts);
      expect(fill.side).toBe(crosses[i]!.cross === 'up' ? 'buy' : 'sell');
      position += (fill.side === 'buy' ? 1 : -1) * fill.qty;
      expect(Math.abs(position)).toBeCloseTo(0.25, 12);
      expect(fill.qty).toBeCloseTo(i === 0 ? 0.25 : 0.5, 12);
    });
    expect(result.positions[SYMBOL]!.qty).toBeCloseTo(position, 12);
  });

  it('ema-cross trades at the sign changes of the batch EMA difference', () => {
    const crosses = batchCrosses(ema(closes, 12), ema(closes, 26)).filter(
      (c) => c.index + 1 < candles.length,
    );
    const result = runChecked({
      definition: emaCross,
      params: { fast: 12, slow: 26, mode: 'long-short', size: 1 },
      series,
    });
    expect(result.fills.map((f) => [f.side, f.tsEvent])).toEqual(
      crosses.map((c) => [c.cross === 'up' ? 'buy' : 'sell', candles[c.index + 1]!.ts]),
    );
  });
});
