import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import {
  BTCUSDT_FUTURES_1H,
  ETHUSDT_FUTURES_1H,
  loadSharedCandles,
} from '../../../test/support/strategy-candles.js';
import { runStrategy, type StrategyRunResult } from '../../../test/support/strategy-harness.js';
import type { Candle } from '../../core/market.js';
import { atr, bbands, ema, macd, rsi, sma } from '../../indicators/index.js';
import { smaCross } from '../builtins/ma-cross.js';
import type { StrategyDefinition } from '../types.js';
import { loadStrategySpecFile } from './load.js';
import { parseStrategySpec } from './parse.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/strategies/', import.meta.url));
const HOUR = 3_600_000;

/** Index of the bar whose close is at `ts` (decisions happen at a bar's close). */
function barAt(candles: readonly Candle[], ts: number): number {
  const i = candles.findIndex((c) => c.ts + HOUR === ts);
  expect(i, `no bar closes at ${ts}`).toBeGreaterThanOrEqual(0);
  return i;
}

function crossed(previous: number, current: number): 'up' | 'down' | undefined {
  if (previous < 0 && current > 0) return 'up';
  if (previous > 0 && current < 0) return 'down';
  return undefined;
}

function noFailures(result: StrategyRunResult): void {
  expect(result.events.filter((e) => e.type === 'callback-failed' || e.type === 'paused')).toEqual([]);
}

describe('examples/strategies', () => {
  const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));

  it('has the three documented examples', () => {
    expect(files).toEqual(
      expect.arrayContaining(['sma-cross.json', 'rsi-mean-reversion.json', 'macd-bollinger.json']),
    );
  });

  it('the complete example of docs/strategy-spec.md is a valid spec', () => {
    const doc = readFileSync(new URL('../../../docs/strategy-spec.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(doc)![1]!;
    expect(parseStrategySpec(JSON.parse(block)).name).toBe('rsi-mean-reversion');
  });

  it.each(files)('%s parses and compiles', async (file) => {
    const definition = await loadStrategySpecFile(`${EXAMPLES}${file}`);
    expect(definition.apiVersion).toBe(1);
    expect(definition.name).toBe(
      file.replace(/\.json$/, '') === 'sma-cross' ? 'sma-cross-spec' : file.replace(/\.json$/, ''),
    );
    expect(typeof definition.create).toBe('function');
  });
});

describeWithSharedData('example specs on BTCUSDT / ETHUSDT perpetual 1h', () => {
  let btc: Candle[];
  let eth: Candle[];
  const definitions: Record<string, StrategyDefinition> = {};
  beforeAll(async () => {
    btc = loadSharedCandles(BTCUSDT_FUTURES_1H);
    eth = loadSharedCandles(ETHUSDT_FUTURES_1H);
    for (const name of ['sma-cross', 'rsi-mean-reversion', 'macd-bollinger']) {
      definitions[name] = await loadStrategySpecFile(`${EXAMPLES}${name}.json`);
    }
  });

  it('sma-cross.json trades exactly the sign changes of sma(10) − sma(30), filled at the next open', () => {
    const result = runStrategy({
      definition: definitions['sma-cross']!,
      series: [{ symbol: 'BTC/USDT:USDT', timeframe: '1h', candles: btc }],
    });
    noFailures(result);
    const closes = btc.map((c) => c.close);
    const fast = sma(closes, 10);
    const slow = sma(closes, 30);
    const expected: Array<[string, number, number]> = [];
    let long = false;
    for (let i = 1; i + 1 < btc.length; i += 1) {
      const cross = crossed(fast[i - 1]! - slow[i - 1]!, fast[i]! - slow[i]!);
      if ((cross === 'up' && !long) || (cross === 'down' && long)) {
        long = cross === 'up';
        expected.push([long ? 'buy' : 'sell', btc[i + 1]!.open, btc[i + 1]!.ts]);
      }
    }
    expect(expected.length).toBeGreaterThan(50);
    expect(result.fills.map((f) => [f.side, f.price, f.tsEvent])).toEqual(expected);
  });

  it('sma-cross.json makes the same trades as the built-in sma-cross', () => {
    const series = [{ symbol: 'BTC/USDT:USDT', timeframe: '1h', candles: btc }];
    const spec = runStrategy({ definition: definitions['sma-cross']!, series });
    const builtin = runStrategy({ definition: smaCross, series });
    expect(spec.fills.length).toBe(builtin.fills.length);
    spec.fills.forEach((fill, i) => {
      const other = builtin.fills[i]!;
      expect([fill.side, fill.price, fill.tsEvent]).toEqual([other.side, other.price, other.tsEvent]);
      expect(fill.qty).toBeCloseTo(other.qty, 6);
    });
    expect(spec.equity.at(-1)![1]).toBeCloseTo(builtin.equity.at(-1)![1], 4);
  });

  it('rsi-mean-reversion.json enters only when its rule holds, with the stop-loss and take-profit attached', () => {
    const result = runStrategy({
      definition: definitions['rsi-mean-reversion']!,
      series: [{ symbol: 'ETH/USDT:USDT', timeframe: '1h', candles: eth }],
    });
    noFailures(result);
    const closes = eth.map((c) => c.close);
    const r = rsi(closes, 14);
    const trend = ema(closes, 200);
    const entries = result.signals.filter((s) => s.kind === 'entry');
    expect(entries.length).toBeGreaterThan(5);
    for (const signal of entries) {
      const i = barAt(eth, signal.ts);
      expect(r[i - 1]! < 30 && r[i]! > 30, `rsi crosses 30 at bar ${i}`).toBe(true);
      expect(closes[i]!).toBeGreaterThan(trend[i]! * 0.9);
    }
    const entryOrders = result.orders.filter((o) => !o.reduceOnly);
    expect(entryOrders).toHaveLength(entries.length);
    entryOrders.forEach((order, n) => {
      const close = closes[barAt(eth, entries[n]!.ts)]!;
      expect(order.attachments?.stopLoss?.triggerPrice).toBeCloseTo(close * 0.97, 6);
      expect(order.attachments?.takeProfit?.triggerPrice).toBeCloseTo(close * 1.06, 6);
    });
    // Some trades end at the stop or the target, others by the RSI exit.
    const childFills = result.fills.filter((f) => {
      const order = result.orders.find((o) => o.clientOrderId === f.clientOrderId)!;
      return order.type === 'stop-market' || order.type === 'limit';
    });
    expect(childFills.length).toBeGreaterThan(0);
    expect(result.signals.some((s) => s.kind === 'exit')).toBe(true);
  });

  it('macd-bollinger.json: entries follow its rules, sized by risk at a 2-ATR stop', () => {
    const result = runStrategy({
      definition: definitions['macd-bollinger']!,
      series: [{ symbol: 'BTC/USDT:USDT', timeframe: '1h', candles: btc }],
    });
    noFailures(result);
    const closes = btc.map((c) => c.close);
    const m = macd(closes, 12, 26, 9);
    const bands = bbands(closes, 20, 2, 2);
    const range = atr(
      btc.map((c) => c.high),
      btc.map((c) => c.low),
      closes,
      14,
    );
    const entries = result.signals.filter((s) => s.kind === 'entry');
    expect(entries.filter((s) => s.payload.side === 'long').length).toBeGreaterThan(3);
    expect(entries.filter((s) => s.payload.side === 'short').length).toBeGreaterThan(3);
    for (const signal of entries) {
      const i = barAt(btc, signal.ts);
      const cross = crossed(m.macd[i - 1]! - m.signal[i - 1]!, m.macd[i]! - m.signal[i]!);
      const long = signal.payload.side === 'long';
      expect(cross).toBe(long ? 'up' : 'down');
      expect(long ? closes[i]! < bands.middle[i]! : closes[i]! > bands.middle[i]!).toBe(true);
      const order = result.orders.find((o) => o.tsInit === signal.ts && !o.reduceOnly)!;
      const stop = long ? closes[i]! - 2 * range[i]! : closes[i]! + 2 * range[i]!;
      expect(order.attachments?.stopLoss?.triggerPrice).toBeCloseTo(stop, 6);
      const size = signal.payload.qty as number;
      expect(size * 2 * range[i]!).toBeCloseTo(0.01 * result.equity.find(([ts]) => ts === signal.ts)![1], 4);
    }
  });
});
