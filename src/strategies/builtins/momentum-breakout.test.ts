import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { BTCUSDT_FUTURES_1H, loadSharedCandles } from '../../../test/support/strategy-candles.js';
import type { HarnessSeries } from '../../../test/support/strategy-harness.js';
import { isQuantLabError } from '../../core/errors.js';
import type { Candle } from '../../core/market.js';
import { atr } from '../../indicators/index.js';
import { resolveParams } from '../params.js';
import { momentumBreakout } from './momentum-breakout.js';
import { candlesFromCloses, indexAt, runChecked } from './test-data.js';

const SYMBOL = 'BTC/USDT:USDT';

/** Highest high, lowest low and mean volume of the `period` bars before bar i, by plain loops. */
function prior(candles: readonly Candle[], i: number, period: number) {
  const window = candles.slice(i - period, i);
  return {
    high: Math.max(...window.map((c) => c.high)),
    low: Math.min(...window.map((c) => c.low)),
    volume: window.reduce((a, c) => a + c.volume, 0) / period,
  };
}

/** The rules replayed bar by bar (N 20, M 10, volume 20 × 1.5): [side, decision bar]. */
function expectedTrades(candles: readonly Candle[], trailing?: number): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let long = false;
  let peak = 0;
  for (let i = 20; i + 1 < candles.length; i++) {
    const close = candles[i]!.close;
    if (long) {
      peak = Math.max(peak, close);
      const channel = close < prior(candles, i, 10).low;
      if (channel || (trailing !== undefined && close <= peak * (1 - trailing))) {
        out.push(['sell', i]);
        long = false;
      }
      continue;
    }
    const entry = prior(candles, i, 20);
    if (close > entry.high && candles[i]!.volume > 1.5 * entry.volume) {
      out.push(['buy', i]);
      long = true;
      peak = close;
    }
  }
  return out;
}

describe('momentum-breakout parameters and volume rule', () => {
  it('names the key of each broken constraint', () => {
    const keys = (params: unknown) => {
      try {
        resolveParams(momentumBreakout, params);
        return [];
      } catch (error) {
        if (!isQuantLabError(error)) throw error;
        return error.details?.['keys'];
      }
    };
    expect(keys({ trailingStop: 1 })).toEqual(['trailingStop']);
    expect(keys({ atrStop: 0 })).toEqual(['atrStop']);
    expect(keys({ entryPeriod: 0 })).toEqual(['entryPeriod']);
    expect(keys({})).toEqual([]);
  });

  it('ignores a breakout on ordinary volume and takes the same breakout on heavy volume', () => {
    // 5 flat bars (range 99.5..100.5), then a close at 103 above the prior 3-bar high.
    const closes = [100, 100, 100, 100, 100, 103, 104];
    const params = { entryPeriod: 3, exitPeriod: 3, volumePeriod: 3, volumeFactor: 2, size: 1 };
    const series = (breakoutVolume: number) => [
      {
        symbol: SYMBOL,
        timeframe: '1h',
        candles: candlesFromCloses(closes, { volume: [100, 100, 100, 100, 100, breakoutVolume, 100] }),
      },
    ];
    expect(runChecked({ definition: momentumBreakout, params, series: series(150) }).orders).toHaveLength(0);
    const heavy = runChecked({ definition: momentumBreakout, params, series: series(250) });
    expect(heavy.signals.map((s) => s.kind)).toEqual(['breakout']);
    expect(heavy.fills.map((f) => [f.side, f.price])).toEqual([['buy', 103]]);
  });
});

describeWithSharedData('momentum-breakout on BTCUSDT perpetual 1h', () => {
  let candles: Candle[] = [];
  let series: HarnessSeries[] = [];
  beforeAll(() => {
    candles = loadSharedCandles(BTCUSDT_FUTURES_1H);
    series = [{ symbol: SYMBOL, timeframe: '1h', candles }];
  });

  it('enters only on bars that close above the prior 20-bar high with volume > 1.5 × its prior average; exits on the 10-bar low', () => {
    const expected = expectedTrades(candles);
    expect(expected.filter(([side]) => side === 'buy').length).toBeGreaterThan(10);
    const result = runChecked({ definition: momentumBreakout, series });
    expect(result.fills.map((f) => [f.side, indexAt(candles, f.tsEvent) - 1])).toEqual(expected);
    for (const fill of result.fills.filter((f) => f.side === 'buy')) {
      const i = indexAt(candles, fill.tsEvent) - 1;
      const before = prior(candles, i, 20);
      expect(candles[i]!.close).toBeGreaterThan(before.high);
      expect(candles[i]!.volume).toBeGreaterThan(1.5 * before.volume);
    }
  });

  it('with a 3 % trailing stop exits at the first close 3 % under the peak close (or the channel low)', () => {
    const expected = expectedTrades(candles, 0.03);
    const result = runChecked({ definition: momentumBreakout, params: { trailingStop: 0.03 }, series });
    expect(result.fills.map((f) => [f.side, indexAt(candles, f.tsEvent) - 1])).toEqual(expected);
    expect(result.signals.some((s) => s.kind === 'exit' && s.payload['reason'] === 'trailing stop')).toBe(
      true,
    );
  });

  it('with an ATR stop every ATR exit closes at least 3 ATR(14) under the peak', () => {
    const values = atr(
      candles.map((c) => c.high),
      candles.map((c) => c.low),
      candles.map((c) => c.close),
      14,
    );
    const result = runChecked({
      definition: momentumBreakout,
      params: { atrStop: 3, exitPeriod: 50 },
      series,
    });
    const atrExits = result.signals.filter((s) => s.kind === 'exit' && s.payload['reason'] === 'atr stop');
    expect(atrExits.length).toBeGreaterThan(0);
    for (const exit of atrExits) {
      const i = indexAt(candles, exit.ts - 3_600_000);
      expect(exit.payload['close']).toBeLessThanOrEqual((exit.payload['peak'] as number) - 3 * values[i]!);
    }
  });
});
