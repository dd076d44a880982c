/**
 * Small builders for strategy tests: synthetic candles, a definition from inline callbacks, and a host
 * wired to the in-memory broker with a clock the test moves by hand.
 */

import type { Candle } from '../../src/core/market.js';
import { parseTimeframe, timeframeMs } from '../../src/core/timeframe.js';
import type { StreamingIndicator } from '../../src/indicators/types.js';
import { silentLogger } from '../../src/logging/index.js';
import { StrategyHost, type StrategyHostEvent, type StrategyHostOptions } from '../../src/strategies/host.js';
import type { PersistedState } from '../../src/strategies/ports.js';
import type { ParamSpecs, Strategy, StrategyDefinition, Subscription } from '../../src/strategies/types.js';
import { HarnessBroker } from './strategy-broker.js';

export const T0 = Date.UTC(2024, 0, 1);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Candles of `timeframe` from `start` whose closes are `closes` (open = previous close, high/low 1 % beyond). */
export function candlesFrom(closes: readonly number[], timeframe = '1m', start = T0): Candle[] {
  const step = timeframeMs(parseTimeframe(timeframe));
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    return {
      ts: start + i * step,
      open,
      high: Math.max(open, close) * 1.01,
      low: Math.min(open, close) * 0.99,
      close,
      volume: 10 + i,
    };
  });
}

/** A definition whose `create` returns `strategy` (with `subscriptions` defaulted to BTC/USDT 1m). */
export function inlineDefinition(
  strategy: Partial<Strategy> & { subscriptions?: readonly Subscription[] },
  overrides: Partial<StrategyDefinition<ParamSpecs>> = {},
): StrategyDefinition<ParamSpecs> {
  return {
    apiVersion: 1,
    name: 'inline-test',
    version: '1.0.0',
    description: 'a strategy written inline in a test',
    params: {},
    create: () => ({ subscriptions: [{ symbol: 'BTC/USDT', timeframe: '1m' }], ...strategy }),
    ...overrides,
  };
}

/** A host on a broker with a hand-moved clock. */
export function hostOnBroker(
  definition: StrategyDefinition<ParamSpecs>,
  options: Partial<Omit<StrategyHostOptions, 'definition' | 'ports'>> & {
    initialState?: PersistedState;
  } = {},
) {
  const clock = { t: T0 };
  const broker = new HarnessBroker({
    exchange: 'binance',
    capital: 10_000,
    now: () => clock.t,
    ...(options.initialState === undefined ? {} : { initialState: options.initialState }),
  });
  const events: StrategyHostEvent[] = [];
  const host = new StrategyHost({
    strategyId: options.strategyId ?? 'test-1',
    definition,
    setup: options.setup ?? { exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1m' },
    ports: {
      clock: { now: () => clock.t },
      orders: broker,
      portfolio: broker,
      instruments: broker,
      state: broker,
      signals: broker,
      logger: silentLogger(),
    },
    ...(options.params === undefined ? {} : { params: options.params }),
    ...(options.maxConsecutiveFailures === undefined
      ? {}
      : { maxConsecutiveFailures: options.maxConsecutiveFailures }),
    onEvent: (event) => events.push(event),
  });
  broker.listener = host;
  return { host, broker, clock, events };
}

/** A `real` indicator that is ready after `period` values and remembers what it was fed. */
export class RecordingIndicator implements StreamingIndicator {
  readonly input = 'real' as const;
  readonly outputs = ['value'] as const;
  readonly fed: number[] = [];
  constructor(readonly period: number) {}
  get lookback() {
    return this.period - 1;
  }
  get count() {
    return this.fed.length;
  }
  get ready() {
    return this.fed.length >= this.period;
  }
  update(x: number): number {
    this.fed.push(x);
    return this.output();
  }
  updateBar(_o: number, _h: number, _l: number, close: number): number {
    return this.update(close);
  }
  output(): number {
    return this.ready ? this.fed[this.fed.length - 1]! : Number.NaN;
  }
  reset(): void {
    this.fed.length = 0;
  }
}
