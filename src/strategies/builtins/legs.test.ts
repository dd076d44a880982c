import { describe, expect, it } from 'vitest';
import { createInstrument } from '../../core/instrument.js';
import type { Order } from '../../core/order.js';
import type { OrderRequest, StrategyContext } from '../types.js';
import { LegExecutor, type LegPurpose } from './legs.js';

/** The part of a strategy context the executor uses, recording what it is asked to do. */
class FakeContext {
  now = 1_000;
  readonly submitted = new Map<string, OrderRequest>();
  readonly cancelled: string[] = [];
  readonly signals: Array<[string, Record<string, unknown>]> = [];
  readonly positions = new Map<string, number>();
  readonly completed: LegPurpose[] = [];
  private sequence = 0;

  submit(request: OrderRequest): string {
    const id = `o${++this.sequence}`;
    this.submitted.set(id, request);
    return id;
  }
  cancel(id: string): void {
    this.cancelled.push(id);
  }
  signal(kind: string, payload: Record<string, unknown> = {}): void {
    this.signals.push([kind, payload]);
  }
  position(symbol: string) {
    return { qty: this.positions.get(symbol) ?? 0, avgEntryPrice: 0, unrealizedPnl: 0, realizedPnl: 0 };
  }
  instrument(symbol: string) {
    return createInstrument({
      exchange: 'binance',
      symbol,
      kind: 'swap',
      tickSize: 0.01,
      lotSize: 0.001,
      minSize: 0.001,
    });
  }
  get ctx(): StrategyContext {
    return this as unknown as StrategyContext;
  }
  /** The id of the latest order sent for `symbol`. */
  lastId(symbol: string): string {
    return [...this.submitted].filter(([, r]) => r.symbol === symbol).at(-1)![0];
  }
  kinds(): string[] {
    return this.signals.map(([kind]) => kind);
  }
}

/** An order update as the host would deliver it. */
function update(id: string, status: Order['status'], filledQty: number, reason?: string): Order {
  return {
    clientOrderId: id,
    status,
    filledQty,
    ...(reason === undefined ? {} : { reason }),
  } as unknown as Order;
}

const Y = 'ETH/USDT:USDT';
const X = 'BTC/USDT:USDT';

function executor(fake: FakeContext, retry = false): LegExecutor {
  return new LegExecutor({
    name: 'test',
    timeoutMs: 7_200_000,
    retry,
    onComplete: (_ctx, purpose) => fake.completed.push(purpose),
  });
}

function enter(fake: FakeContext, legs: LegExecutor): void {
  legs.send(fake.ctx, 'enter', [
    { symbol: Y, side: 'buy', qty: 2 },
    { symbol: X, side: 'sell', qty: 0.1 },
  ]);
}

describe('LegExecutor', () => {
  it('completes a group when every leg fills', () => {
    const fake = new FakeContext();
    const legs = executor(fake);
    enter(fake, legs);
    expect(legs.busy).toBe(true);
    legs.onOrderUpdate(fake.ctx, update(fake.lastId(Y), 'Filled', 2));
    expect(legs.busy).toBe(true);
    legs.onOrderUpdate(fake.ctx, update(fake.lastId(X), 'Filled', 0.1));
    expect(legs.busy).toBe(false);
    expect(fake.completed).toEqual(['enter']);
  });

  it('flattens the filled leg when the other is rejected after it filled', () => {
    const fake = new FakeContext();
    const legs = executor(fake);
    enter(fake, legs);
    legs.onOrderUpdate(fake.ctx, update(fake.lastId(Y), 'Filled', 2));
    fake.positions.set(Y, 2);
    legs.onOrderUpdate(fake.ctx, update(fake.lastId(X), 'Rejected', 0, 'insufficient margin'));
    expect(fake.kinds()).toEqual(['leg-failed', 'unwind']);
    expect(fake.signals[0]![1]).toMatchObject({ symbol: X, purpose: 'enter', reason: 'insufficient margin' });
    expect(fake.submitted.get(fake.lastId(Y))).toMatchObject({
      symbol: Y,
      side: 'sell',
      qty: 2,
      reduceOnly: true,
    });
    expect(legs.busy).toBe(true);
    legs.onOrderUpdate(fake.ctx, update(fake.lastId(Y), 'Filled', 2));
    expect(fake.completed).toEqual(['unwind']);
    expect(legs.isHalted).toBe(false);
  });

  it('cancels the other working leg when one is denied before anything filled', () => {
    const fake = new FakeContext();
    const legs = executor(fake);
    enter(fake, legs);
    const yId = fake.lastId(Y);
    legs.onOrderUpdate(fake.ctx, update(fake.lastId(X), 'Denied', 0, 'risk limit'));
    expect(fake.cancelled).toEqual([yId]);
    // Nothing was held: the unwind is empty and completes at once.
    expect(fake.completed).toEqual(['unwind']);
    // The late cancel confirmation of the abandoned leg is not the executor's business any more.
    expect(legs.onOrderUpdate(fake.ctx, update(yId, 'Cancelled', 0))).toBe(false);
  });

  it('with retry sends the missing remainder once more and completes when it fills', () => {
    const fake = new FakeContext();
    const legs = executor(fake, true);
    enter(fake, legs);
    const first = fake.lastId(X);
    legs.onOrderUpdate(fake.ctx, update(first, 'Cancelled', 0.04));
    const second = fake.lastId(X);
    expect(second).not.toBe(first);
    expect(fake.submitted.get(second)).toMatchObject({ side: 'sell', qty: 0.06 });
    expect(fake.kinds()).toEqual(['leg-retry']);
    legs.onOrderUpdate(fake.ctx, update(fake.lastId(Y), 'Filled', 2));
    legs.onOrderUpdate(fake.ctx, update(second, 'Filled', 0.06));
    expect(fake.completed).toEqual(['enter']);
  });

  it('cancels the legs still missing at the deadline, not before', () => {
    const fake = new FakeContext();
    const legs = executor(fake);
    enter(fake, legs);
    legs.onOrderUpdate(fake.ctx, update(fake.lastId(Y), 'Filled', 2));
    fake.now += 3_600_000;
    legs.checkTimeout(fake.ctx);
    expect(fake.cancelled).toEqual([]);
    fake.now += 3_600_000;
    legs.checkTimeout(fake.ctx);
    expect(fake.cancelled).toEqual([fake.lastId(X)]);
    expect(fake.kinds()).toEqual(['leg-timeout']);
  });

  it('halts when even the unwind cannot close a position', () => {
    const fake = new FakeContext();
    const legs = executor(fake);
    fake.positions.set(Y, 2);
    legs.flatten(fake.ctx, [Y, X]);
    legs.onOrderUpdate(fake.ctx, update(fake.lastId(Y), 'Rejected', 0, 'venue down'));
    expect(fake.kinds()).toEqual(['unwind', 'leg-retry']);
    legs.onOrderUpdate(fake.ctx, update(fake.lastId(Y), 'Rejected', 0, 'venue down'));
    expect(fake.kinds()).toEqual(['unwind', 'leg-retry', 'leg-failed', 'halted']);
    expect(legs.isHalted).toBe(true);
    expect(legs.busy).toBe(false);
  });
});
