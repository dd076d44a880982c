/**
 * Test helpers for the simulated venue (imported by its *.test.ts files only): simple instruments with
 * round numbers, a venue that records its events, order and bar shorthands.
 */

import { clientOrderId, instrumentId, strategyId } from '../../core/ids.js';
import { createInstrument, type Instrument } from '../../core/instrument.js';
import { createOrder, type Order, type OrderParams } from '../../core/order.js';
import type { VenueEvent } from '../../engine/venue.js';
import type { SimulatedVenueOptions } from './types.js';
import { SimulatedVenue } from './venue.js';

/** Linear USDT swap, 1 BTC per contract, tick 0.1, lot 0.1, min 0.2. */
export const LINEAR = createInstrument({
  exchange: 'sim',
  symbol: 'BTC/USDT:USDT',
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.1,
  minSize: 0.2,
  contractValue: 1,
  maxLeverage: 100,
});

/** A second linear swap for cross-margin tests. */
export const LINEAR_ETH = createInstrument({
  exchange: 'sim',
  symbol: 'ETH/USDT:USDT',
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.1,
  minSize: 0.1,
  contractValue: 1,
});

/** Inverse BTC-settled swap, 100 USD per contract. */
export const INVERSE = createInstrument({
  exchange: 'sim',
  symbol: 'BTC/USD:BTC',
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 1,
  minSize: 1,
  contractValue: 100,
});

/** Spot BTC/USDT, lot 0.001, minimum notional 5 USDT. */
export const SPOT = createInstrument({
  exchange: 'sim',
  symbol: 'BTC/USDT',
  kind: 'spot',
  tickSize: 0.01,
  lotSize: 0.001,
  minSize: 0.001,
  minNotional: 5,
});

export const MINUTE = 60_000;

export type VenueOverrides = Partial<Omit<SimulatedVenueOptions, 'account'>> & {
  readonly account?: Partial<SimulatedVenueOptions['account']>;
};

export interface Harness {
  readonly venue: SimulatedVenue;
  readonly events: VenueEvent[];
  /** Events of one type, typed. */
  of<T extends VenueEvent['type']>(type: T): Extract<VenueEvent, { type: T }>[];
  /** Bar k (ts = k minutes, closeTs = k + 1 minutes) of `symbol`. */
  bar(k: number, o: number, h: number, l: number, c: number, v?: number, symbol?: string): void;
  /** Submits an order (ids o1, o2, … unless given) and returns it. */
  order(params: Partial<OrderParams> & Pick<OrderParams, 'side' | 'type' | 'qty'>): Order;
}

const strategy = strategyId('test');

export function harness(overrides: VenueOverrides = {}): Harness {
  const instruments: readonly Instrument[] = overrides.instruments ?? [LINEAR];
  const currency = overrides.account?.currency ?? instruments[0]!.settle;
  const venue = new SimulatedVenue({
    exchange: 'sim',
    fees: { maker: 0.0002, taker: 0.0005 },
    ...overrides,
    instruments,
    account: { capital: 10_000, currency, ...overrides.account },
  });
  const events: VenueEvent[] = [];
  venue.setListener((event) => events.push(event));
  let seq = 0;
  const main = instruments[0]!.symbol;
  return {
    venue,
    events,
    of: (type) => events.filter((e) => e.type === type) as never,
    bar(k, o, h, l, c, v = 1_000, symbol = main) {
      venue.onBar(venue.symbolIndex(symbol), k * MINUTE, o, h, l, c, v, (k + 1) * MINUTE);
    },
    order(params) {
      seq++;
      const order = createOrder({
        clientOrderId: clientOrderId(`o${seq}`),
        strategyId: strategy,
        instrumentId: instrumentId('sim', main),
        tsInit: 0,
        ...params,
      });
      venue.submit(order);
      return order;
    },
  };
}
