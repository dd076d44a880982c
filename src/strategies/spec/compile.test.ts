import { describe, expect, it } from 'vitest';
import { runStrategy } from '../../../test/support/strategy-harness.js';
import type { Candle } from '../../core/market.js';
import { definitionProblems } from '../definition-check.js';
import { compileStrategySpec } from './compile.js';
import { parseStrategySpec } from './parse.js';
import { smaCrossSpec } from './test-specs.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** Hourly candles from closes: each opens at the previous close, with a 0.5 wick either side. */
function candles(closes: readonly number[], step = HOUR, start = T0): Candle[] {
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    return {
      ts: start + i * step,
      open,
      high: Math.max(open, close) + 0.5,
      low: Math.min(open, close) - 0.5,
      close,
      volume: 1,
    };
  });
}

function compile(overrides: Record<string, unknown> = {}) {
  return compileStrategySpec(parseStrategySpec(smaCrossSpec(overrides)));
}

// With fast = 2 and slow = 4, sma(2) − sma(4) crosses up at bar 6, down at bar 12, up again at bar 18.
const WAVE = [10, 9, 8, 7, 6, 8, 10, 12, 14, 15, 15, 14.5, 12, 10, 8, 6, 5, 6, 9, 12, 15, 18];

/** Bars where sma(2) − sma(4) changes sign (< 0 → > 0 is +1), computed from the closes by hand. */
function crosses(closes: readonly number[], fast: number, slow: number): Array<[number, 1 | -1]> {
  const mean = (i: number, n: number) =>
    i + 1 < n ? Number.NaN : closes.slice(i + 1 - n, i + 1).reduce((a, b) => a + b, 0) / n;
  const out: Array<[number, 1 | -1]> = [];
  for (let i = 1; i < closes.length; i += 1) {
    const before = mean(i - 1, fast) - mean(i - 1, slow);
    const now = mean(i, fast) - mean(i, slow);
    if (before < 0 && now > 0) out.push([i, 1]);
    if (before > 0 && now < 0) out.push([i, -1]);
  }
  return out;
}

/** Long-only signals of the SMA(2/4) cross, as `kind@hour` of the decision (the close of the bar). */
function longOnlySignals(closes: readonly number[]): string[] {
  let held = false;
  const out: string[] = [];
  for (const [i, sign] of crosses(closes, 2, 4)) {
    if (sign > 0 && !held) out.push(`entry@${i + 1}`);
    if (sign < 0 && held) out.push(`exit@${i + 1}`);
    held = sign > 0;
  }
  return out;
}

describe('compileStrategySpec', () => {
  it('returns a definition with the spec identity and params', () => {
    const definition = compile();
    expect(definition).toMatchObject({ apiVersion: 1, name: 'test-cross', version: '1.0.0' });
    expect(Object.keys(definition.params)).toEqual(['fast', 'slow']);
    // What the registry checks of every definition it hands out.
    expect(definitionProblems(definition)).toEqual([]);
  });

  it('buys on a cross up and sells on a cross down, each filled at the next open', () => {
    const series = candles(WAVE);
    const result = runStrategy({
      definition: compile(),
      params: { fast: 2, slow: 4 },
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: series }],
    });
    const expected = crosses(WAVE, 2, 4);
    expect(expected.map(([, sign]) => sign)).toEqual([1, -1, 1]);
    expect(result.fills.map((f) => [f.side, f.price, f.tsEvent])).toEqual(
      expected.map(([i, sign]) => [sign > 0 ? 'buy' : 'sell', series[i + 1]!.open, series[i + 1]!.ts]),
    );
    expect(result.signals.map((s) => [s.kind, s.payload.rule, s.payload.condition])).toEqual([
      ['entry', 'entry.long', 'fast crossesAbove slow'],
      ['exit', 'exit.long', 'fast crossesBelow slow'],
      ['entry', 'entry.long', 'fast crossesAbove slow'],
    ]);
    expect(result.orders[1]).toMatchObject({ side: 'sell', reduceOnly: true, qty: 1 });
    expect(result.positions['BTC/USDT']!.qty).toBe(1);
  });

  it('does not count a touch of zero as a cross (DESIGN.md §4.4: from < 0 to > 0 between two bars)', () => {
    // sma(2) − sma(4) goes 1 → 0 → −1 at bars 10 … 12: no cross down, so the position is kept.
    const closes = WAVE.map((c, i) => (i === 11 ? 14 : c));
    const result = runStrategy({
      definition: compile(),
      params: { fast: 2, slow: 4 },
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: candles(closes) }],
    });
    expect(crosses(closes, 2, 4).map(([i, sign]) => [i, sign])).toEqual([
      [6, 1],
      [18, 1],
    ]);
    expect(result.fills.map((f) => f.side)).toEqual(['buy']);
  });

  it('reverses a position in one order when the opposite entry fires', () => {
    const definition = compile({
      entry: {
        long: { left: 'fast', op: 'crossesAbove', right: 'slow' },
        short: { left: 'fast', op: 'crossesBelow', right: 'slow' },
      },
      exit: undefined,
    });
    const result = runStrategy({
      definition,
      params: { fast: 2, slow: 4 },
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: candles(WAVE) }],
    });
    expect(result.orders.map((o) => [o.side, o.qty, o.reduceOnly])).toEqual([
      ['buy', 1, false],
      ['sell', 2, false],
      ['buy', 2, false],
    ]);
    expect(result.signals[1]!.payload).toMatchObject({ side: 'short', rule: 'entry.short', reverses: 1 });
    expect(result.positions['BTC/USDT']!.qty).toBe(1);
  });

  it('sizes by a fraction of equity at the decision close', () => {
    const result = runStrategy({
      definition: compile({ sizing: { fraction: 0.5 } }),
      params: { fast: 2, slow: 4 },
      capital: 1000,
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: candles(WAVE) }],
    });
    const [bar] = crosses(WAVE, 2, 4)[0]!;
    expect(result.orders[0]!.qty).toBeCloseTo((1000 * 0.5) / WAVE[bar]!, 6);
  });

  it('sizes by risk against the stop-loss distance and attaches stop-loss and take-profit', () => {
    const result = runStrategy({
      definition: compile({
        sizing: { riskPerTrade: 0.01 },
        stopLoss: { percent: 2 },
        takeProfit: { percent: '$take' },
        params: {
          fast: { type: 'int', default: 2, description: 'fast' },
          slow: { type: 'int', default: 4, description: 'slow' },
          take: { type: 'float', default: 5, min: 1, max: 10, description: 'take-profit %' },
        },
      }),
      capital: 1000,
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: candles(WAVE) }],
    });
    const price = WAVE[crosses(WAVE, 2, 4)[0]![0]]!;
    const entry = result.orders[0]!;
    // 1 % of 1000 lost over a 2 % move: 10 / (0.02 × price) contracts.
    expect(entry.qty).toBeCloseTo(10 / (0.02 * price), 6);
    expect(entry.attachments?.stopLoss?.triggerPrice).toBeCloseTo(price * 0.98, 9);
    expect(entry.attachments?.takeProfit?.triggerPrice).toBeCloseTo(price * 1.05, 9);
  });

  it('lets a stop-loss close the position and cancels leftover protective orders on the next exit', () => {
    // Cross up at bar 5, then a crash through the 2 % stop before any cross down; a later cross up re-enters.
    const closes = [10, 9, 8, 7, 6, 8, 10, 12, 11, 7, 7.5, 8, 6, 5, 4, 5, 7, 9, 11, 10, 8, 6];
    const result = runStrategy({
      definition: compile({ stopLoss: { percent: 2 }, takeProfit: { percent: 50 } }),
      params: { fast: 2, slow: 4 },
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: candles(closes) }],
    });
    const stopFill = result.fills.find(
      (f) => result.orders.find((o) => o.clientOrderId === f.clientOrderId)?.type === 'stop-market',
    );
    expect(stopFill).toBeDefined();
    const entries = result.signals.filter((s) => s.kind === 'entry');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    // Nothing is left working once the last position has been closed by the exit rule.
    expect(result.positions['BTC/USDT']!.qty).toBe(0);
    expect(result.broker.openOrders(result.host.strategyId, 'BTC/USDT')).toEqual([]);
  });

  it('attaches a trailing stop as a callback rate', () => {
    const result = runStrategy({
      definition: compile({ trailingStop: { percent: 1.5 } }),
      params: { fast: 2, slow: 4 },
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: candles(WAVE) }],
    });
    // The test broker refuses trailing stops; the order still shows what the strategy asked for.
    expect(result.orders[0]!.attachments?.trailing).toEqual({ callbackRate: 0.015 });
    expect(result.orders[0]!.status).toBe('Denied');
    // A denied entry does not block the symbol: the next cross tries again.
    expect(result.orders.length).toBe(2);
  });

  it('reads earlier bars with offsets, from the first evaluated bar on', () => {
    const closes = [5, 6, 7, 6, 5, 6, 7, 8, 7, 6, 7, 8, 9, 8, 7, 6, 5, 6];
    const definition = compile({
      indicators: { fast: { type: 'sma', params: [2] } },
      params: undefined,
      entry: {
        long: {
          all: [
            { left: 'close', op: '>', right: 'close[1]' },
            { left: 'fast', op: '>', right: { ind: 'fast', offset: 2 } },
          ],
        },
      },
      exit: { long: { left: { price: 'close', offset: 0 }, op: '<', right: 'close[2]' } },
    });
    const result = runStrategy({
      definition,
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: candles(closes) }],
    });
    const sma2 = closes.map((c, i) => (i === 0 ? Number.NaN : (c + closes[i - 1]!) / 2));
    const decisions: string[] = [];
    let held = false;
    for (let i = 3; i < closes.length - 1; i += 1) {
      if (!held && closes[i]! > closes[i - 1]! && sma2[i]! > sma2[i - 2]!) {
        held = true;
        decisions.push(`buy@${i + 1}`);
      } else if (held && closes[i]! < closes[i - 2]!) {
        held = false;
        decisions.push(`sell@${i + 1}`);
      }
    }
    expect(decisions).toEqual(['buy@7', 'sell@10', 'buy@12', 'sell@15']);
    expect(result.fills.map((f) => `${f.side}@${(f.tsEvent - T0) / HOUR}`)).toEqual(decisions);
  });

  it('combines any, not, == with tolerance and arithmetic', () => {
    const closes = [10, 10, 10, 10.05, 11, 12, 10, 9, 9.5, 10];
    const definition = compile({
      indicators: undefined,
      params: undefined,
      entry: {
        long: {
          any: [
            { left: 'close', op: '==', right: { add: ['open', 0.05] }, tolerance: 0.001 },
            { not: { left: { div: ['close', 'close[1]'] }, op: '<', right: 1.1 } },
          ],
        },
      },
      exit: { long: { left: { sub: ['close', { mul: ['close[1]', 0.5, 2] }] }, op: '<', right: -0.5 } },
    });
    const result = runStrategy({
      definition,
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: candles(closes) }],
    });
    // Entry at bar 3 (close = open + 0.05), exit at bar 6 (close fell by 2 > 0.5); bar 4 (11/10.05 > 1.1) while held.
    expect(result.fills.map((f) => `${f.side}@${(f.tsEvent - T0) / HOUR}`)).toEqual(['buy@4', 'sell@7']);
  });

  it('evaluates every symbol on its own', () => {
    const up = candles(WAVE);
    const down = candles(WAVE.map((c) => 30 - c));
    const result = runStrategy({
      definition: compile(),
      params: { fast: 2, slow: 4 },
      series: [
        { symbol: 'BTC/USDT', timeframe: '1h', candles: up },
        { symbol: 'ETH/USDT', timeframe: '1h', candles: down },
      ],
    });
    const bySymbol = (symbol: string) =>
      result.signals.filter((s) => s.symbol === symbol).map((s) => `${s.kind}@${(s.ts - T0) / HOUR}`);
    expect(bySymbol('BTC/USDT')).toEqual(longOnlySignals(WAVE));
    expect(bySymbol('ETH/USDT')).toEqual(longOnlySignals(WAVE.map((c) => 30 - c)));
    expect(bySymbol('ETH/USDT')).not.toEqual(bySymbol('BTC/USDT'));
  });

  it('reads an indicator of a higher timeframe at its latest closed candle', () => {
    // 1h closes rising by 1 each hour; 4h candles built from them. Entry: close > SMA(2) of 4h closes + 6.
    const closes = Array.from({ length: 40 }, (_, i) => 100 + i);
    const hourly = candles(closes);
    const fourHourly: Candle[] = [];
    for (let i = 0; i + 4 <= hourly.length; i += 4) {
      const group = hourly.slice(i, i + 4);
      fourHourly.push({
        ts: group[0]!.ts,
        open: group[0]!.open,
        high: Math.max(...group.map((c) => c.high)),
        low: Math.min(...group.map((c) => c.low)),
        close: group[3]!.close,
        volume: 4,
      });
    }
    const definition = compile({
      params: undefined,
      indicators: { htf: { type: 'sma', params: [2], timeframe: '4h' } },
      entry: { long: { left: 'close', op: '>', right: { add: ['htf', 4] } } },
      exit: undefined,
    });
    const result = runStrategy({
      definition,
      series: [
        { symbol: 'BTC/USDT', timeframe: '1h', candles: hourly },
        { symbol: 'BTC/USDT', timeframe: '4h', candles: fourHourly },
      ],
    });
    // At the close of 1h bar i, the latest closed 4h candles are those ending at or before it: the gap
    // close − htf is a sawtooth (1 … 5) that exceeds 4 only 3 hours after a 4h close.
    let expected: number | undefined;
    for (let i = 0; i < hourly.length && expected === undefined; i += 1) {
      const closed = fourHourly.filter((c) => c.ts + 4 * HOUR <= hourly[i]!.ts + HOUR);
      if (closed.length < 2) continue;
      const htf = (closed.at(-1)!.close + closed.at(-2)!.close) / 2;
      if (closes[i]! > htf + 4) expected = i;
    }
    expect(expected).toBeDefined();
    expect(result.signals[0]).toMatchObject({ kind: 'entry', ts: hourly[expected!]!.ts + HOUR });
  });

  it('evaluates on its own timeframe when the spec names one, whatever the run timeframe', () => {
    const hourly = candles(Array.from({ length: 12 }, (_, i) => 100 + i));
    const twoHourly = candles(
      Array.from({ length: 6 }, (_, i) => 101 + 2 * i),
      2 * HOUR,
    );
    const definition = compile({
      timeframe: '2h',
      params: undefined,
      indicators: undefined,
      entry: { long: { left: 'close', op: '>', right: 0 } },
      exit: { long: { left: 'close', op: '>', right: 0 } },
    });
    const result = runStrategy({
      definition,
      setup: { timeframe: '1h' },
      series: [
        { symbol: 'BTC/USDT', timeframe: '1h', candles: hourly },
        { symbol: 'BTC/USDT', timeframe: '2h', candles: twoHourly },
      ],
    });
    expect(result.host.subscriptions.map((s) => s.timeframe)).toEqual(['2h']);
    // Entry at the first 2h close, exit at the next: decisions only ever at 2h boundaries.
    expect(result.signals.map((s) => [s.kind, (s.ts - T0) / HOUR])).toEqual([
      ['entry', 2],
      ['exit', 4],
      ['entry', 6],
      ['exit', 8],
      ['entry', 10],
      ['exit', 12],
    ]);
  });

  it('feeds a single-input indicator from the chosen price source', () => {
    const series = candles(WAVE);
    const definition = compile({
      params: undefined,
      indicators: { mid: { type: 'sma', params: [1 + 1], source: 'hl2' } },
      entry: {
        long: {
          left: 'mid',
          op: '==',
          right: { div: [{ add: ['high', 'low', 'high[1]', 'low[1]'] }, 4] },
          tolerance: 1e-9,
        },
      },
      exit: undefined,
    });
    const result = runStrategy({
      definition,
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: series }],
    });
    // The rule is an identity, so it fires on the first evaluated bar (bar 1, when SMA(2) is ready).
    expect(result.signals[0]).toMatchObject({ kind: 'entry', ts: series[1]!.ts + HOUR });
  });

  it('validates the values of a run, naming the spec path', () => {
    const definition = compile({
      params: {
        fast: { type: 'int', default: 3, description: 'fast' },
        slow: { type: 'int', default: 6, description: 'slow' },
      },
    });
    // ParamsOf<ParamSpecs> is not expressible for a table known only at run time.
    expect(definition.validate?.({ fast: 3, slow: 6 } as never)).toEqual([]);
    expect(definition.validate?.({ fast: 1, slow: 6 } as never)).toEqual([
      'indicators.fast.params.period: SMA: period must be an integer in [2, 100000], got 1',
    ]);
    expect(() =>
      runStrategy({
        definition,
        params: { fast: 1 },
        series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: candles(WAVE) }],
      }),
    ).toThrow(/indicators\.fast\.params\.period/);
  });
});
