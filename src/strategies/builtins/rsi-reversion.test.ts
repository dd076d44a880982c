import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { BTCUSDT_FUTURES_1H, loadSharedCandles } from '../../../test/support/strategy-candles.js';
import type { HarnessSeries } from '../../../test/support/strategy-harness.js';
import { isQuantLabError } from '../../core/errors.js';
import type { Candle } from '../../core/market.js';
import { roundPrice } from '../../core/precision.js';
import { rsi } from '../../indicators/index.js';
import { resolveParams } from '../params.js';
import { rsiReversion } from './rsi-reversion.js';
import { candlesFromCloses, closesOf, HOUR_MS, indexAt, runChecked } from './test-data.js';

const SYMBOL = 'BTC/USDT:USDT';

function keysOf(params: unknown): string[] {
  try {
    resolveParams(rsiReversion, params);
  } catch (error) {
    if (isQuantLabError(error) && error.code === 'QL_ERR_STRATEGY_PARAMS_INVALID')
      return error.details?.['keys'] as string[];
    throw error;
  }
  return [];
}

/** The trades the rules imply, replayed on the batch RSI: [side, index of the decision bar]. */
function expectedTrades(r: Float64Array, n: number, allowShort: boolean): Array<['buy' | 'sell', number]> {
  const out: Array<['buy' | 'sell', number]> = [];
  let position = 0;
  for (let i = 1; i + 1 < n; i++) {
    const p = r[i - 1]!;
    const c = r[i]!;
    if (Number.isNaN(c)) continue;
    if (position > 0 && c >= 70) {
      out.push(['sell', i]);
      position = 0;
    } else if (position < 0 && c <= 30) {
      out.push(['buy', i]);
      position = 0;
    } else if (position === 0 && p < 30 && c >= 30) {
      out.push(['buy', i]);
      position = 1;
    } else if (position === 0 && allowShort && p > 70 && c <= 70) {
      out.push(['sell', i]);
      position = -1;
    }
  }
  return out;
}

describe('rsi-reversion parameters and warm-up', () => {
  it('names the key of each broken constraint', () => {
    expect(keysOf({})).toEqual([]);
    expect(keysOf({ oversold: 60, overbought: 60 })).toEqual(['oversold']);
    expect(keysOf({ exitLong: 25 })).toEqual(['exitLong']);
    expect(keysOf({ exitShort: 75 })).toEqual(['exitShort']);
    expect(keysOf({ stopLoss: 1 })).toEqual(['stopLoss']);
    expect(keysOf({ period: 1 })).toEqual(['period']);
  });

  it('trades nothing while RSI is warming up, however far prices fall and recover', () => {
    // 14 bars: RSI(14) needs 15 closes, so the crash-and-bounce inside them cannot trigger anything.
    const closes = [100, 90, 80, 70, 60, 50, 40, 30, 35, 45, 55, 65, 75, 85];
    const result = runChecked({
      definition: rsiReversion,
      series: [{ symbol: SYMBOL, timeframe: '1h', candles: candlesFromCloses(closes) }],
    });
    expect(result.orders).toHaveLength(0);
    expect(result.signals).toHaveLength(0);
  });
});

describeWithSharedData('rsi-reversion on BTCUSDT perpetual 1h', () => {
  let candles: Candle[] = [];
  let r: Float64Array = new Float64Array(0);
  let series: HarnessSeries[] = [];
  beforeAll(() => {
    candles = loadSharedCandles(BTCUSDT_FUTURES_1H);
    r = rsi(closesOf(candles), 14);
    series = [{ symbol: SYMBOL, timeframe: '1h', candles }];
  });

  it('long-only: enters only after RSI crosses up through 30 and exits once it reaches 70', () => {
    const expected = expectedTrades(r, candles.length, false);
    expect(expected.length).toBeGreaterThan(10);
    const result = runChecked({ definition: rsiReversion, series });
    expect(result.fills.map((f) => [f.side, indexAt(candles, f.tsEvent) - 1])).toEqual(expected);
    for (const order of result.orders.filter((o) => o.side === 'buy')) {
      const i = indexAt(candles, order.tsInit - HOUR_MS);
      expect(r[i - 1]!).toBeLessThan(30);
      expect(r[i]!).toBeGreaterThanOrEqual(30);
    }
  });

  it('with allowShort also sells the cross down through 70 and covers at 30', () => {
    const expected = expectedTrades(r, candles.length, true);
    const result = runChecked({ definition: rsiReversion, params: { allowShort: true, size: 0.1 }, series });
    expect(expected.filter(([side]) => side === 'sell').length).toBeGreaterThan(
      expected.filter(([s]) => s === 'buy').length / 2,
    );
    expect(result.fills.map((f) => [f.side, indexAt(candles, f.tsEvent) - 1])).toEqual(expected);
    expect(result.fills.every((f) => Math.abs(f.qty - 0.1) < 1e-12)).toBe(true);
  });

  it('attaches stop-loss and take-profit to every entry; the position never exceeds one size', () => {
    const result = runChecked({
      definition: rsiReversion,
      params: { stopLoss: 0.02, takeProfit: 0.03, size: 1 },
      series,
    });
    const inst = result.broker.instrument(SYMBOL)!;
    const entries = result.orders.filter((o) => o.type === 'market' && o.side === 'buy');
    expect(entries.length).toBeGreaterThan(10);
    for (const entry of entries) {
      const close = candles[indexAt(candles, entry.tsInit - HOUR_MS)]!.close;
      expect(entry.attachments).toEqual({
        stopLoss: { triggerPrice: roundPrice(inst, close * 0.98) },
        takeProfit: { triggerPrice: roundPrice(inst, close * 1.03) },
      });
    }
    const protective = result.orders.filter(
      (o) => o.reduceOnly && o.type !== 'market' && o.status === 'Filled',
    );
    expect(protective.some((o) => o.type === 'stop-market')).toBe(true);
    expect(protective.some((o) => o.type === 'limit')).toBe(true);
    let position = 0;
    for (const fill of result.fills) {
      position += (fill.side === 'buy' ? 1 : -1) * fill.qty;
      expect(position).toBeGreaterThanOrEqual(-1e-12);
      expect(position).toBeLessThanOrEqual(1 + 1e-12);
    }
  });
});
