/**
 * Runs a strategy through a real `StrategyHost` over one or more candle series, with the in-memory
 * `HarnessBroker` behind the ports (test-only; the backtest kernel brings the real simulated venue).
 *
 * Candles of every series are merged by close time (finer timeframe first on ties, then series order). For
 * each one the clock moves to its close; the broker matches the symbol's working orders against it (only
 * for the finest series of that symbol, so an hourly and a minute series of one symbol never fill an order
 * twice), timers due by then fire, and the host receives the closed candle. Series the strategy did not
 * subscribe to still drive fills and marks.
 */

import type { Fill } from '../../src/core/fill.js';
import type { Instrument } from '../../src/core/instrument.js';
import type { Candle } from '../../src/core/market.js';
import type { Order } from '../../src/core/order.js';
import { nominalTimeframeMs, parseTimeframe } from '../../src/core/timeframe.js';
import { silentLogger } from '../../src/logging/index.js';
import { type HostStatus, StrategyHost, type StrategyHostEvent } from '../../src/strategies/host.js';
import { candleCloseTime, seriesKey } from '../../src/strategies/host-series.js';
import type { PersistedState, SignalRecord } from '../../src/strategies/ports.js';
import type { PositionView, StrategyDefinition, StrategySetup } from '../../src/strategies/types.js';
import { HarnessBroker } from './strategy-broker.js';

export interface HarnessSeries {
  readonly symbol: string;
  readonly timeframe: string;
  /** Oldest first. */
  readonly candles: readonly Candle[];
}

export interface RunStrategyOptions {
  // biome-ignore lint/suspicious/noExplicitAny: any definition, whatever its parameter table
  readonly definition: StrategyDefinition<any>;
  readonly params?: unknown;
  /** Defaults: exchange `binance`, the series' symbols in order, the first series' timeframe. */
  readonly setup?: Partial<StrategySetup>;
  readonly series: readonly HarnessSeries[];
  /** Starting cash in the quote currency (default 10 000). */
  readonly capital?: number;
  /** Instruments by symbol; when omitted every symbol gets a spot/swap instrument with tiny steps. */
  readonly instruments?: readonly Instrument[];
  readonly funding?: Readonly<Record<string, ReadonlyArray<{ ts: number; rate: number }>>>;
  /** What the state store returns at start (a restarted strategy). */
  readonly initialState?: PersistedState;
  readonly strategyId?: string;
  readonly maxConsecutiveFailures?: number;
}

export interface StrategyRunResult {
  /** Every order in submission order, in its final state. */
  readonly orders: Order[];
  readonly fills: Fill[];
  readonly signals: SignalRecord[];
  /** Final position per symbol traded or subscribed. */
  readonly positions: Record<string, PositionView>;
  /** [close time, equity] after each distinct close time. */
  readonly equity: Array<[number, number]>;
  readonly cash: number;
  /** State the host saved last (at stop). */
  readonly savedState: PersistedState | undefined;
  readonly events: StrategyHostEvent[];
  readonly status: HostStatus;
  readonly host: StrategyHost;
  readonly broker: HarnessBroker;
}

interface HarnessEvent {
  readonly close: number;
  readonly length: number;
  readonly series: number;
  readonly candle: Candle;
}

/** Merges the series into one timeline: by close time, then finer timeframe, then series order. */
export function mergeSeries(series: readonly HarnessSeries[]): HarnessEvent[] {
  const events: HarnessEvent[] = [];
  series.forEach((s, index) => {
    const tf = parseTimeframe(s.timeframe);
    const length = nominalTimeframeMs(tf);
    for (const candle of s.candles)
      events.push({ close: candleCloseTime(candle.ts, tf), length, series: index, candle });
  });
  return events.sort((a, b) => a.close - b.close || a.length - b.length || a.series - b.series);
}

export function runStrategy(options: RunStrategyOptions): StrategyRunResult {
  if (options.series.length === 0) throw new Error('runStrategy needs at least one series');
  const timeline = mergeSeries(options.series);
  const symbols = [...new Set(options.series.map((s) => s.symbol))];
  const setup: StrategySetup = {
    exchange: options.setup?.exchange ?? 'binance',
    symbols: options.setup?.symbols ?? symbols,
    timeframe: options.setup?.timeframe ?? options.series[0]!.timeframe,
  };
  let now = timeline.length > 0 ? Math.min(...options.series.map((s) => s.candles[0]?.ts ?? Infinity)) : 0;
  const broker = new HarnessBroker({
    exchange: setup.exchange,
    capital: options.capital ?? 10_000,
    now: () => now,
    ...(options.instruments === undefined ? {} : { instruments: options.instruments }),
    ...(options.funding === undefined ? {} : { funding: options.funding }),
    ...(options.initialState === undefined ? {} : { initialState: options.initialState }),
  });
  const events: StrategyHostEvent[] = [];
  const host = new StrategyHost({
    strategyId: options.strategyId ?? `${options.definition.name}-test`,
    definition: options.definition,
    params: options.params,
    setup,
    ports: {
      clock: { now: () => now },
      orders: broker,
      portfolio: broker,
      instruments: broker,
      state: broker,
      signals: broker,
      logger: silentLogger(),
    },
    ...(options.maxConsecutiveFailures === undefined
      ? {}
      : { maxConsecutiveFailures: options.maxConsecutiveFailures }),
    onEvent: (event) => events.push(event),
  });
  broker.listener = host;

  // The finest series of each symbol drives its fills.
  const finest = new Map<string, number>();
  options.series.forEach((s, i) => {
    const current = finest.get(s.symbol);
    if (
      current === undefined ||
      nominalTimeframeMs(parseTimeframe(s.timeframe)) <
        nominalTimeframeMs(parseTimeframe(options.series[current]!.timeframe))
    )
      finest.set(s.symbol, i);
  });
  const subscribedKeys = new Set(host.subscriptions.map((s) => seriesKey(s.symbol, s.timeframe)));
  const subscribed = options.series.map((s) => subscribedKeys.has(seriesKey(s.symbol, s.timeframe)));

  host.start();
  const equity: Array<[number, number]> = [];
  for (let i = 0; i < timeline.length; i++) {
    const event = timeline[i]!;
    const s = options.series[event.series]!;
    now = event.close;
    if (finest.get(s.symbol) === event.series) broker.onCandle(s.symbol, event.candle, event.close);
    host.advanceTo(now);
    if (subscribed[event.series]) host.candleClosed(s.symbol, s.timeframe, event.candle);
    if (timeline[i + 1]?.close !== now) equity.push([now, broker.equity()]);
  }
  host.stop('end of data');

  const positions: Record<string, PositionView> = {};
  const traded = new Set([
    ...symbols,
    ...[...broker.orders.values()].map((o) => o.instrumentId.slice(o.instrumentId.indexOf(':') + 1)),
  ]);
  for (const symbol of traded) positions[symbol] = broker.position(host.strategyId, symbol);
  return {
    orders: [...broker.orders.values()],
    fills: broker.fills,
    signals: broker.signals,
    positions,
    equity,
    cash: broker.cash,
    savedState: broker.savedStates.get(host.strategyId),
    events,
    status: host.status(),
    host,
    broker,
  };
}
