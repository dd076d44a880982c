import { describe, expect, it } from 'vitest';
import type { Fill } from '../core/fill.js';
import { type ClientOrderId, type InstrumentId, tradeId } from '../core/ids.js';
import { createInstrument } from '../core/instrument.js';
import { ClosedTradeLog } from './closed-trades.js';

const inst = createInstrument({
  exchange: 'binance',
  symbol: 'BTC/USDT',
  kind: 'spot',
  tickSize: 0.01,
  lotSize: 0.001,
  minSize: 0,
});

let sequence = 0;
function fill(side: 'buy' | 'sell', qty: number, price: number, fee = 0): Fill {
  sequence += 1;
  return {
    tradeId: tradeId(`t${sequence}`),
    clientOrderId: `c${sequence}` as ClientOrderId,
    instrumentId: 'binance:BTC/USDT' as InstrumentId,
    side,
    qty,
    price,
    fee,
    feeCurrency: 'USDT',
    liquidity: 'taker',
    tsEvent: sequence,
    tsInit: sequence,
  };
}

describe('ClosedTradeLog', () => {
  it('records a round trip when the position is flat again, net of settle-currency fees', () => {
    const log = new ClosedTradeLog();
    expect(log.record(inst, fill('buy', 1, 100, 0.5))).toBe(false);
    expect(log.record(inst, fill('buy', 1, 200, 0.5))).toBe(false);
    expect(log.record(inst, fill('sell', 1, 180))).toBe(false);
    expect(log.record(inst, fill('sell', 1, 180, 1))).toBe(true);
    // Cost 300, PnL 2 × 180 − 300 = 60, fees 2: (60 − 2) / 300.
    expect(log.list).toEqual([58 / 300]);
  });

  it('closes one trip and opens the next on a flip', () => {
    const log = new ClosedTradeLog();
    log.record(inst, fill('buy', 1, 100));
    expect(log.record(inst, fill('sell', 3, 110))).toBe(true);
    expect(log.record(inst, fill('buy', 2, 99))).toBe(true);
    expect(log.list).toEqual([0.1, (2 * 11) / 220]);
  });

  it('restores what it saved, and starts empty from garbage', () => {
    const log = new ClosedTradeLog();
    log.record(inst, fill('buy', 1, 100));
    log.record(inst, fill('sell', 1, 90));
    log.record(inst, fill('buy', 1, 100));
    const restored = new ClosedTradeLog();
    restored.restore(JSON.parse(JSON.stringify(log.toJSON())));
    expect(restored.list).toEqual([-0.1]);
    expect(restored.record(inst, fill('sell', 1, 120))).toBe(true);
    expect(restored.list).toEqual([-0.1, 0.2]);
    restored.restore({ results: 'nope', open: { x: 1 } });
    expect(restored.list).toEqual([]);
    expect(restored.hasOpenTrips).toBe(false);
  });
});
