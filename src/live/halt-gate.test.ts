import { describe, expect, it } from 'vitest';
import { fixedRiskView } from '../../test/support/risk-view.js';
import { clientOrderId, instrumentId, strategyId } from '../core/ids.js';
import { createInstrument, type Instrument } from '../core/instrument.js';
import { applyOrderEvent, createOrder } from '../core/order.js';
import { RuleRiskGate } from '../engine/risk-gate.js';
import { HaltGate } from './halt-gate.js';

describe('HaltGate', () => {
  const inst: Instrument = createInstrument({
    exchange: 'okx',
    symbol: 'BTC/USDT:USDT',
    kind: 'swap',
    tickSize: 0.1,
    lotSize: 0.01,
    minSize: 0.01,
  });
  const order = applyOrderEvent(
    createOrder({
      clientOrderId: clientOrderId('a1'),
      strategyId: strategyId('s'),
      instrumentId: instrumentId('okx', 'BTC/USDT:USDT'),
      side: 'sell',
      type: 'market',
      qty: 1,
      reduceOnly: true,
      tsInit: 0,
    }),
    { type: 'OrderDenied', clientOrderId: clientOrderId('a1'), reason: 'x', tsEvent: 0, tsInit: 0 },
  );
  const view = fixedRiskView({ lastPrice: () => 100, equity: () => 1000 });

  it('denies every order, reduce-only included, until every cause has cleared', () => {
    const gate = new HaltGate(new RuleRiskGate());
    expect(gate.check(order, inst, view)).toBeUndefined();
    gate.halt('journal', 'database down');
    gate.halt('lease', 'taken over');
    expect(gate.check(order, inst, view)).toMatchObject({
      rule: 'trading-halted',
      message: 'journal: database down',
    });
    gate.resume('journal');
    expect(gate.check(order, inst, view)?.message).toBe('lease: taken over');
    gate.resume('lease');
    expect(gate.check(order, inst, view)).toBeUndefined();
  });
});
