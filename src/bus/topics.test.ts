import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { OrderBookSnapshot, Ticker, Trade } from '../core/market.js';
import { expectCode, fixtures } from './bus.contract.js';
import { InProcessBus } from './in-process.js';
import type { CandleUpdate, ExecutionAck, RiskAlert, RiskDecision, SystemEvent } from './messages.js';
import { compilePattern, matchTokens, type PatternPayload } from './patterns.js';
import {
  type BusPayload,
  decodeSymbol,
  encodeSymbol,
  isTopic,
  type PayloadOf,
  parseTopic,
  type ReplyOf,
  SYSTEM_EVENTS,
  TOKEN_RE,
  TOPIC_CATALOGUE,
  type TopicFamily,
  type TopicPayloads,
  topics,
} from './topics.js';

describe('symbol tokens', () => {
  it('encodes unified symbols readably and reversibly', () => {
    expect(encodeSymbol('BTC/USDT')).toBe('BTC-USDT');
    expect(encodeSymbol('BTC/USDT:USDT')).toBe('BTC-USDT_USDT');
    expect(encodeSymbol('BTC/USDT:USDT-240329')).toBe('BTC-USDT_USDT%2D240329');
    expect(encodeSymbol('BTC/USD:BTC-240329-60000-C')).toBe('BTC-USD_BTC%2D240329%2D60000%2DC');
    expect(encodeSymbol('1000PEPE/USDT')).toBe('1000PEPE-USDT');
    expect(encodeSymbol('a.b*c>d e_f')).toBe('a%2Eb%2Ac%3Ed%20e%5Ff');
    expect(decodeSymbol('BTC-USDT_USDT')).toBe('BTC/USDT:USDT');
    expect(decodeSymbol('BTC-USDT_USDT%2D240329')).toBe('BTC/USDT:USDT-240329');
  });

  it('round-trips any non-empty string into one safe token', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }), (symbol) => {
        const token = encodeSymbol(symbol);
        expect(token).toMatch(TOKEN_RE);
        expect(decodeSymbol(token)).toBe(symbol);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses empty symbols and non-canonical or unsafe tokens', async () => {
    await expectCode(() => encodeSymbol(''), 'QL_ERR_INVALID_INPUT');
    for (const token of ['', 'BTC%2FUSDT', 'BTC%2d1', 'BTC.USDT', 'BTC/USDT', '%ZZ', '%E2%82']) {
      await expectCode(() => decodeSymbol(token), 'QL_ERR_INVALID_INPUT');
    }
  });
});

describe('topic catalogue', () => {
  it('builds the documented topics', () => {
    expect(topics.candle('okx', 'BTC/USDT:USDT', '1m')).toBe('md.candle.okx.BTC-USDT_USDT.1m');
    expect(topics.ticker('binanceusdm', 'ETH/USDT:USDT')).toBe('md.ticker.binanceusdm.ETH-USDT_USDT');
    expect(topics.trade('okx', 'BTC/USDT')).toBe('md.trade.okx.BTC-USDT');
    expect(topics.book('okx', 'BTC/USDT')).toBe('md.book.okx.BTC-USDT');
    expect(SYSTEM_EVENTS.map((e) => topics.system(e))).toEqual([
      'system.started',
      'system.stopping',
      'system.kill_switch',
      'system.heartbeat',
    ]);
    expect([
      topics.orderIntent,
      topics.riskDecision,
      topics.orderRequest,
      topics.executionAck,
      topics.executionReport,
      topics.portfolioSnapshot,
      topics.riskAlert,
    ]).toEqual([
      'signal.order_intent',
      'risk.decision',
      'order.request',
      'execution.ack',
      'execution.report',
      'portfolio.snapshot',
      'risk.alert',
    ]);
  });

  it('refuses unsafe exchange ids, timeframes and event names', async () => {
    await expectCode(() => topics.ticker('ok.x', 'BTC/USDT'), 'QL_ERR_INVALID_INPUT');
    await expectCode(() => topics.candle('okx', 'BTC/USDT', '1 m'), 'QL_ERR_INVALID_INPUT');
    await expectCode(() => topics.system('*'), 'QL_ERR_INVALID_INPUT');
    await expectCode(() => topics.system(''), 'QL_ERR_INVALID_INPUT');
  });

  it('parses topics back into family and parameters', () => {
    expect(parseTopic('md.candle.okx.BTC-USDT_USDT.1m')).toEqual({
      family: 'md.candle',
      params: { exchange: 'okx', symbol: 'BTC/USDT:USDT', timeframe: '1m' },
    });
    expect(parseTopic('system.kill_switch')).toEqual({ family: 'system', params: { event: 'kill_switch' } });
    expect(parseTopic('risk.alert')).toEqual({ family: 'risk.alert', params: {} });
    expect(isTopic('md.ticker.okx.BTC-USDT')).toBe(true);
    expect(isTopic('md.ticker.okx.BTC%2FUSDT')).toBe(false); // non-canonical symbol token
    expect(isTopic('risk.alerts')).toBe(false);
  });

  it('has one payload type per catalogue family', () => {
    expectTypeOf<keyof TopicPayloads>().toEqualTypeOf<TopicFamily>();
    expect(Object.keys(TOPIC_CATALOGUE)).toHaveLength(12);
  });
});

describe('patterns', () => {
  const m = (pattern: string, topic: string) => matchTokens(compilePattern(pattern).tokens, topic.split('.'));

  it('matches NATS-style wildcards', () => {
    expect(m('md.candle.okx.>', 'md.candle.okx.BTC-USDT.1m')).toBe(true);
    expect(m('md.candle.okx.>', 'md.candle.binance.BTC-USDT.1m')).toBe(false);
    expect(m('md.*.okx.BTC-USDT', 'md.trade.okx.BTC-USDT')).toBe(true);
    expect(m('md.*.okx.BTC-USDT', 'md.candle.okx.BTC-USDT.1m')).toBe(false);
    expect(m('md.ticker.*.*', 'md.ticker.okx.BTC-USDT')).toBe(true);
    expect(m('system.>', 'system.started')).toBe(true);
    expect(m('>', 'risk.alert')).toBe(true);
    expect(m('risk.alert', 'risk.alert')).toBe(true);
    expect(m('risk.alert', 'risk.decision')).toBe(false);
    expect(compilePattern('risk.alert').exact).toBe(true);
    expect(compilePattern('risk.*').exact).toBe(false);
  });

  it('types the payload from the pattern', () => {
    expectTypeOf<PatternPayload<'md.candle.okx.>'>>().toEqualTypeOf<CandleUpdate>();
    expectTypeOf<PatternPayload<'md.*.okx.BTC-USDT'>>().toEqualTypeOf<Ticker | Trade | OrderBookSnapshot>();
    expectTypeOf<PatternPayload<'risk.*'>>().toEqualTypeOf<RiskDecision | RiskAlert>();
    expectTypeOf<PatternPayload<'system.heartbeat'>>().toEqualTypeOf<SystemEvent>();
    expectTypeOf<PatternPayload<'>'>>().toEqualTypeOf<BusPayload>();
    expectTypeOf<PatternPayload<string>>().toEqualTypeOf<BusPayload>();
    expectTypeOf<PayloadOf<'md.ticker.okx.BTC-USDT'>>().toEqualTypeOf<Ticker>();
    expectTypeOf<ReplyOf<'order.request'>>().toEqualTypeOf<ExecutionAck>();
    expectTypeOf<ReplyOf<'system.ping'>>().toEqualTypeOf<unknown>();
  });

  it('makes a wrong payload for a topic a compile error', () => {
    const bus = new InProcessBus();
    // @ts-expect-error a candle update is not a ticker
    expect(() => bus.publish(topics.ticker('okx', 'BTC/USDT'), fixtures.candle())).not.toThrow();
    // @ts-expect-error 'md.quote' is not a catalogue family
    expect(() => bus.publish('md.quote.okx.BTC-USDT', fixtures.ticker())).toThrow();
    bus.subscribe('md.candle.okx.>', (update) => {
      // @ts-expect-error candle updates have no `last`
      void update.last;
    });
    void bus.close();
  });
});
