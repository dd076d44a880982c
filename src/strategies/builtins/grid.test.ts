import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { BTCUSDT_FUTURES_1H, loadSharedCandles } from '../../../test/support/strategy-candles.js';
import type { StrategyRunResult } from '../../../test/support/strategy-harness.js';
import { isQuantLabError } from '../../core/errors.js';
import type { Candle } from '../../core/market.js';
import { resolveParams } from '../params.js';
import { grid, gridLevels } from './grid.js';
import { candlesFromCloses, runChecked } from './test-data.js';

const SYMBOL = 'BTC/USDT:USDT';

function keysOf(params: unknown): string[] {
  try {
    resolveParams(grid, params);
    return [];
  } catch (error) {
    if (!isQuantLabError(error)) throw error;
    return error.details?.['keys'] as string[];
  }
}

/** The level prices the grid announced in its start signal. */
function announcedLevels(result: StrategyRunResult): number[] {
  const start = result.signals.find((s) => s.kind === 'grid-start');
  return start?.payload['levels'] as number[];
}

/** Position after each fill, in order. */
function positionPath(result: StrategyRunResult): number[] {
  let position = 0;
  return result.fills.map((f) => (position += (f.side === 'buy' ? 1 : -1) * f.qty));
}

describe('grid levels and parameters', () => {
  it('spaces levels arithmetically (equal steps) or geometrically (equal ratios)', () => {
    expect(gridLevels(100, 200, 5, 'arithmetic')).toEqual([100, 125, 150, 175, 200]);
    const geometric = gridLevels(100, 400, 3, 'geometric');
    expect(geometric[1]).toBeCloseTo(200, 10);
    expect(geometric[2]).toBeCloseTo(400, 10);
  });

  it('names the key of each broken constraint', () => {
    expect(keysOf({ lower: 100 })).toEqual(['upper']);
    expect(keysOf({ lower: 200, upper: 100 })).toEqual(['lower']);
    expect(keysOf({ orderSize: 0 })).toEqual(['orderSize']);
    expect(keysOf({ levels: 1 })).toEqual(['levels']);
    expect(keysOf({ spacing: 'log' })).toEqual(['spacing']);
  });

  it('buys a level, sells it one level up, then re-arms it (synthetic oscillation)', () => {
    // Levels 90, 95, 100, 105, 110. Price dips through 95, recovers through 100, dips again.
    const closes = [101, 101, 96, 94, 97, 101, 103, 96, 94, 101, 101];
    const result = runChecked({
      definition: grid,
      params: { lower: 90, upper: 110, levels: 5, orderSize: 1, maxInventory: 2 },
      series: [{ symbol: SYMBOL, timeframe: '1h', candles: candlesFromCloses(closes, { spread: 0 }) }],
    });
    // L2 (100) and L1 (95) are armed; both fill on the dip; L1's unit sells at 100 and L1 is re-armed,
    // bought again on the next dip and sold again. L2's unit waits for 105, which is never reached.
    expect(result.fills.map((f) => [f.side, f.price])).toEqual([
      ['buy', 100],
      ['buy', 95],
      ['sell', 100],
      ['buy', 95],
      ['sell', 100],
    ]);
    expect(result.orders.filter((o) => o.status === 'Accepted').map((o) => [o.side, o.price])).toEqual([
      ['sell', 105],
      ['buy', 95],
    ]);
    expect(Math.max(...positionPath(result))).toBeLessThanOrEqual(2);
  });
});

describeWithSharedData('grid on BTCUSDT perpetual 1h', () => {
  let candles: Candle[] = [];
  beforeAll(() => {
    candles = loadSharedCandles(BTCUSDT_FUTURES_1H);
  });

  it('stays within its inventory bound and trades only at its level prices (or better on a gap)', () => {
    const result = runChecked({
      definition: grid,
      params: { levels: 12, orderSize: 0.1, maxInventory: 3, rangePct: 0.08 },
      series: [{ symbol: SYMBOL, timeframe: '1h', candles: candles.slice(0, 700) }],
    });
    const levels = announcedLevels(result);
    expect(levels).toHaveLength(12);
    expect(result.fills.length).toBeGreaterThan(10);
    for (const position of positionPath(result)) {
      expect(position).toBeGreaterThanOrEqual(-1e-9);
      expect(position).toBeLessThanOrEqual(0.3 + 1e-9);
    }
    const byId = new Map(result.orders.map((o) => [o.clientOrderId, o]));
    for (const fill of result.fills) {
      const order = byId.get(fill.clientOrderId)!;
      expect(order.type).toBe('limit');
      expect(levels).toContain(order.price);
      if (fill.side === 'buy') expect(fill.price).toBeLessThanOrEqual(order.price!);
      else expect(fill.price).toBeGreaterThanOrEqual(order.price!);
    }
    // Every sell is one level above a buy it pairs with, and some level is bought again after its sale.
    const buyLevels = result.fills
      .filter((f) => f.side === 'buy')
      .map((f) => levels.indexOf(byId.get(f.clientOrderId)!.price!));
    const sellLevels = result.fills
      .filter((f) => f.side === 'sell')
      .map((f) => levels.indexOf(byId.get(f.clientOrderId)!.price!));
    for (const level of sellLevels) expect(buyLevels).toContain(level - 1);
    expect(buyLevels.length).toBeGreaterThan(new Set(buyLevels).size);
  });

  it('stop mode: on the first close outside the range cancels everything, sells the inventory and ends', () => {
    const result = runChecked({
      definition: grid,
      params: { levels: 8, orderSize: 0.1, maxInventory: 4, rangePct: 0.1, outOfRange: 'stop' },
      series: [{ symbol: SYMBOL, timeframe: '1h', candles }],
    });
    const levels = announcedLevels(result);
    const stopped = result.signals.find((s) => s.kind === 'grid-stopped')!;
    expect(stopped).toBeDefined();
    const close = stopped.payload['close'] as number;
    expect(close > levels.at(-1)! || close < levels[0]!).toBe(true);
    expect(result.orders.filter((o) => o.tsInit > stopped.ts && o.type !== 'market')).toHaveLength(0);
    expect(result.orders.every((o) => o.status !== 'Accepted')).toBe(true);
    expect(result.positions[SYMBOL]!.qty).toBeCloseTo(0, 12);
  });

  it('pause mode: places no buy while closes are outside the range and resumes inside it', () => {
    const result = runChecked({
      definition: grid,
      params: { levels: 10, orderSize: 0.1, maxInventory: 5, rangePct: 0.05 },
      series: [{ symbol: SYMBOL, timeframe: '1h', candles: candles.slice(0, 1500) }],
    });
    const levels = announcedLevels(result);
    const paused = result.signals.filter((s) => s.kind === 'grid-paused');
    const resumed = result.signals.filter((s) => s.kind === 'grid-resumed');
    expect(paused.length).toBeGreaterThan(0);
    expect(resumed.length).toBeGreaterThan(0);
    // Buys are placed again after a resume.
    expect(result.orders.some((o) => o.side === 'buy' && o.tsInit >= resumed[0]!.ts)).toBe(true);
    const closeAt = new Map(candles.map((c) => [c.ts + 3_600_000, c.close]));
    for (const order of result.orders.filter((o) => o.side === 'buy')) {
      const close = closeAt.get(order.tsInit)!;
      expect(close).toBeGreaterThanOrEqual(levels[0]!);
      expect(close).toBeLessThanOrEqual(levels.at(-1)!);
    }
  });
});
