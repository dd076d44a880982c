/**
 * The order state machine as data: `ORDER_TRANSITIONS[status][eventType]` is where an event takes an order,
 * and a missing cell is an illegal move. `applyOrderEvent` (order.ts) is the only reader that changes
 * orders; tests and docs print the table with `formatTransitionTable`.
 *
 * Beyond the happy path the table tolerates what real venues do (as NautilusTrader's does):
 * - a fill before the acknowledgement (Submitted → fill);
 * - a fill after Cancelled or Expired (the venue filled before it cancelled): applied, and the order
 *   becomes Filled only if that completes it;
 * - late acknowledgements (Accepted after a fill, after a cancel request or after the order ended) change
 *   nothing but the venue order id;
 * - a cancel rejected because the order had already ended (cancel races a fill): absorbed;
 * - repeated cancel requests and duplicate Cancelled/Expired confirmations (REST reply and stream both).
 */

export const OrderStatus = {
  /** Created locally, not yet sent. */
  New: 'New',
  /** Sent; no answer yet. */
  Submitted: 'Submitted',
  /** Working at the venue. */
  Accepted: 'Accepted',
  PartiallyFilled: 'PartiallyFilled',
  Filled: 'Filled',
  /** A cancel was requested; the order may still trade. */
  PendingCancel: 'PendingCancel',
  Cancelled: 'Cancelled',
  /** The venue refused it. */
  Rejected: 'Rejected',
  /** Ended by time in force (IOC/FOK remainder, GTD) or by the venue. */
  Expired: 'Expired',
  /** Our risk gate refused it; it was never sent. */
  Denied: 'Denied',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];
export const ORDER_STATUSES: readonly OrderStatus[] = Object.values(OrderStatus);

export const OrderEventType = {
  OrderDenied: 'OrderDenied',
  OrderSubmitted: 'OrderSubmitted',
  OrderAccepted: 'OrderAccepted',
  OrderRejected: 'OrderRejected',
  OrderPendingCancel: 'OrderPendingCancel',
  OrderCancelRejected: 'OrderCancelRejected',
  OrderCancelled: 'OrderCancelled',
  OrderExpired: 'OrderExpired',
  OrderFilled: 'OrderFilled',
} as const;
export type OrderEventType = (typeof OrderEventType)[keyof typeof OrderEventType];
export const ORDER_EVENT_TYPES: readonly OrderEventType[] = Object.values(OrderEventType);

/** Cell value for fills: Filled when the fill completes the order, PartiallyFilled otherwise. */
export const FILL_PARTIAL_OR_FILLED = 'PartiallyFilled|Filled';
/** Cell value for fills: Filled when the fill completes the order, otherwise the status is kept. */
export const FILL_KEEP_OR_FILLED = 'unchanged|Filled';
/** Cell value for a rejected cancel: back to the working status the order had before PendingCancel. */
export const PREVIOUS_WORKING_STATUS = 'previous';

export type TransitionTarget =
  | OrderStatus
  | typeof FILL_PARTIAL_OR_FILLED
  | typeof FILL_KEEP_OR_FILLED
  | typeof PREVIOUS_WORKING_STATUS;

export type TransitionTable = Readonly<
  Record<OrderStatus, Readonly<Partial<Record<OrderEventType, TransitionTarget>>>>
>;

const S = OrderStatus;

/** The transition table. A cell that is absent is an illegal move (QL_ERR_ORDER_ILLEGAL_TRANSITION). */
export const ORDER_TRANSITIONS: TransitionTable = deepFreeze({
  New: {
    OrderDenied: S.Denied,
    OrderSubmitted: S.Submitted,
    // The send failed synchronously, or the order was dropped before it left.
    OrderRejected: S.Rejected,
    OrderCancelled: S.Cancelled,
  },
  Submitted: {
    OrderAccepted: S.Accepted,
    OrderRejected: S.Rejected,
    OrderPendingCancel: S.PendingCancel,
    // IOC/FOK orders can end before their acknowledgement reaches us.
    OrderCancelled: S.Cancelled,
    OrderExpired: S.Expired,
    OrderFilled: FILL_PARTIAL_OR_FILLED,
  },
  Accepted: {
    // Duplicate acknowledgement (REST reply and stream).
    OrderAccepted: S.Accepted,
    // Stop orders can be rejected when they trigger.
    OrderRejected: S.Rejected,
    OrderPendingCancel: S.PendingCancel,
    OrderCancelled: S.Cancelled,
    OrderExpired: S.Expired,
    OrderFilled: FILL_PARTIAL_OR_FILLED,
  },
  PartiallyFilled: {
    OrderAccepted: S.PartiallyFilled,
    OrderPendingCancel: S.PendingCancel,
    OrderCancelled: S.Cancelled,
    OrderExpired: S.Expired,
    OrderFilled: FILL_PARTIAL_OR_FILLED,
  },
  PendingCancel: {
    OrderAccepted: S.PendingCancel,
    // A cancel requested before the acknowledgement, then the venue refused the order itself.
    OrderRejected: S.Rejected,
    OrderPendingCancel: S.PendingCancel,
    OrderCancelRejected: PREVIOUS_WORKING_STATUS,
    OrderCancelled: S.Cancelled,
    OrderExpired: S.Expired,
    OrderFilled: FILL_KEEP_OR_FILLED,
  },
  Filled: {
    OrderAccepted: S.Filled,
    OrderCancelRejected: S.Filled,
  },
  Cancelled: {
    OrderAccepted: S.Cancelled,
    OrderCancelRejected: S.Cancelled,
    OrderCancelled: S.Cancelled,
    OrderFilled: FILL_KEEP_OR_FILLED,
  },
  Expired: {
    OrderAccepted: S.Expired,
    OrderCancelRejected: S.Expired,
    OrderExpired: S.Expired,
    OrderFilled: FILL_KEEP_OR_FILLED,
  },
  Rejected: {},
  Denied: {},
});

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value))
    if (typeof inner === 'object' && inner !== null) Object.freeze(inner);
  return Object.freeze(value);
}

/** The table cell for (status, eventType), or `undefined` when the move is illegal. */
export function transitionFor(status: OrderStatus, eventType: OrderEventType): TransitionTarget | undefined {
  return ORDER_TRANSITIONS[status]?.[eventType];
}

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  S.Filled,
  S.Cancelled,
  S.Rejected,
  S.Expired,
  S.Denied,
]);

/** Statuses in which the order is (or may be) live at the venue and can still trade. */
export const WORKING_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  S.Submitted,
  S.Accepted,
  S.PartiallyFilled,
  S.PendingCancel,
]);

function statusOf(subject: OrderStatus | { readonly status: OrderStatus }): OrderStatus {
  return typeof subject === 'string' ? subject : subject.status;
}

/** True once the order has ended: Filled, Cancelled, Rejected, Expired or Denied. (A late fill may still arrive on Cancelled/Expired.) */
export function isTerminal(subject: OrderStatus | { readonly status: OrderStatus }): boolean {
  return TERMINAL_STATUSES.has(statusOf(subject));
}

/** True while the order may be live at the venue: Submitted, Accepted, PartiallyFilled, PendingCancel. New is neither working nor terminal. */
export function isWorking(subject: OrderStatus | { readonly status: OrderStatus }): boolean {
  return WORKING_STATUSES.has(statusOf(subject));
}

/** The table as aligned text, one line per legal cell: `Accepted + OrderFilled -> PartiallyFilled|Filled`. */
export function formatTransitionTable(table: TransitionTable = ORDER_TRANSITIONS): string {
  const lines: string[] = [];
  for (const status of ORDER_STATUSES) {
    for (const eventType of ORDER_EVENT_TYPES) {
      const target = table[status][eventType];
      if (target !== undefined) lines.push(`${status.padEnd(15)} + ${eventType.padEnd(19)} -> ${target}`);
    }
  }
  return lines.join('\n');
}
