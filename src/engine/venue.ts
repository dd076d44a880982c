/**
 * The venue seam of the kernel (DESIGN.md §1): what the kernel sends to a venue (commands) and what a venue
 * tells the kernel back (events and reports). The simulated venue of backtests, the paper venue and the
 * exchange venues implement the same interface, so the order manager, the portfolio and the risk gate
 * never learn which one they talk to.
 *
 * Venues answer asynchronously in spirit: `submit` returns nothing, and the outcome arrives later as
 * events through the listener. A simulated venue may call the listener synchronously from inside
 * `submit` (a fill at the close) — the kernel queues what it receives, so re-entrancy is safe.
 */

import type { Fill } from '../core/fill.js';
import type { ClientOrderId, InstrumentId } from '../core/ids.js';
import type {
  Order,
  OrderAccepted,
  OrderCancelled,
  OrderCancelRejected,
  OrderExpired,
  OrderFilled,
  OrderRejected,
} from '../core/order.js';

/** New values for a working order. Absent fields keep their value. */
export interface OrderChanges {
  readonly qty?: number;
  readonly price?: number;
  readonly triggerPrice?: number;
}

/** The venue accepted an amendment of a working order (NautilusTrader's OrderUpdated). */
export interface OrderUpdated {
  readonly type: 'OrderUpdated';
  readonly clientOrderId: ClientOrderId;
  readonly changes: OrderChanges;
  readonly tsEvent: number;
  readonly tsInit: number;
}

/** The venue refused an amendment; the order keeps its previous values. */
export interface OrderModifyRejected {
  readonly type: 'OrderModifyRejected';
  readonly clientOrderId: ClientOrderId;
  readonly reason: string;
  readonly tsEvent: number;
  readonly tsInit: number;
}

/** A funding payment on a perpetual swap position, at the funding time. */
export interface FundingPaid {
  readonly type: 'FundingPaid';
  readonly instrumentId: InstrumentId;
  /** The funding rate of this interval (0.0001 = 0.01 %). */
  readonly rate: number;
  /** The mark price the payment was computed at. */
  readonly markPrice: number;
  /** The signed position (contracts) that paid or received. */
  readonly qty: number;
  /**
   * What the account received, in the settle currency: −qty-sign × |notional| × rate, so a long pays
   * (negative amount) when the rate is positive.
   */
  readonly amount: number;
  readonly currency: string;
  readonly tsEvent: number;
  readonly tsInit: number;
}

/**
 * The venue closed a position by liquidation. `fill` is the closing execution (its clientOrderId is the
 * venue's own, not one of ours; its fee is the liquidation fee).
 */
export interface PositionLiquidated {
  readonly type: 'PositionLiquidated';
  readonly instrumentId: InstrumentId;
  readonly fill: Fill;
  /** The liquidation price that was reached. */
  readonly liquidationPrice: number;
  readonly tsEvent: number;
  readonly tsInit: number;
}

/** Everything a venue reports to the kernel. */
export type VenueEvent =
  | OrderAccepted
  | OrderRejected
  | OrderCancelled
  | OrderCancelRejected
  | OrderExpired
  | OrderFilled
  | OrderUpdated
  | OrderModifyRejected
  | FundingPaid
  | PositionLiquidated;

export type VenueListener = (event: VenueEvent) => void;

/** Commands the kernel sends to a venue. */
export interface ExecutionVenue {
  /** The exchange id orders go to (`okx`, `binanceusdm`, … or the backtest's exchange label). */
  readonly exchange: string;
  /** Where events go; set once by the kernel before the first command. */
  setListener(listener: VenueListener): void;
  /** Sends a new order (status Submitted in the order manager). The outcome comes back as events. */
  submit(order: Order): void;
  cancel(clientOrderId: ClientOrderId): void;
  amend(clientOrderId: ClientOrderId, changes: OrderChanges): void;
  /**
   * True when the venue holds an order's attached stop-loss / take-profit itself (OKX `attachAlgoOrds`,
   * see `venueHoldsAttachments`); absent or false: the kernel emulates them (ProtectionBook).
   */
  readonly attachedProtection?: boolean;
  /**
   * Starts tracking a child order the venue placed on its own (an attached stop-loss / take-profit armed
   * when its parent ended with fills): never sent, its reports are applied like those of any order.
   */
  hold?(order: Order): void;
}
