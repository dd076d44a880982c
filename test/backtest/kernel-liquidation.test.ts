/**
 * A liquidation end to end: a 10× long on a linear swap, cross margin, one position, and a crash bar.
 * The venue closes the position at the liquidation price P where the wallet plus the unrealised loss
 * equals the maintenance margin: W + Q (P − E) = m Q P, so P = (E − W/Q) / (1 − m).
 */

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import { fineInstrument, seriesOf } from '../support/backtest-data.js';
import { bars, config, define, MINUTE, T0 } from './kernel-kit.js';

const S = 'BTC/USDT:USDT';

describe('liquidation through runBacktest', () => {
  it('closes a 10× long at the hand-computed price, reason liquidation, with the books in balance', () => {
    const taker = 0.0005;
    const m = 0.004;
    const liquidationFeeRate = 0.002;
    const candles = bars([
      [100, 100, 100, 100], // 0: buy 100 contracts = 10,000 of notional on 1,000 of capital
      [100, 101, 99.5, 100], // 1: filled at the open, 100; fee 100 × 100 × 0.0005 = 5
      [99, 99.5, 80, 85], // 2: open → high 99.5 → low 80: the crash passes P
      [85, 86, 84, 85],
    ]);
    let sent = false;
    const definition = define([{ symbol: S, timeframe: '1m' }], {
      onCandle({ ctx }) {
        if (sent) return;
        sent = true;
        ctx.submit({ symbol: S, side: 'buy', qty: 100 });
      },
    });
    const output = runBacktest({
      definition,
      config: config({
        capital: 1_000,
        leverage: 10,
        marginMode: 'cross',
        fees: { maker: 0, taker },
        maintenanceRate: m,
        liquidationFeeRate,
      }),
      data: { series: [seriesOf(S, '1m', candles)] },
      instruments: [fineInstrument('test', S)],
      checkInvariants: true,
    });

    const E = 100;
    const Q = 100;
    const entryFee = Q * E * taker;
    const W = 1_000 - entryFee; // the wallet when the crash comes
    const P = (E - W / Q) / (1 - m); // 90.4116…
    expect(P).toBeCloseTo(90.41164658634538, 9);
    const liquidationFee = liquidationFeeRate * Q * P;
    // The path reaches P on the segment high 99.5 → low 80, at position 1 + (99.5 − P) / 19.5.
    const at = T0 + 2 * MINUTE + Math.floor(((1 + (99.5 - P) / 19.5) / 3) * MINUTE);

    const { result } = output;
    expect(result.extras.liquidations).toBe(1);
    expect(result.trades).toHaveLength(1);
    const trade = result.trades[0]!;
    expect(trade.side).toBe('long');
    expect(trade.qty).toBe(100);
    expect(trade.entryPrice).toBe(100);
    expect(trade.exitPrice).toBeCloseTo(P, 9);
    expect(trade.exitTime).toBe(at);
    expect(trade.fees).toBeCloseTo(entryFee + liquidationFee, 9);
    expect(trade.pnl).toBeCloseTo(Q * (P - E) - entryFee - liquidationFee, 9);
    expect(result.extras.tradeDetails).toEqual([{ funding: 0, exitReason: 'liquidation' }]);
    // What is left: the maintenance margin m·Q·P minus the liquidation fee.
    expect(result.metrics.endEquity).toBeCloseTo(m * Q * P - liquidationFee, 9);
    expect(result.metrics.endEquity).toBeCloseTo(1_000 + trade.pnl, 9);
    expect(output.invariantViolations).toEqual([]);
    // Nothing works after the liquidation and the strategy's one order filled.
    expect(output.orders.map((o) => o.status)).toEqual(['Filled']);
  });
});
