import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuantLabError } from './errors.js';
import { clientOrderId, instrumentId, strategyId, tradeId, venueOrderId } from './ids.js';
import { applyOrderEvent, createOrder, FILL_QTY_EPSILON, type Order, type OrderEvent } from './order.js';
import {
  formatTransitionTable,
  isTerminal,
  isWorking,
  ORDER_EVENT_TYPES,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  type OrderEventType,
  type OrderStatus,
  transitionFor,
} from './order-state.js';

const cid = clientOrderId('ord1');
const inst = instrumentId('okx', 'BTC/USDT:USDT');
const QTY = 1;

function makeEvent(
  type: OrderEventType,
  n: number,
  fill?: { id: string; qty: number; price: number },
): OrderEvent {
  const base = { clientOrderId: cid, tsEvent: 1000 + n, tsInit: 1001 + n };
  switch (type) {
    case 'OrderDenied':
    case 'OrderRejected':
    case 'OrderCancelRejected':
      return { type, reason: 'because', ...base };
    case 'OrderAccepted':
      return { type, venueOrderId: venueOrderId('V1'), ...base };
    case 'OrderFilled': {
      const f = fill ?? { id: `t${n}`, qty: QTY / 4, price: 100 };
      return {
        type,
        ...base,
        fill: {
          tradeId: tradeId(f.id),
          clientOrderId: cid,
          instrumentId: inst,
          side: 'sell',
          qty: f.qty,
          price: f.price,
          fee: 0.01,
          feeCurrency: 'USDT',
          liquidity: 'taker',
          tsEvent: base.tsEvent,
          tsInit: base.tsInit,
        },
      };
    }
    default:
      return { type, ...base };
  }
}

const newOrder = (): Order =>
  createOrder({
    clientOrderId: cid,
    strategyId: strategyId('s1'),
    instrumentId: inst,
    side: 'sell',
    type: 'market',
    qty: QTY,
    tsInit: 1000,
  });

/** Event paths that bring a New order to each status. */
const PATHS: Record<OrderStatus, OrderEventType[]> = {
  New: [],
  Submitted: ['OrderSubmitted'],
  Accepted: ['OrderSubmitted', 'OrderAccepted'],
  PartiallyFilled: ['OrderSubmitted', 'OrderAccepted', 'OrderFilled'],
  Filled: ['OrderSubmitted', 'OrderAccepted', 'OrderFilled', 'OrderFilled', 'OrderFilled', 'OrderFilled'],
  PendingCancel: ['OrderSubmitted', 'OrderAccepted', 'OrderPendingCancel'],
  Cancelled: ['OrderSubmitted', 'OrderAccepted', 'OrderCancelled'],
  Rejected: ['OrderSubmitted', 'OrderRejected'],
  Expired: ['OrderSubmitted', 'OrderAccepted', 'OrderExpired'],
  Denied: ['OrderDenied'],
};

function orderIn(status: OrderStatus): Order {
  const order = PATHS[status].reduce((o, type, i) => applyOrderEvent(o, makeEvent(type, i)), newOrder());
  expect(order.status).toBe(status);
  return order;
}

/**
 * Written out by hand, independently of ORDER_TRANSITIONS: the status after each event, with a fill of a
 * quarter of the order (not completing it); '-' means the move is illegal. PendingCancel was entered from
 * Accepted, so a rejected cancel returns there.
 */
const EXPECTED: Record<OrderStatus, Record<OrderEventType, OrderStatus | '-'>> = {
  New: {
    OrderDenied: 'Denied',
    OrderSubmitted: 'Submitted',
    OrderAccepted: '-',
    OrderRejected: 'Rejected',
    OrderPendingCancel: '-',
    OrderCancelRejected: '-',
    OrderCancelled: 'Cancelled',
    OrderExpired: '-',
    OrderFilled: '-',
  },
  Submitted: {
    OrderDenied: '-',
    OrderSubmitted: '-',
    OrderAccepted: 'Accepted',
    OrderRejected: 'Rejected',
    OrderPendingCancel: 'PendingCancel',
    OrderCancelRejected: '-',
    OrderCancelled: 'Cancelled',
    OrderExpired: 'Expired',
    OrderFilled: 'PartiallyFilled',
  },
  Accepted: {
    OrderDenied: '-',
    OrderSubmitted: '-',
    OrderAccepted: 'Accepted',
    OrderRejected: 'Rejected',
    OrderPendingCancel: 'PendingCancel',
    OrderCancelRejected: '-',
    OrderCancelled: 'Cancelled',
    OrderExpired: 'Expired',
    OrderFilled: 'PartiallyFilled',
  },
  PartiallyFilled: {
    OrderDenied: '-',
    OrderSubmitted: '-',
    OrderAccepted: 'PartiallyFilled',
    OrderRejected: '-',
    OrderPendingCancel: 'PendingCancel',
    OrderCancelRejected: '-',
    OrderCancelled: 'Cancelled',
    OrderExpired: 'Expired',
    OrderFilled: 'PartiallyFilled',
  },
  PendingCancel: {
    OrderDenied: '-',
    OrderSubmitted: '-',
    OrderAccepted: 'PendingCancel',
    OrderRejected: 'Rejected',
    OrderPendingCancel: 'PendingCancel',
    OrderCancelRejected: 'Accepted',
    OrderCancelled: 'Cancelled',
    OrderExpired: 'Expired',
    OrderFilled: 'PendingCancel',
  },
  Filled: {
    OrderDenied: '-',
    OrderSubmitted: '-',
    OrderAccepted: 'Filled',
    OrderRejected: '-',
    OrderPendingCancel: '-',
    OrderCancelRejected: 'Filled',
    OrderCancelled: '-',
    OrderExpired: '-',
    OrderFilled: '-',
  },
  Cancelled: {
    OrderDenied: '-',
    OrderSubmitted: '-',
    OrderAccepted: 'Cancelled',
    OrderRejected: '-',
    OrderPendingCancel: '-',
    OrderCancelRejected: 'Cancelled',
    OrderCancelled: 'Cancelled',
    OrderExpired: '-',
    OrderFilled: 'Cancelled',
  },
  Rejected: {
    OrderDenied: '-',
    OrderSubmitted: '-',
    OrderAccepted: '-',
    OrderRejected: '-',
    OrderPendingCancel: '-',
    OrderCancelRejected: '-',
    OrderCancelled: '-',
    OrderExpired: '-',
    OrderFilled: '-',
  },
  Expired: {
    OrderDenied: '-',
    OrderSubmitted: '-',
    OrderAccepted: 'Expired',
    OrderRejected: '-',
    OrderPendingCancel: '-',
    OrderCancelRejected: 'Expired',
    OrderCancelled: '-',
    OrderExpired: 'Expired',
    OrderFilled: 'Expired',
  },
  Denied: {
    OrderDenied: '-',
    OrderSubmitted: '-',
    OrderAccepted: '-',
    OrderRejected: '-',
    OrderPendingCancel: '-',
    OrderCancelRejected: '-',
    OrderCancelled: '-',
    OrderExpired: '-',
    OrderFilled: '-',
  },
};

const CELLS = ORDER_STATUSES.flatMap((status) => ORDER_EVENT_TYPES.map((event) => [status, event] as const));

describe('transition table, every cell', () => {
  it('covers 10 statuses × 9 events, 38 of them legal', () => {
    expect(CELLS).toHaveLength(90);
    expect(CELLS.filter(([s, e]) => transitionFor(s, e) !== undefined)).toHaveLength(38);
    expect(Object.isFrozen(ORDER_TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(ORDER_TRANSITIONS.Accepted)).toBe(true);
  });

  it.each(CELLS)('%s + %s', (status, eventType) => {
    const order = orderIn(status);
    const event = makeEvent(eventType, 99);
    const expected = EXPECTED[status][eventType];
    if (expected === '-') {
      let caught: unknown;
      try {
        applyOrderEvent(order, event);
      } catch (error) {
        caught = error;
      }
      expect(isQuantLabError(caught, 'QL_ERR_ORDER_ILLEGAL_TRANSITION')).toBe(true);
      expect((caught as { details: unknown }).details).toEqual({
        from: status,
        event: eventType,
        clientOrderId: 'ord1',
      });
    } else {
      expect(applyOrderEvent(order, event).status).toBe(expected);
    }
  });

  it.each(['Submitted', 'Accepted', 'PartiallyFilled', 'PendingCancel', 'Cancelled', 'Expired'] as const)(
    '%s + a fill completing the order -> Filled',
    (status) => {
      const order = orderIn(status);
      const done = applyOrderEvent(
        order,
        makeEvent('OrderFilled', 99, { id: 'last', qty: QTY - order.filledQty, price: 100 }),
      );
      expect(done).toMatchObject({ status: 'Filled', filledQty: QTY, leavesQty: 0 });
    },
  );

  it('prints one line per legal cell', () => {
    const text = formatTransitionTable();
    expect(text.split('\n')).toHaveLength(38);
    expect(text).toContain('Submitted       + OrderFilled         -> PartiallyFilled|Filled');
    expect(text).toContain('PendingCancel   + OrderCancelRejected -> previous');
  });

  it('classifies statuses', () => {
    expect(ORDER_STATUSES.filter((s) => isTerminal(s))).toEqual([
      'Filled',
      'Cancelled',
      'Rejected',
      'Expired',
      'Denied',
    ]);
    expect(ORDER_STATUSES.filter((s) => isWorking(s))).toEqual([
      'Submitted',
      'Accepted',
      'PartiallyFilled',
      'PendingCancel',
    ]);
  });
});

describe('state machine properties', () => {
  const step = fc.record({
    type: fc.constantFrom(...ORDER_EVENT_TYPES),
    // Fill sizes as fractions of the order; repeated trade ids exercise de-duplication.
    fraction: fc.constantFrom(0.1, 0.2, 0.25, 0.3, 0.5, 0.7, 1),
    tradeIndex: fc.nat({ max: 6 }),
    price: fc.integer({ min: 90, max: 110 }),
  });

  it('random event sequences: statuses stay in the table, fills are never lost, illegal moves throw', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let order = Object.freeze(newOrder());
        const applied = new Map<string, number>();
        steps.forEach((s, i) => {
          const fill = { id: `t${s.tradeIndex}`, qty: s.fraction * QTY, price: s.price };
          const event = makeEvent(s.type, i, fill);
          const before = order;
          const cell = transitionFor(before.status, s.type);
          const duplicate = s.type === 'OrderFilled' && applied.has(fill.id);
          const overfill =
            s.type === 'OrderFilled' && before.filledQty + fill.qty > QTY * (1 + FILL_QTY_EPSILON);
          let next: Order | undefined;
          let error: unknown;
          try {
            next = applyOrderEvent(before, event);
          } catch (e) {
            error = e;
          }
          if (duplicate) {
            expect(next).toBe(before);
            return;
          }
          if (cell === undefined || overfill) {
            expect(isQuantLabError(error, 'QL_ERR_ORDER_ILLEGAL_TRANSITION')).toBe(true);
            expect((error as { details: Record<string, unknown> }).details).toMatchObject({
              from: before.status,
              event: s.type,
              clientOrderId: cid,
            });
            return;
          }
          expect(error).toBeUndefined();
          if (next === undefined) throw new Error('unreachable');
          if (s.type === 'OrderFilled') applied.set(fill.id, fill.qty);
          expect(ORDER_STATUSES).toContain(next.status);
          expect(next.filledQty).toBeGreaterThanOrEqual(before.filledQty);
          expect(next.filledQty).toBeLessThanOrEqual(QTY);
          if (isTerminal(before)) expect(isTerminal(next)).toBe(true);
          if (isTerminal(before)) expect(isWorking(next)).toBe(false);
          expect(next.leavesQty).toBeCloseTo(isTerminal(next) ? 0 : QTY - next.filledQty, 12);
          const total = [...applied.values()].reduce((a, b) => a + b, 0);
          expect(next.filledQty).toBeCloseTo(total, 12);
          expect(next.tradeIds).toEqual([...applied.keys()]);
          if (next.filledQty > 0) {
            expect(next.avgFillPrice).toBeGreaterThanOrEqual(90 - 1e-9);
            expect(next.avgFillPrice).toBeLessThanOrEqual(110 + 1e-9);
          }
          if (next.filledQty === QTY) expect(next.status).toBe('Filled');
          order = Object.freeze(next);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
