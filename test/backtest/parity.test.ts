/**
 * The parity test between the engine and first principles (issue: Backtesting, Correctness): sma-cross,
 * long-short, size 1, fee 0.1 %, fill at the next open, over a series where each open equals the previous
 * close, must end with the same equity as a plain loop that fills at the signal bar's close.
 */

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import type { BacktestConfig } from '../../src/backtest/types.js';
import { smaCross } from '../../src/strategies/builtins/ma-cross.js';
import { fineInstrument, gaplessWalk, seriesOf } from '../support/backtest-data.js';

const SYMBOL = 'BTC/USDT:USDT';
const FEE = 0.001;

function config(fast: number, slow: number): BacktestConfig {
  return {
    strategy: 'sma-cross',
    strategyVersion: smaCross.version,
    params: { fast, slow, mode: 'long-short', size: 1 },
    exchange: 'test',
    symbols: [SYMBOL],
    timeframe: '1h',
    capital: 100_000,
    currency: 'USDT',
    fees: { maker: FEE, taker: FEE },
    slippage: { kind: 'fixed', bps: 0 },
    fill: 'next-open',
    leverage: 1,
    marginMode: 'cross',
    maintenanceRate: 0.004,
    liquidationFeeRate: 0.005,
  };
}

/** First principles: plain moving averages, fills at the signal bar's close, fee on every fill. */
function plainLoop(close: readonly number[], fast: number, slow: number, capital: number) {
  const mean = (end: number, period: number) => {
    let sum = 0;
    for (let k = end - period + 1; k <= end; k++) sum += close[k]!;
    return sum / period;
  };
  let cash = capital;
  let position = 0;
  let fills = 0;
  let previous = Number.NaN;
  // The engine cannot fill an order decided on the last bar (there is no next open): neither may we.
  for (let i = slow - 1; i < close.length - 1; i++) {
    const d = mean(i, fast) - mean(i, slow);
    const up = previous < 0 && d > 0;
    const down = previous > 0 && d < 0;
    previous = d;
    const target = up ? 1 : down ? -1 : position;
    if (target === position) continue;
    const qty = target - position;
    cash -= qty * close[i]! + Math.abs(qty) * close[i]! * FEE;
    position = target;
    fills += 1;
  }
  return { equity: cash + position * close[close.length - 1]!, fills, position };
}

describe('engine parity with first principles', () => {
  for (const [fast, slow, seed] of [
    [10, 30, 7],
    [5, 20, 11],
    [3, 8, 3],
  ] as const) {
    it(`sma-cross ${fast}/${slow}, long-short, size 1, fee 0.1 %, next open (seed ${seed})`, () => {
      const candles = gaplessWalk(3_000, seed);
      const close = candles.map((c) => c.close);
      const expected = plainLoop(close, fast, slow, 100_000);
      const output = runBacktest({
        definition: smaCross,
        config: config(fast, slow),
        data: { series: [seriesOf(SYMBOL, '1h', candles)] },
        instruments: [fineInstrument('test', SYMBOL)],
        checkInvariants: true,
      });
      expect(expected.fills).toBeGreaterThan(50);
      expect(output.orders.filter((o) => o.status === 'Filled')).toHaveLength(expected.fills);
      // Equal up to float rounding of summing the same terms in another order (1e-9 of the capital).
      expect(Math.abs(output.result.metrics.endEquity - expected.equity)).toBeLessThan(1e-9 * 100_000);
      expect(output.invariantViolations).toEqual([]);
    });
  }
});
