/**
 * Closed round trips per strategy and symbol, for the consecutive-loss breaker: a trip opens on the fill
 * that takes a strategy's position off zero and closes on the fill that brings it back to zero or flips
 * it. Its PnL is the realised PnL over the trip less the fees paid on it (settle currency).
 */

import type { Fill } from '../../core/fill.js';
import type { StrategyId } from '../../core/ids.js';
import type { Portfolio } from '../../engine/portfolio.js';

interface OpenTrip {
  realizedAtOpen: number;
  fees: number;
  qty: number;
}

export class TradeTracker {
  private readonly open = new Map<string, OpenTrip>();

  constructor(
    private readonly portfolio: Portfolio,
    private readonly onClosed: (strategyId: string, pnl: number) => void,
  ) {}

  /** Call after the portfolio has applied the fill. */
  filled(strategyId: string, symbol: string, fill: Fill): void {
    const view = this.portfolio.position(strategyId as StrategyId, symbol);
    const fee = fill.feeCurrency === this.portfolio.currency ? fill.fee : 0;
    const key = `${strategyId}\u0000${symbol}`;
    const trip = this.open.get(key);
    if (trip === undefined) {
      if (view.qty === 0) return;
      // Opened by this fill: the realised PnL before it is the baseline.
      this.open.set(key, { realizedAtOpen: view.realizedPnl, fees: fee, qty: view.qty });
      return;
    }
    trip.fees += fee;
    const closed = view.qty === 0 || Math.sign(view.qty) !== Math.sign(trip.qty);
    if (!closed) {
      trip.qty = view.qty;
      return;
    }
    this.onClosed(strategyId, view.realizedPnl - trip.realizedAtOpen - trip.fees);
    if (view.qty === 0) this.open.delete(key);
    else {
      // Flipped: the new trip starts at this fill (its fee went to the one just closed).
      trip.realizedAtOpen = view.realizedPnl;
      trip.fees = 0;
      trip.qty = view.qty;
    }
  }
}
