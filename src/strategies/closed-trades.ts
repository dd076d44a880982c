/**
 * A strategy's own closed round trips, learnt from its fills: the trade history `ctx.size.kelly` sizes
 * from. A round trip runs from flat (per instrument) back to flat, or to a flip, which closes one and opens
 * the next. Its result is the net return on cost: (realised PnL − fees in the settle currency) / the settle
 * notional opened. Returns rather than PnL, so that trades of different sizes weigh alike.
 *
 * The host persists it with the strategy's state (under a key the strategy does not see) so that Kelly
 * survives a restart.
 */

import type { Fill } from '../core/fill.js';
import { type Instrument, settleNotional } from '../core/instrument.js';
import { applyFillToPosition, flatPosition, type Position } from '../core/position.js';
import { sideSign } from '../core/side.js';

/** Closed results kept (oldest dropped first): Kelly needs a window, not the whole life. */
export const MAX_CLOSED_TRADES = 1000;

/** The key of the persisted state the log is saved under; hidden from `ctx.state`. */
export const CLOSED_TRADES_STATE_KEY = 'ql:closedTrades';

interface OpenTrip {
  position: Position;
  /** realizedPnl of `position` when the trip opened. */
  pnlAtOpen: number;
  /** Settle-currency fees paid during the trip. */
  fees: number;
  /** Settle notional opened during the trip. */
  cost: number;
}

interface SavedLog {
  readonly results: number[];
  readonly open: Record<string, OpenTrip>;
}

export class ClosedTradeLog {
  private results: number[] = [];
  private open = new Map<string, OpenTrip>();

  /** Results of closed round trips, oldest first (the live array: do not hand it out). */
  get list(): readonly number[] {
    return this.results;
  }

  /** True while some instrument has a round trip open. */
  get hasOpenTrips(): boolean {
    return this.open.size > 0;
  }

  /** Applies one fill; true when it closed a round trip. */
  record(inst: Instrument, fill: Fill): boolean {
    const trip = this.open.get(fill.instrumentId) ?? this.startTrip(fill);
    const before = trip.position;
    const after = applyFillToPosition(before, inst, fill);
    trip.position = after;
    if (fill.feeCurrency === inst.settle) trip.fees += fill.fee;
    const increased = before.qty === 0 || Math.sign(before.qty) === sideSign(fill.side);
    if (increased) trip.cost += settleNotional(inst, fill.qty, fill.price);
    const closed = before.qty !== 0 && Math.sign(after.qty) !== Math.sign(before.qty);
    if (!closed) return false;
    const pnl = after.realizedPnl - trip.pnlAtOpen - trip.fees;
    this.push(trip.cost > 0 ? pnl / trip.cost : 0);
    if (after.qty === 0) this.open.delete(fill.instrumentId);
    else {
      // A flip: the remainder opens the next trip at the fill price.
      trip.pnlAtOpen = after.realizedPnl;
      trip.fees = 0;
      trip.cost = settleNotional(inst, Math.abs(after.qty), fill.price);
    }
    return true;
  }

  private startTrip(fill: Fill): OpenTrip {
    const trip: OpenTrip = { position: flatPosition(fill.instrumentId), pnlAtOpen: 0, fees: 0, cost: 0 };
    this.open.set(fill.instrumentId, trip);
    return trip;
  }

  private push(result: number): void {
    this.results.push(Number.isFinite(result) ? result : 0);
    if (this.results.length > MAX_CLOSED_TRADES) this.results.shift();
  }

  /** A copy for the state store (saved on every closed trip, so no JSON round trip: positions are immutable). */
  toJSON(): SavedLog {
    const open: Record<string, OpenTrip> = {};
    for (const [id, trip] of this.open) open[id] = { ...trip };
    return { results: this.results.slice(), open };
  }

  /** Restores what `toJSON` saved; anything unreadable starts an empty log (sizing falls back, never fails). */
  restore(saved: unknown): void {
    this.results = [];
    this.open = new Map();
    if (typeof saved !== 'object' || saved === null) return;
    const { results, open } = saved as Partial<SavedLog>;
    if (Array.isArray(results)) {
      this.results = results.filter((r): r is number => typeof r === 'number' && Number.isFinite(r));
    }
    if (typeof open === 'object' && open !== null) {
      for (const [id, trip] of Object.entries(open)) {
        if (isOpenTrip(trip)) this.open.set(id, { ...trip });
      }
    }
  }
}

function isOpenTrip(value: unknown): value is OpenTrip {
  const trip = value as Partial<OpenTrip> | undefined;
  return (
    typeof trip === 'object' &&
    trip !== null &&
    typeof trip.position?.instrumentId === 'string' &&
    typeof trip.position.fees === 'object' &&
    typeof trip.position.qty === 'number' &&
    typeof trip.position.avgEntryPrice === 'number' &&
    typeof trip.pnlAtOpen === 'number' &&
    typeof trip.fees === 'number' &&
    typeof trip.cost === 'number'
  );
}
