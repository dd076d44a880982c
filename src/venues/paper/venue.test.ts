import { describe, expect, it } from 'vitest';
import { clientOrderId, instrumentId, strategyId } from '../../core/ids.js';
import { createInstrument } from '../../core/instrument.js';
import type { Candle, Trade } from '../../core/market.js';
import { createOrder, type OrderParams } from '../../core/order.js';
import type { VenueEvent } from '../../engine/venue.js';
import { SimulatedVenue, type SimulatedVenueOptions } from '../simulated/index.js';
import { PaperVenue } from './venue.js';

const SYMBOL = 'BTC/USDT:USDT';
const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const BTC = createInstrument({
  exchange: 'paper',
  symbol: SYMBOL,
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.001,
  minSize: 0.001,
});

function options(overrides: Partial<SimulatedVenueOptions> = {}): SimulatedVenueOptions {
  return {
    exchange: 'paper',
    instruments: [BTC],
    fees: { maker: 0.0002, taker: 0.0005 },
    slippage: { kind: 'fixed', bps: 0 },
    account: { capital: 10_000, currency: 'USDT', leverage: 5 },
    ...overrides,
  };
}

let seq = 0;
function order(params: Partial<OrderParams> & Pick<OrderParams, 'side' | 'type' | 'qty'>) {
  seq += 1;
  return createOrder({
    clientOrderId: clientOrderId(`p${seq}`),
    strategyId: strategyId('paper-test'),
    instrumentId: instrumentId('paper', SYMBOL),
    tsInit: 0,
    ...params,
  });
}

/** A paper venue recording its events. */
function paper(overrides: Partial<SimulatedVenueOptions> = {}) {
  const venue = new PaperVenue(options(overrides));
  const events: VenueEvent[] = [];
  venue.setListener((event) => events.push(event));
  const fills = () =>
    events.flatMap((e) =>
      e.type === 'OrderFilled'
        ? [
            {
              ts: e.fill.tsEvent,
              side: e.fill.side,
              qty: e.fill.qty,
              price: e.fill.price,
              as: e.fill.liquidity,
            },
          ]
        : [],
    );
  return { venue, events, fills };
}

const candle = (k: number, open: number, high: number, low: number, close: number, volume = 100): Candle => ({
  ts: T0 + k * MINUTE,
  open,
  high,
  low,
  close,
  volume,
});

const trade = (ts: number, price: number, qty = 1, symbol = SYMBOL): Trade => ({
  exchange: 'paper',
  symbol,
  tradeId: `t${ts}-${price}`,
  price,
  qty,
  side: 'buy',
  tsEvent: ts,
  tsInit: ts,
});

describe('PaperVenue on candles only', () => {
  it('emits exactly what the simulated venue emits for the same bars and orders', () => {
    const sim = new SimulatedVenue(options());
    const simEvents: VenueEvent[] = [];
    sim.setListener((event) => simEvents.push(event));
    const { venue, events } = paper();
    let price = 100;
    for (let k = 0; k < 400; k++) {
      const open = price;
      price = open * (1 + Math.sin(k * 1.7) * 0.01);
      const c = candle(k, open, Math.max(open, price) * 1.002, Math.min(open, price) * 0.998, price);
      sim.onBar(0, c.ts, c.open, c.high, c.low, c.close, c.volume, c.ts + MINUTE);
      expect(venue.onCandle(SYMBOL, c, c.ts + MINUTE)).toBe(true);
      const orders =
        k % 7 === 0
          ? [order({ side: k % 14 === 0 ? 'buy' : 'sell', type: 'market', qty: 1 })]
          : k % 11 === 0
            ? [order({ side: 'buy', type: 'limit', qty: 0.5, price: Math.round(price * 0.995 * 10) / 10 })]
            : k % 13 === 0
              ? [
                  order({
                    side: 'sell',
                    type: 'stop-market',
                    qty: 0.5,
                    triggerPrice: Math.round(price * 9.9) / 10,
                  }),
                ]
              : [];
      for (const o of orders) {
        sim.submit(o);
        venue.submit(o);
      }
    }
    expect(simEvents.filter((e) => e.type === 'OrderFilled').length).toBeGreaterThan(60);
    expect(events).toEqual(simEvents);
    expect(venue.snapshot()).toEqual(sim.snapshot());
    expect(venue.equity()).toBe(sim.equity());
  });

  it('matches a candle once: a repeated or overlapping candle is refused', () => {
    const { venue } = paper();
    expect(venue.onCandle(SYMBOL, candle(0, 100, 101, 99, 100), T0 + MINUTE)).toBe(true);
    expect(venue.onCandle(SYMBOL, candle(0, 100, 101, 99, 100), T0 + MINUTE)).toBe(false);
    // A coarser candle that opened before the last close (a 5m candle over matched 1m ones).
    expect(venue.onCandle(SYMBOL, candle(0, 100, 105, 95, 101), T0 + 5 * MINUTE)).toBe(false);
    expect(venue.onCandle(SYMBOL, candle(1, 100, 101, 99, 100.5), T0 + 2 * MINUTE)).toBe(true);
    expect(venue.lastPrice(SYMBOL)).toBe(100.5);
  });

  it('ignores symbols it does not trade', () => {
    const { venue } = paper();
    expect(venue.trades(SYMBOL)).toBe(true);
    expect(venue.trades('ETH/USDT:USDT')).toBe(false);
    expect(venue.onCandle('ETH/USDT:USDT', candle(0, 1, 1, 1, 1), T0 + MINUTE)).toBe(false);
    expect(venue.onTrade(trade(T0, 1, 1, 'ETH/USDT:USDT'))).toBe(false);
    expect(venue.lastPrice('ETH/USDT:USDT')).toBeNaN();
  });
});

describe('PaperVenue on trade prints', () => {
  it('next-open: a market order fills at the next print, same millisecond included', () => {
    const { venue, fills } = paper();
    venue.onCandle(SYMBOL, candle(0, 100, 101, 99, 100), T0 + MINUTE);
    venue.submit(order({ side: 'buy', type: 'market', qty: 2 }));
    expect(venue.onTrade(trade(T0 + MINUTE + 500, 100.3))).toBe(true);
    venue.submit(order({ side: 'sell', type: 'market', qty: 1 }));
    venue.onTrade(trade(T0 + MINUTE + 500, 100.4));
    expect(fills()).toEqual([
      { ts: T0 + MINUTE + 500, side: 'buy', qty: 2, price: 100.3, as: 'taker' },
      { ts: T0 + MINUTE + 500, side: 'sell', qty: 1, price: 100.4, as: 'taker' },
    ]);
    expect(venue.lastPrice(SYMBOL)).toBe(100.4);
    // Marked at the last print: wallet − fees + 1 × (100.4 − 100.3) + realised 0.1.
    const fees = 2 * 100.3 * 0.0005 + 100.4 * 0.0005;
    expect(venue.equity()).toBeCloseTo(10_000 - fees + 0.1 + 0.1, 9);
  });

  it('close: a market order fills inside submit at the last print', () => {
    const { venue, fills } = paper({ fill: 'close' });
    venue.onCandle(SYMBOL, candle(0, 100, 101, 99, 100), T0 + MINUTE);
    venue.onTrade(trade(T0 + MINUTE + 10, 100.7));
    venue.submit(order({ side: 'buy', type: 'market', qty: 1 }));
    expect(fills()).toEqual([{ ts: T0 + MINUTE + 10, side: 'buy', qty: 1, price: 100.7, as: 'taker' }]);
  });

  it('limits fill when a print reaches them (at the print when it trades through); stops at the print', () => {
    const { venue, fills } = paper();
    venue.onCandle(SYMBOL, candle(0, 100, 101, 99, 100), T0 + MINUTE);
    venue.submit(order({ side: 'buy', type: 'limit', qty: 1, price: 99.5 }));
    venue.submit(order({ side: 'sell', type: 'limit', qty: 1, price: 101 }));
    venue.submit(order({ side: 'sell', type: 'stop-market', qty: 1, triggerPrice: 98 }));
    const t = T0 + MINUTE;
    venue.onTrade(trade(t + 1, 99.8));
    venue.onTrade(trade(t + 2, 101)); // exactly at the sell limit
    venue.onTrade(trade(t + 3, 99.2)); // through the buy limit: fills at the print
    venue.onTrade(trade(t + 4, 97.9)); // through the stop: fires and fills at the print
    expect(fills()).toEqual([
      { ts: t + 2, side: 'sell', qty: 1, price: 101, as: 'maker' },
      { ts: t + 3, side: 'buy', qty: 1, price: 99.2, as: 'maker' },
      { ts: t + 4, side: 'sell', qty: 1, price: 97.9, as: 'taker' },
    ]);
  });

  it('takes at most the volume share of each print', () => {
    const { venue, fills } = paper({ maxVolumeShare: 0.5 });
    venue.onCandle(SYMBOL, candle(0, 100, 101, 99, 100), T0 + MINUTE);
    venue.submit(order({ side: 'buy', type: 'market', qty: 1 }));
    venue.onTrade(trade(T0 + MINUTE + 1, 100, 1));
    venue.onTrade(trade(T0 + MINUTE + 2, 100.1, 0.4));
    venue.onTrade(trade(T0 + MINUTE + 3, 100.2, 10));
    const got = fills();
    expect(got.map((f) => f.price)).toEqual([100, 100.1, 100.2]);
    // The remainder is the order less what filled, in floating point.
    expect(got.map((f) => f.qty)).toEqual([0.5, 0.2, 1 - (0.5 + 0.2)]);
  });

  it('never matches time twice: covered candles and late prints are refused', () => {
    const { venue, fills } = paper();
    expect(venue.onCandle(SYMBOL, candle(0, 100, 101, 99, 100), T0 + MINUTE)).toBe(true);
    expect(venue.onTrade(trade(T0 + MINUTE - 1, 100))).toBe(false); // inside the matched candle
    venue.submit(order({ side: 'buy', type: 'limit', qty: 1, price: 98 }));
    expect(venue.onTrade(trade(T0 + MINUTE + 5_000, 99))).toBe(true);
    expect(venue.onTrade(trade(T0 + MINUTE + 4_000, 97))).toBe(false); // late print
    // The next candle was traded through by the print at +5 s: its low (97.5) must not fill the limit.
    expect(venue.onCandle(SYMBOL, candle(1, 100, 100, 97.5, 99), T0 + 2 * MINUTE)).toBe(false);
    expect(fills()).toEqual([]);
    expect(venue.lastPrice(SYMBOL)).toBe(99);
    // A candle no print touched (the trade stream was silent) is matched whole.
    expect(venue.onCandle(SYMBOL, candle(2, 99, 99.5, 97.9, 98.5), T0 + 3 * MINUTE)).toBe(true);
    expect(fills()).toEqual([{ ts: expect.any(Number), side: 'buy', qty: 1, price: 98, as: 'maker' }]);
  });

  it('refuses prints without a positive finite price', () => {
    const { venue } = paper();
    expect(venue.onTrade(trade(T0, Number.NaN))).toBe(false);
    expect(venue.onTrade(trade(T0, 0))).toBe(false);
    expect(venue.onTrade(trade(T0, Number.POSITIVE_INFINITY))).toBe(false);
    expect(venue.lastPrice(SYMBOL)).toBeNaN();
    expect(venue.onTrade(trade(T0, 100))).toBe(true);
  });
});
