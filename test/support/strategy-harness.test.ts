import { describe, expect, it } from 'vitest';
import { SMA } from '../../src/indicators/sma.js';
import type { StrategyContext } from '../../src/strategies/types.js';
import { describeWithSharedData } from './shared-data.js';
import { BTCUSDT_FUTURES_1D, BTCUSDT_FUTURES_1H, loadSharedCandles } from './strategy-candles.js';
import { candlesFrom, inlineDefinition, MINUTE, T0 } from './strategy-fixtures.js';
import { mergeSeries, runStrategy } from './strategy-harness.js';

const BTC = 'BTC/USDT';

describe('runStrategy: the in-memory broker', () => {
  it('fills a market order decided on a close at the next candle open', () => {
    const candles = candlesFrom([100, 110, 120, 130]);
    const result = runStrategy({
      definition: inlineDefinition({
        onCandle: ({ ctx }) => {
          if (ctx.candles(BTC).close() === 110) ctx.submit({ symbol: BTC, side: 'buy', qty: 2 });
        },
      }),
      series: [{ symbol: BTC, timeframe: '1m', candles }],
      capital: 1000,
    });
    expect(result.fills).toHaveLength(1);
    expect(result.fills[0]).toMatchObject({ price: candles[2]!.open, qty: 2, tsEvent: candles[2]!.ts });
    expect(result.orders[0]!.status).toBe('Filled');
    expect(result.positions[BTC]).toMatchObject({ qty: 2, avgEntryPrice: 110, unrealizedPnl: 40 });
    expect(result.equity.at(-1)).toEqual([candles[3]!.ts + MINUTE, 1040]);
    expect(result.cash).toBe(1000);
  });

  it('fills limits only when a later candle trades through, at the open when it gaps', () => {
    const candles = candlesFrom([100, 100, 95, 90, 80]);
    const result = runStrategy({
      definition: inlineDefinition({
        onStart: ({ ctx }) => {
          ctx.submit({ symbol: BTC, side: 'buy', qty: 1, type: 'limit', price: 96 });
          ctx.submit({ symbol: BTC, side: 'buy', qty: 1, type: 'limit', price: 50 });
          ctx.submit({ symbol: BTC, side: 'sell', qty: 1, type: 'limit', price: 200, timeInForce: 'IOC' });
        },
      }),
      series: [{ symbol: BTC, timeframe: '1m', candles }],
    });
    // Candle 2 (open 100, low 94.05) trades through 96.
    expect(result.fills.map((f) => [f.price, f.tsEvent])).toEqual([[96, candles[2]!.ts + MINUTE]]);
    expect(result.orders.map((o) => o.status)).toEqual(['Filled', 'Accepted', 'Expired']);
  });

  it('triggers stops, and turns attached stop-loss / take-profit into an OCO pair', () => {
    const candles = candlesFrom([100, 100, 105, 112, 100]);
    const result = runStrategy({
      definition: inlineDefinition({
        onStart: ({ ctx }) => {
          ctx.submit({
            symbol: BTC,
            side: 'buy',
            qty: 1,
            attachments: { stopLoss: { triggerPrice: 90 }, takeProfit: { triggerPrice: 110 } },
          });
        },
      }),
      series: [{ symbol: BTC, timeframe: '1m', candles }],
    });
    expect(result.fills.map((f) => [f.side, f.price])).toEqual([
      ['buy', 100],
      ['sell', 110],
    ]);
    expect(result.orders.map((o) => [o.type, o.status])).toEqual([
      ['market', 'Filled'],
      ['stop-market', 'Cancelled'],
      ['limit', 'Filled'],
    ]);
    expect(result.positions[BTC]!.qty).toBe(0);
    expect(result.positions[BTC]!.realizedPnl).toBe(10);
  });

  it('denies what rounds below the minimum size and never lets reduce-only orders flip', () => {
    const result = runStrategy({
      definition: inlineDefinition({
        onStart: ({ ctx }) => {
          ctx.submit({ symbol: BTC, side: 'buy', qty: 1e-12 });
          ctx.submit({ symbol: BTC, side: 'sell', qty: 1, reduceOnly: true });
        },
      }),
      series: [{ symbol: BTC, timeframe: '1m', candles: candlesFrom([100, 101]) }],
    });
    expect(result.orders.map((o) => o.status)).toEqual(['Denied', 'Expired']);
    expect(result.fills).toHaveLength(0);
  });
});

describe('runStrategy: merging series', () => {
  it('orders events by close time, finer timeframe first on ties', () => {
    const minutes = candlesFrom([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], '1m');
    const fives = candlesFrom([5, 10], '5m');
    const merged = mergeSeries([
      { symbol: BTC, timeframe: '5m', candles: fives },
      { symbol: BTC, timeframe: '1m', candles: minutes },
    ]);
    expect(merged.map((e) => `${e.series === 0 ? '5m' : '1m'}:${(e.close - T0) / MINUTE}`)).toEqual([
      '1m:1',
      '1m:2',
      '1m:3',
      '1m:4',
      '1m:5',
      '5m:5',
      '1m:6',
      '1m:7',
      '1m:8',
      '1m:9',
      '1m:10',
      '5m:10',
    ]);
  });

  it('fills on the finest series of a symbol only, once', () => {
    const result = runStrategy({
      definition: inlineDefinition({
        subscriptions: [
          { symbol: BTC, timeframe: '1m' },
          { symbol: BTC, timeframe: '5m' },
        ],
        onCandle: ({ ctx, timeframe }) => {
          if (timeframe === '5m' && ctx.position(BTC).qty === 0)
            ctx.submit({ symbol: BTC, side: 'buy', qty: 1 });
        },
      }),
      series: [
        { symbol: BTC, timeframe: '1m', candles: candlesFrom([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], '1m') },
        { symbol: BTC, timeframe: '5m', candles: candlesFrom([5, 10], '5m') },
      ],
    });
    // Decided at the 5m close (T0+5m), filled at the open of the 1m candle starting then (close of minute 5).
    expect(result.fills.map((f) => [f.price, (f.tsEvent - T0) / MINUTE])).toEqual([[5, 5]]);
  });
});

/** A long-only SMA cross on closes, for the real-data runs. */
function smaCross(fast: number, slow: number) {
  const f = new SMA(fast);
  const s = new SMA(slow);
  let previous = Number.NaN;
  return inlineDefinition({
    subscriptions: [{ symbol: BTC, timeframe: '1h', history: 2 }],
    onStart: ({ ctx }) => {
      ctx.indicator(BTC, '1h', f);
      ctx.indicator(BTC, '1h', s);
    },
    onCandle: ({ ctx }) => {
      const diff = f.output() - s.output();
      const qty = ctx.position(BTC).qty;
      if (previous < 0 && diff > 0 && qty === 0) {
        ctx.submit({ symbol: BTC, side: 'buy', qty: 0.1, tag: 'cross up' });
        ctx.signal('enter-long', { diff });
      } else if (previous > 0 && diff < 0 && qty > 0) {
        ctx.submit({ symbol: BTC, side: 'sell', qty, reduceOnly: true, tag: 'cross down' });
        ctx.signal('exit', { diff });
      }
      previous = diff;
    },
  });
}

describeWithSharedData('runStrategy on Binance BTCUSDT perpetual candles', () => {
  const hourly = loadSharedCandles(BTCUSDT_FUTURES_1H, { limit: 600 });

  it('trades an SMA cross: every fill at the open after its decision, equity = cash + open PnL', () => {
    const result = runStrategy({
      definition: smaCross(10, 30),
      series: [{ symbol: BTC, timeframe: '1h', candles: hourly }],
      capital: 10_000,
    });
    expect(result.status.state).toBe('stopped');
    expect(result.fills.length).toBeGreaterThan(4);
    expect(result.signals.length).toBe(result.fills.length);
    const opens = new Map(hourly.map((c) => [c.ts, c.open]));
    for (const fill of result.fills) expect(fill.price).toBe(opens.get(fill.tsEvent));
    const sides = result.fills.map((f) => f.side);
    expect(sides.every((side, i) => side === (i % 2 === 0 ? 'buy' : 'sell'))).toBe(true);
    const position = result.positions[BTC]!;
    const [, lastEquity] = result.equity.at(-1)!;
    expect(lastEquity).toBeCloseTo(result.cash + position.unrealizedPnl, 6);
    expect(result.cash).toBeCloseTo(10_000 + position.realizedPnl, 6);
    expect(result.equity).toHaveLength(hourly.length);
  });

  it('never shows a daily candle before it has closed to an hourly strategy', () => {
    const daily = loadSharedCandles(BTCUSDT_FUTURES_1D, { from: hourly[0]!.ts, to: hourly.at(-1)!.ts });
    const violations: string[] = [];
    let dailySeen = 0;
    const check = (ctx: StrategyContext) => {
      const d = ctx.candles(BTC, '1d');
      if (d.length > 0 && d.ts() + 24 * 3_600_000 > ctx.now) violations.push(`daily ${d.ts()} at ${ctx.now}`);
      const h = ctx.candles(BTC, '1h');
      if (h.ts() + 3_600_000 > ctx.now) violations.push(`hourly ${h.ts()} at ${ctx.now}`);
      dailySeen = Math.max(dailySeen, d.length);
    };
    const result = runStrategy({
      definition: inlineDefinition({
        subscriptions: [
          { symbol: BTC, timeframe: '1h', history: 48 },
          { symbol: BTC, timeframe: '1d', history: 30 },
        ],
        onCandle: ({ ctx }) => check(ctx),
      }),
      series: [
        { symbol: BTC, timeframe: '1h', candles: hourly },
        { symbol: BTC, timeframe: '1d', candles: daily },
      ],
    });
    expect(result.status.counters.failures).toBe(0);
    expect(violations).toEqual([]);
    expect(dailySeen).toBe(Math.min(30, daily.length));
  });
});
