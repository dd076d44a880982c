import { describe, expect, it } from 'vitest';
import { OKX_BTC_USDT_SWAP as swap } from '../../test/support/instruments.js';
import { isQuantLabError, type QuantLabError } from './errors.js';
import type { Fill } from './fill.js';
import { clientOrderId, instrumentId, strategyId, tradeId, venueOrderId } from './ids.js';
import {
  applyOrderEvent,
  createOrder,
  type Order,
  type OrderEvent,
  type OrderParams,
  validateOrderForInstrument,
} from './order.js';
import { isTerminal, isWorking } from './order-state.js';

const cid = clientOrderId('ord1');
const inst = instrumentId('okx', 'BTC/USDT:USDT');
const params: OrderParams = {
  clientOrderId: cid,
  strategyId: strategyId('s1'),
  instrumentId: inst,
  side: 'buy',
  type: 'limit',
  qty: 1,
  price: 100,
  tsInit: 1000,
};

let ts = 1000;
const at = () => ({ clientOrderId: cid, tsEvent: ++ts, tsInit: ts + 1 });
const submitted = (): OrderEvent => ({ type: 'OrderSubmitted', ...at() });
const accepted = (id = 'V1'): OrderEvent => ({
  type: 'OrderAccepted',
  venueOrderId: venueOrderId(id),
  ...at(),
});
const pendingCancel = (): OrderEvent => ({ type: 'OrderPendingCancel', ...at() });
const cancelRejected = (): OrderEvent => ({ type: 'OrderCancelRejected', reason: 'too late', ...at() });
const cancelled = (): OrderEvent => ({ type: 'OrderCancelled', ...at() });
const expired = (): OrderEvent => ({ type: 'OrderExpired', ...at() });
const rejected = (): OrderEvent => ({ type: 'OrderRejected', reason: 'insufficient margin', ...at() });
const filled = (id: string, qty: number, price: number, extra: Partial<Fill> = {}): OrderEvent => {
  const t = at();
  return {
    type: 'OrderFilled',
    ...t,
    fill: {
      tradeId: tradeId(id),
      clientOrderId: cid,
      instrumentId: inst,
      side: 'buy',
      qty,
      price,
      fee: qty * price * 0.0005,
      feeCurrency: 'USDT',
      liquidity: 'maker',
      tsEvent: t.tsEvent,
      tsInit: t.tsInit,
      ...extra,
    },
  };
};

function run(events: OrderEvent[], start: Order = createOrder(params)): Order {
  return events.reduce((order, event) => applyOrderEvent(Object.freeze(order), event), start);
}

function caught(fn: () => unknown): QuantLabError {
  try {
    fn();
  } catch (error) {
    if (isQuantLabError(error)) return error;
    throw error;
  }
  throw new Error('expected a QuantLabError');
}

describe('createOrder', () => {
  it('creates a New order with nothing filled', () => {
    const order = createOrder(params);
    expect(order).toMatchObject({
      status: 'New',
      filledQty: 0,
      leavesQty: 1,
      avgFillPrice: 0,
      timeInForce: 'GTC',
      reduceOnly: false,
    });
    expect(isWorking(order)).toBe(false);
    expect(isTerminal(order)).toBe(false);
  });

  it.each<[string, Partial<OrderParams>, RegExp]>([
    ['limit without price', { price: undefined }, /needs price/],
    ['market with price', { type: 'market' }, /takes no price/],
    ['stop-market without trigger', { type: 'stop-market', price: undefined }, /needs trigger price/],
    ['limit with trigger', { triggerPrice: 90 }, /takes no trigger price/],
    ['zero qty', { qty: 0 }, /qty 0/],
    ['negative price', { price: -1 }, /price -1/],
    ['post-only market', { type: 'market', price: undefined, timeInForce: 'POST_ONLY' }, /POST_ONLY/],
    [
      'trailing with both callbacks',
      { attachments: { trailing: { callbackRate: 0.01, callbackOffset: 5 } } },
      /exactly one/,
    ],
    ['stop-loss without trigger', { attachments: { stopLoss: { triggerPrice: 0 } } }, /stopLoss trigger/],
  ])('rejects %s with QL_ERR_ORDER_INVALID', (_name, patch, message) => {
    const error = caught(() => createOrder({ ...params, ...patch }));
    expect(error.code).toBe('QL_ERR_ORDER_INVALID');
    expect(error.message).toMatch(message);
  });

  it('keeps attachments as data', () => {
    const attachments = {
      stopLoss: { triggerPrice: 90 },
      takeProfit: { triggerPrice: 120, price: 119.5 },
      trailing: { callbackRate: 0.02 },
    };
    expect(createOrder({ ...params, attachments }).attachments).toEqual(attachments);
  });

  it('checks an order against its instrument grid', () => {
    expect(() => validateOrderForInstrument({ qty: 0.05, price: 64000.1 }, swap)).not.toThrow();
    expect(
      caught(() => validateOrderForInstrument({ qty: 0.05, price: 64000.15 }, swap)).details?.['rule'],
    ).toBe('tick-multiple');
    expect(
      caught(() => validateOrderForInstrument({ qty: 0.055, price: 64000.1 }, swap)).details?.['rule'],
    ).toBe('lot-multiple');
  });
});

describe('fill bookkeeping', () => {
  it('tracks filled, leaves, weighted average price and fees', () => {
    const partial = run([submitted(), accepted(), filled('t1', 0.4, 100)]);
    expect(partial).toMatchObject({
      status: 'PartiallyFilled',
      filledQty: 0.4,
      avgFillPrice: 100,
      venueOrderId: 'V1',
    });
    expect(partial.leavesQty).toBeCloseTo(0.6, 12);
    const done = run([filled('t2', 0.6, 110)], partial);
    expect(done.status).toBe('Filled');
    expect(done.filledQty).toBe(1);
    expect(done.leavesQty).toBe(0);
    expect(done.avgFillPrice).toBeCloseTo(106, 12); // (0.4×100 + 0.6×110) / 1
    expect(done.fees['USDT']).toBeCloseTo(0.4 * 100 * 0.0005 + 0.6 * 110 * 0.0005, 12);
    expect(done.tradeIds).toEqual(['t1', 't2']);
  });

  it('snaps float noise: 0.1 + 0.2 fills a 0.3 order exactly', () => {
    const done = run(
      [submitted(), filled('a', 0.1, 100), filled('b', 0.2, 100)],
      createOrder({ ...params, qty: 0.3 }),
    );
    expect(done.status).toBe('Filled');
    expect(done.filledQty).toBe(0.3);
  });

  it('ignores a duplicate trade id and returns the same order', () => {
    const once = run([submitted(), accepted(), filled('t1', 0.4, 100)]);
    expect(applyOrderEvent(once, filled('t1', 0.4, 100))).toBe(once);
  });

  it('rejects an overfill as an illegal transition', () => {
    const once = run([submitted(), accepted(), filled('t1', 0.8, 100)]);
    const error = caught(() => applyOrderEvent(once, filled('t2', 0.3, 100)));
    expect(error.code).toBe('QL_ERR_ORDER_ILLEGAL_TRANSITION');
    expect(error.details).toMatchObject({
      reason: 'overfill',
      from: 'PartiallyFilled',
      event: 'OrderFilled',
      clientOrderId: 'ord1',
    });
  });

  it('rejects fills and events that belong to another order', () => {
    const order = run([submitted()]);
    expect(caught(() => applyOrderEvent(order, filled('t1', 0.1, 100, { side: 'sell' }))).code).toBe(
      'QL_ERR_INVALID_INPUT',
    );
    expect(
      caught(() => applyOrderEvent(order, { ...submitted(), clientOrderId: clientOrderId('other') })).code,
    ).toBe('QL_ERR_INVALID_INPUT');
    expect(caught(() => applyOrderEvent(order, filled('t1', -1, 100))).code).toBe('QL_ERR_INVALID_INPUT');
  });

  it('rejects an acknowledgement that contradicts the venue order id', () => {
    const order = run([submitted(), accepted('V1')]);
    expect(caught(() => applyOrderEvent(order, accepted('V2'))).code).toBe('QL_ERR_ORDER_ILLEGAL_TRANSITION');
    expect(applyOrderEvent(order, accepted('V1')).status).toBe('Accepted');
  });

  it('takes the venue order id from a fill that arrives before the ack', () => {
    const order = run([submitted(), filled('t1', 0.5, 100, { venueOrderId: venueOrderId('V9') })]);
    expect(order.venueOrderId).toBe('V9');
  });
});

describe('real-world sequences', () => {
  it('fill before ack, then the late ack changes nothing', () => {
    const early = run([submitted(), filled('t1', 0.5, 100)]);
    expect(early.status).toBe('PartiallyFilled');
    const acked = applyOrderEvent(early, accepted());
    expect(acked).toMatchObject({ status: 'PartiallyFilled', filledQty: 0.5, venueOrderId: 'V1' });
  });

  it('a fill after Cancelled is applied and the order stays Cancelled until complete', () => {
    const gone = run([submitted(), accepted(), filled('t1', 0.2, 100), pendingCancel(), cancelled()]);
    expect(gone).toMatchObject({ status: 'Cancelled', filledQty: 0.2, leavesQty: 0 });
    const late = applyOrderEvent(gone, filled('t2', 0.3, 101));
    expect(late).toMatchObject({ status: 'Cancelled', filledQty: 0.5, leavesQty: 0 });
    expect(late.avgFillPrice).toBeCloseTo(100.6, 12);
    expect(applyOrderEvent(late, filled('t3', 0.5, 101)).status).toBe('Filled');
  });

  it('a fill after Expired is applied too', () => {
    const ended = run([submitted(), accepted(), expired(), filled('t1', 1, 100)]);
    expect(ended).toMatchObject({ status: 'Filled', filledQty: 1 });
  });

  it('a rejected cancel returns to the working status before it, tracking fills meanwhile', () => {
    expect(run([submitted(), accepted(), pendingCancel(), cancelRejected()]).status).toBe('Accepted');
    const partial = run([submitted(), accepted(), filled('t1', 0.1, 100), pendingCancel()]);
    expect(partial.statusBeforeCancel).toBe('PartiallyFilled');
    expect(applyOrderEvent(partial, cancelRejected())).toMatchObject({
      status: 'PartiallyFilled',
      reason: 'too late',
    });
    const filledWhilePending = run([submitted(), accepted(), pendingCancel(), filled('t1', 0.1, 100)]);
    expect(filledWhilePending).toMatchObject({
      status: 'PendingCancel',
      statusBeforeCancel: 'PartiallyFilled',
    });
    expect(applyOrderEvent(filledWhilePending, cancelRejected()).status).toBe('PartiallyFilled');
    const beforeAck = run([submitted(), pendingCancel()]);
    expect(applyOrderEvent(beforeAck, cancelRejected()).status).toBe('Submitted');
    expect(run([accepted(), cancelRejected()], beforeAck).status).toBe('Accepted');
    expect(run([submitted(), accepted(), pendingCancel(), pendingCancel(), cancelRejected()]).status).toBe(
      'Accepted',
    );
  });

  it('a cancel that races a complete fill ends Filled, and the late cancel reject is absorbed', () => {
    const done = run([submitted(), accepted(), pendingCancel(), filled('t1', 1, 100), cancelRejected()]);
    expect(done).toMatchObject({ status: 'Filled', filledQty: 1, leavesQty: 0 });
    expect(done.statusBeforeCancel).toBeUndefined();
  });

  it('refuses illegal moves with the from/event/clientOrderId details', () => {
    const dead = run([submitted(), rejected()]);
    expect(dead).toMatchObject({ status: 'Rejected', reason: 'insufficient margin', leavesQty: 0 });
    const error = caught(() => applyOrderEvent(dead, filled('t1', 0.1, 100)));
    expect(error.code).toBe('QL_ERR_ORDER_ILLEGAL_TRANSITION');
    expect(error.details).toEqual({ from: 'Rejected', event: 'OrderFilled', clientOrderId: 'ord1' });
    expect(caught(() => run([submitted(), submitted()])).details?.['from']).toBe('Submitted');
    expect(
      caught(() => run([submitted(), accepted(), filled('t1', 1, 100), cancelled()])).details?.['from'],
    ).toBe('Filled');
  });

  it('records tsLastEvent and never mutates its input', () => {
    const order = Object.freeze(run([submitted()]));
    const next = applyOrderEvent(order, accepted());
    expect(next).not.toBe(order);
    expect(order.status).toBe('Submitted');
    expect(next.tsLastEvent).toBe(ts);
  });
});
