/**
 * An order working at the simulated venue: the accepted core order plus the mutable matching state the
 * venue keeps for it. Plain numeric fields (NaN = absent) so the per-bar matching loop reads them without
 * allocation or optional chaining.
 */

import type { ClientOrderId, InstrumentId, VenueOrderId } from '../../core/ids.js';
import type { Instrument } from '../../core/instrument.js';
import type { Order, OrderType, TimeInForce } from '../../core/order.js';
import type { OrderSide } from '../../core/side.js';

/** What the next event of an order on the current bar is. */
export const EventKind = {
  None: 0,
  /** A market fill (or the remainder of one) at the open or, in close mode, at the close. */
  Market: 1,
  /** An IOC/FOK limit on its first eligible bar: only the open counts. */
  ImmediateAtOpen: 2,
  /** A resting limit is touched. */
  LimitTouch: 3,
  /** A stop-market or stop-limit trigger is reached. */
  StopTrigger: 4,
  /** A trailing stop is reached. */
  TrailingTrigger: 5,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** Relative slack under which a remaining quantity counts as nothing (float noise of summed fills). */
export const QTY_EPSILON = 1e-9;

export class WorkingOrder {
  readonly order: Order;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId;
  readonly instrumentId: InstrumentId;
  readonly symbol: number;
  readonly inst: Instrument;
  readonly side: OrderSide;
  /** +1 buy, −1 sell. */
  readonly sign: 1 | -1;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly: boolean;
  qty: number;
  filled = 0;
  /** Limit price; NaN when none. */
  price: number;
  /** Trigger price; NaN when none. */
  trigger: number;
  /** The trigger fires when the price rises to it (it was above the market at submission). */
  triggerRising = false;
  /** Bars with ts ≥ this can fill it (the venue clock when it was submitted or amended). */
  eligibleFrom: number;
  /** A stop or trailing stop has fired: it now works as a market (or, stop-limit, a limit) order. */
  triggered = false;
  /** A limit that was marketable when placed: a taker if it fills at the open of its first eligible bar. */
  marketable = false;
  /** Its first eligible bar has been processed. */
  seenBar = false;
  closed = false;

  // Trailing stop state (NaN when not a trailing stop).
  trailRate: number;
  trailOffset: number;
  trailActivation: number;
  trailActive = false;
  /** Best price since activation: highest for a sell, lowest for a buy. */
  trailBest = Number.NaN;

  // Per-bar scratch of the matcher.
  evPos = Number.POSITIVE_INFINITY;
  evKind: EventKind = EventKind.None;
  /** Reference price of the pending event (trigger level, or the open when the bar gapped through it). */
  evPrice = 0;
  /** The bar the volume cap below belongs to. */
  capBar = -1;
  capLeft = Number.POSITIVE_INFINITY;

  constructor(order: Order, symbol: number, inst: Instrument, venueOrderId: VenueOrderId, now: number) {
    this.order = order;
    this.clientOrderId = order.clientOrderId;
    this.venueOrderId = venueOrderId;
    this.instrumentId = order.instrumentId;
    this.symbol = symbol;
    this.inst = inst;
    this.side = order.side;
    this.sign = order.side === 'buy' ? 1 : -1;
    this.type = order.type;
    this.timeInForce = order.timeInForce;
    this.reduceOnly = order.reduceOnly;
    this.qty = order.qty;
    this.price = order.price ?? Number.NaN;
    this.trigger = order.triggerPrice ?? Number.NaN;
    this.eligibleFrom = now;
    this.trailRate = order.trailing?.callbackRate ?? Number.NaN;
    this.trailOffset = order.trailing?.callbackOffset ?? Number.NaN;
    this.trailActivation = order.trailing?.activationPrice ?? Number.NaN;
  }

  get leaves(): number {
    return this.qty - this.filled;
  }

  /** True once the filled quantity reaches the order quantity (within float noise). */
  isComplete(): boolean {
    return this.qty - this.filled <= this.qty * QTY_EPSILON;
  }

  /** Works as a market order now: a market order, or a stop-market / trailing stop that fired. */
  actsAsMarket(): boolean {
    return this.type === 'market' || (this.triggered && this.type !== 'stop-limit');
  }

  /** Works as a limit order now: a limit, or a stop-limit that fired. */
  actsAsLimit(): boolean {
    return this.type === 'limit' || (this.triggered && this.type === 'stop-limit');
  }

  /** IOC or FOK semantics apply (market and limit orders only; stops ignore the time in force). */
  isImmediate(): boolean {
    return (
      (this.timeInForce === 'IOC' || this.timeInForce === 'FOK') &&
      (this.type === 'market' || this.type === 'limit')
    );
  }

  /** Sets the trigger direction and the limit marketability against the market price `last`. */
  placeAgainst(last: number): void {
    // An explicit direction (a protective stop knows whether it guards against a fall or a rise) wins over
    // the side the market was on when the order arrived.
    const direction = this.order.triggerDirection;
    if (direction !== undefined) this.triggerRising = direction === 'rise';
    else if (!Number.isNaN(this.trigger))
      this.triggerRising = this.trigger > last || (this.trigger === last && this.sign > 0);
    if (this.type === 'limit') this.marketable = this.sign > 0 ? this.price >= last : this.price <= last;
  }

  /** Arms a trailing stop at submission: active at once unless an activation price is still ahead. */
  armTrailing(last: number): void {
    if (this.type !== 'trailing-stop') return;
    const u = -this.sign; // +1 for a sell (tracks the high), −1 for a buy (tracks the low)
    this.trailActive = Number.isNaN(this.trailActivation) || u * (last - this.trailActivation) >= 0;
    this.trailBest = last;
  }

  /** The trailing trigger level for best price `best`. */
  trailLevel(best: number): number {
    const u = -this.sign;
    return Number.isNaN(this.trailRate) ? best - u * this.trailOffset : best * (1 - u * this.trailRate);
  }
}
