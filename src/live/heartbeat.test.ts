import { describe, expect, it } from 'vitest';
import { fixedRiskView } from '../../test/support/risk-view.js';
import { InProcessBus } from '../bus/index.js';
import { clientOrderId, instrumentId, strategyId } from '../core/ids.js';
import type { Instrument } from '../core/instrument.js';
import { createInstrument } from '../core/instrument.js';
import { applyOrderEvent, createOrder } from '../core/order.js';
import { RuleRiskGate } from '../engine/risk-gate.js';
import { silentLogger } from '../logging/index.js';
import { HaltGate } from './halt-gate.js';
import { Heartbeat } from './heartbeat.js';

describe('Heartbeat', () => {
  it('publishes system.health on every change and system.heartbeat with every component', () => {
    const bus = new InProcessBus({ logger: silentLogger() });
    const seen: Array<{ topic: string; detail: unknown }> = [];
    bus.subscribe('system.>', (payload, envelope) =>
      seen.push({ topic: envelope.topic, detail: payload.detail }),
    );
    const heartbeat = new Heartbeat(bus, 'test', () => 1);
    heartbeat.report('feed:okx', 'ok', 'live');
    heartbeat.report('feed:okx', 'ok', 'live'); // no change: not published again
    heartbeat.report('private-stream', 'degraded', 'reconnecting');
    expect(heartbeat.overall()).toBe('degraded');
    heartbeat.report('journal', 'down', 'the database cannot be written');
    expect(heartbeat.overall()).toBe('down');
    heartbeat.start(60_000);
    heartbeat.stop();
    expect(seen.map((m) => m.topic)).toEqual([
      'system.health',
      'system.health',
      'system.health',
      'system.heartbeat',
    ]);
    expect(seen[3]!.detail).toMatchObject({ overall: 'down', components: { journal: { state: 'down' } } });
  });
});

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
