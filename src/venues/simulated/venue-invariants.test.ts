import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedFillQty, validateFill } from '../../core/fill.js';
import { clientOrderId, instrumentId, strategyId } from '../../core/ids.js';
import {
  applyOrderEvent,
  createOrder,
  type Order,
  type OrderType,
  type TimeInForce,
} from '../../core/order.js';
import { isTerminal } from '../../core/order-state.js';
import type { VenueEvent } from '../../engine/venue.js';
import type { MarginMode } from './types.js';
import { SimulatedVenue } from './venue.js';
import { LINEAR, LINEAR_ETH, MINUTE, SPOT } from './venue-test-kit.js';

const INSTRUMENTS = [LINEAR, LINEAR_ETH, SPOT];
const START = [100, 20, 20_000];

type Step =
  | { kind: 'bar'; moves: number[]; wicks: number[]; volume: number }
  | {
      kind: 'order';
      symbol: number;
      side: 'buy' | 'sell';
      type: OrderType;
      lots: number;
      offset: number;
      tif: TimeInForce;
      reduceOnly: boolean;
    }
  | { kind: 'cancel'; pick: number }
  | { kind: 'amend'; pick: number; lots: number; offset: number };

const barArb = fc.record({
  kind: fc.constant('bar' as const),
  moves: fc.array(fc.double({ min: -0.08, max: 0.08, noNaN: true }), { minLength: 3, maxLength: 3 }),
  wicks: fc.array(fc.double({ min: 0, max: 0.05, noNaN: true }), { minLength: 6, maxLength: 6 }),
  volume: fc.integer({ min: 0, max: 200 }),
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: barArb, weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      symbol: fc.integer({ min: 0, max: 2 }),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      type: fc.constantFrom<OrderType>('market', 'limit', 'stop-market', 'stop-limit', 'trailing-stop'),
      lots: fc.integer({ min: 1, max: 300 }),
      offset: fc.integer({ min: -60, max: 60 }),
      tif: fc.constantFrom<TimeInForce>('GTC', 'GTC', 'IOC', 'FOK', 'POST_ONLY'),
      reduceOnly: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      pick: fc.nat(),
      lots: fc.integer({ min: 1, max: 300 }),
      offset: fc.integer({ min: -60, max: 60 }),
    }),
    weight: 1,
  },
);

const configArb = fc.record({
  marginMode: fc.constantFrom<MarginMode>('cross', 'isolated'),
  leverage: fc.integer({ min: 1, max: 50 }),
  fill: fc.constantFrom('next-open' as const, 'close' as const),
  share: fc.constantFrom(0, 0.05, 0.5),
  bps: fc.integer({ min: 0, max: 20 }),
  fundingRate: fc.double({ min: -0.001, max: 0.001, noNaN: true }),
});

function onTick(value: number, tick: number): number {
  return Math.max(tick, Math.round(value / tick) * tick);
}

describe('account invariants over random order flow', () => {
  it('wallet = capital + realised − fees + funding; position = Σ signed fills; order events are legal', () => {
    fc.assert(
      fc.property(
        configArb,
        barArb,
        fc.array(stepArb, { minLength: 1, maxLength: 80 }),
        (config, first, rest) => {
          const steps: Step[] = [first, ...rest];
          const capital = 10_000;
          const venue = new SimulatedVenue({
            exchange: 'sim',
            instruments: INSTRUMENTS,
            fees: { maker: 0.0002, taker: 0.0005 },
            slippage: { kind: 'fixed', bps: config.bps },
            fill: config.fill,
            ...(config.share > 0 ? { maxVolumeShare: config.share } : {}),
            account: { capital, currency: 'USDT', marginMode: config.marginMode, leverage: config.leverage },
            funding: {
              'BTC/USDT:USDT': {
                ts: Float64Array.from({ length: 40 }, (_, k) => (k * 2 + 1.5) * MINUTE),
                rate: Float64Array.from({ length: 40 }, () => config.fundingRate),
              },
            },
          });
          const orders = new Map<string, Order>();
          const fills = [0, 0, 0];
          const ids: string[] = [];
          const apply = (id: string, event: Parameters<typeof applyOrderEvent>[1]) => {
            const order = orders.get(id);
            if (order !== undefined) orders.set(id, applyOrderEvent(order, event));
          };
          venue.setListener((event: VenueEvent) => {
            expect(Number.isFinite(event.tsEvent)).toBe(true);
            if (event.type === 'OrderFilled' || event.type === 'PositionLiquidated') {
              validateFill(event.fill);
              const symbol = venue.symbolIndex(event.fill.instrumentId.slice(4));
              const before = fills[symbol]!;
              const after = before + signedFillQty(event.fill);
              // Reduce-only orders (and liquidations) never grow or flip a position.
              if (event.type === 'PositionLiquidated' || orders.get(event.clientOrderId)?.reduceOnly) {
                expect(Math.abs(after) <= Math.abs(before) + 1e-9 && after * before >= -1e-12).toBe(true);
              }
              fills[symbol] = after;
            }
            if (event.type === 'OrderUpdated') {
              const order = orders.get(event.clientOrderId)!;
              const qty = event.changes.qty ?? order.qty;
              orders.set(event.clientOrderId, { ...order, qty, leavesQty: qty - order.filledQty });
            } else if (
              event.type !== 'FundingPaid' &&
              event.type !== 'PositionLiquidated' &&
              event.type !== 'OrderModifyRejected'
            ) {
              apply(event.clientOrderId, event);
            }
          });
          const prices = [...START];
          let minute = 0;
          let seq = 0;
          for (const step of steps) {
            if (step.kind === 'bar') {
              for (let s = 0; s < 3; s++) {
                const open = prices[s]!;
                const close = Math.max(0.5, open * (1 + step.moves[s]!));
                const high = Math.max(open, close) * (1 + step.wicks[2 * s]!);
                const low = Math.min(open, close) * (1 - step.wicks[2 * s + 1]!);
                venue.onBar(s, minute * MINUTE, open, high, low, close, step.volume, (minute + 1) * MINUTE);
                prices[s] = close;
              }
              minute++;
            } else if (step.kind === 'order') {
              const inst = INSTRUMENTS[step.symbol]!;
              const last = venue.lastPrice(step.symbol);
              const ref = Number.isNaN(last) ? START[step.symbol]! : last;
              const price = onTick(ref * (1 + step.offset / 1000), inst.tickSize);
              const trigger = onTick(ref * (1 - step.offset / 1000), inst.tickSize);
              const type = step.type;
              const id = clientOrderId(`p${++seq}`);
              const order = createOrder({
                clientOrderId: id,
                strategyId: strategyId('prop'),
                instrumentId: instrumentId('sim', inst.symbol),
                side: step.side,
                type,
                qty: Math.round(step.lots * (inst.minSize / inst.lotSize)) * inst.lotSize,
                ...(type === 'limit' || type === 'stop-limit' ? { price } : {}),
                ...(type === 'stop-market' || type === 'stop-limit' ? { triggerPrice: trigger } : {}),
                ...(type === 'trailing-stop' ? { trailing: { callbackRate: 0.01 } } : {}),
                timeInForce: step.tif === 'POST_ONLY' && type !== 'limit' ? 'GTC' : step.tif,
                reduceOnly: step.reduceOnly,
                tsInit: minute * MINUTE,
              });
              const submitted = applyOrderEvent(order, {
                type: 'OrderSubmitted',
                clientOrderId: id,
                tsEvent: 0,
                tsInit: 0,
              });
              orders.set(id, submitted);
              ids.push(id);
              venue.submit(submitted);
            } else if (ids.length > 0) {
              const id = clientOrderId(ids[step.pick % ids.length]!);
              if (step.kind === 'cancel') {
                // As the kernel does: PendingCancel first while working; never a cancel for a rejected order.
                const order = orders.get(id)!;
                if (order.status === 'Rejected') continue;
                if (!isTerminal(order.status)) {
                  orders.set(
                    id,
                    applyOrderEvent(order, {
                      type: 'OrderPendingCancel',
                      clientOrderId: id,
                      tsEvent: 0,
                      tsInit: 0,
                    }),
                  );
                }
                venue.cancel(id);
              } else {
                const order = orders.get(id)!;
                const inst = INSTRUMENTS.find((i) => order.instrumentId.endsWith(i.symbol))!;
                const qty = Math.round(step.lots * (inst.minSize / inst.lotSize)) * inst.lotSize;
                const ref = order.price ?? order.triggerPrice;
                venue.amend(id, {
                  qty,
                  ...(ref === undefined
                    ? {}
                    : order.price !== undefined
                      ? { price: onTick(ref * (1 + step.offset / 1000), inst.tickSize) }
                      : {}),
                });
              }
            }
            const snap = venue.snapshot();
            expect(snap.wallet).toBeCloseTo(capital + snap.realizedPnl - snap.fees + snap.funding, 6);
            for (let s = 0; s < 3; s++) {
              const held = snap.positions.find((p) => p.symbol === INSTRUMENTS[s]!.symbol)?.qty ?? 0;
              expect(held).toBeCloseTo(fills[s]!, 9);
            }
            // Spot never goes short.
            expect(fills[2]!).toBeGreaterThanOrEqual(-1e-12);
            expect(Number.isFinite(venue.equity())).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
