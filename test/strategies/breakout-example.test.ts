/**
 * The worked example of docs/strategies.md, loaded exactly as a user's plugin is (through the plugin loader)
 * and run through the strategy harness on real Binance BTCUSDT perpetual hourly candles.
 */

import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { atr } from '../../src/indicators/index.js';
import { loadPlugin } from '../../src/strategies/plugin-loader.js';
import type { StrategyDefinition } from '../../src/strategies/types.js';
import { describeWithSharedData } from '../support/shared-data.js';
import { BTCUSDT_FUTURES_1H, loadSharedCandles } from '../support/strategy-candles.js';
import { runStrategy } from '../support/strategy-harness.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/strategies/breakout-example.ts', import.meta.url));
const BTC = 'BTC/USDT:USDT';

const HOUR = 3_600_000;

describeWithSharedData('examples/strategies/breakout-example.ts', () => {
  const candles = loadSharedCandles(BTCUSDT_FUTURES_1H, { limit: 1500 });
  let definition: StrategyDefinition;

  beforeAll(async () => {
    definition = await loadPlugin({ kind: 'file', entry: EXAMPLE });
  });

  it('loads as a plugin with its documented parameters', () => {
    expect(definition).toMatchObject({ apiVersion: 1, name: 'breakout-example', version: '1.0.0' });
    expect(Object.keys(definition.params)).toEqual(['lookback', 'atrPeriod', 'stopAtr', 'fraction']);
  });

  it('enters only on closes above the prior channel, at the next open, with an ATR stop below', () => {
    const result = runStrategy({
      definition,
      params: { lookback: 20, atrPeriod: 14, stopAtr: 2, fraction: 0.5 },
      setup: { exchange: 'binanceusdm', symbols: [BTC], timeframe: '1h' },
      series: [{ symbol: BTC, timeframe: '1h', candles }],
      capital: 10_000,
    });
    expect(result.status.counters.failures).toBe(0);
    const atrValues = atr(
      candles.map((c) => c.high),
      candles.map((c) => c.low),
      candles.map((c) => c.close),
      14,
    );
    const index = new Map(candles.map((c, i) => [c.ts, i]));
    const entries = result.orders.filter((o) => o.side === 'buy' && o.type === 'market');
    expect(entries.length).toBeGreaterThanOrEqual(5);
    for (const entry of entries) {
      // Decided on the candle that closed when the order was created.
      const decided = index.get(entry.tsInit - HOUR)!;
      const prior = candles.slice(decided - 20, decided);
      expect(prior).toHaveLength(20);
      expect(candles[decided]!.close).toBeGreaterThan(Math.max(...prior.map((c) => c.high)));
      expect(entry.avgFillPrice).toBeCloseTo(candles[decided + 1]!.open, 6);
      const stop = entry.attachments?.stopLoss?.triggerPrice;
      expect(stop).toBeCloseTo(candles[decided]!.close - 2 * atrValues[decided]!, 6);
    }
    // Long only: the position never goes short, and each entry is a signal and a stored count.
    let qty = 0;
    for (const fill of result.fills) {
      qty += fill.side === 'buy' ? fill.qty : -fill.qty;
      expect(qty).toBeGreaterThanOrEqual(-1e-9);
    }
    expect(result.signals.filter((s) => s.kind === 'enter-long')).toHaveLength(entries.length);
    // Beside the strategy's own state, the host keeps its closed trades (for ctx.size.kelly).
    expect(result.savedState).toEqual({ entries: entries.length, 'ql:closedTrades': expect.anything() });
    // Every exit is either the attached stop or the channel exit.
    const exits = result.fills.filter((f) => f.side === 'sell');
    expect(exits.length).toBeGreaterThanOrEqual(entries.length - 1);
    const [, lastEquity] = result.equity.at(-1)!;
    expect(lastEquity).toBeCloseTo(result.cash + result.positions[BTC]!.unrealizedPnl, 6);
  });

  it('refuses parameters out of bounds', () => {
    expect(() =>
      runStrategy({
        definition,
        params: { lookback: 1 },
        series: [{ symbol: BTC, timeframe: '1h', candles: candles.slice(0, 5) }],
      }),
    ).toThrow(/lookback/);
  });
});
