/**
 * Test bench for the algorithms: a real Kernel (order manager, risk gate, portfolio) over a
 * SimulatedVenue, stepped bar by bar the way the backtest loop does it, with ExecAlgorithms wired in the
 * way README.md asks the kernel to: the router as the strategy's order owner, `barClosed` and `onTime`
 * after each bar's venue events are applied.
 */

import { createInstrument, type Instrument } from '../../core/instrument.js';
import type { Candle } from '../../core/market.js';
import type { Order } from '../../core/order.js';
import { parseTimeframe, timeframeMs } from '../../core/timeframe.js';
import { silentLogger } from '../../logging/index.js';
import type { StrategyContext } from '../../strategies/types.js';
import type { FillTiming, VenueBar } from '../../venues/simulated/index.js';
import { SimulatedVenue } from '../../venues/simulated/index.js';
import { SimulatedClock } from '../clock.js';
import { Kernel } from '../kernel.js';
import type { RiskGate } from '../risk-gate.js';
import { AlgoOrderRouter } from './algo-order-router.js';
import { ExecAlgorithms } from './exec-algorithms.js';
import type { AlgoEvent, AlgoParentId, AlgoRequest } from './types.js';

export const S = 'BTC/USDT:USDT';

/** Lot and tick 0.01, no minimum beyond one lot. */
export const LOT = createInstrument({
  exchange: 'test',
  symbol: S,
  kind: 'swap',
  tickSize: 0.01,
  lotSize: 0.01,
  minSize: 0,
});

export interface BenchOptions {
  readonly candles: readonly Candle[];
  readonly timeframe?: string;
  readonly instrument?: Instrument;
  readonly gate?: RiskGate;
  readonly fill?: FillTiming;
  readonly maxVolumeShare?: number;
  readonly capital?: number;
  readonly forwardChildren?: boolean;
  /** Told about every algorithm event (after the bench has recorded it). */
  readonly onEvent?: (event: AlgoEvent, bench: AlgoBench) => void;
  /** Called from the strategy's onCandle (a strategy reaching the algorithms). */
  readonly onCandle?: (ctx: StrategyContext, candle: Candle, bench: AlgoBench) => void;
}

export interface AlgoBench {
  readonly kernel: Kernel;
  readonly algos: ExecAlgorithms;
  readonly strategyId: ReturnType<Kernel['addStrategy']>['strategyId'];
  readonly events: AlgoEvent[];
  /** Every order update the strategy itself received. */
  readonly seenByStrategy: Order[];
  /** The clock (the close of the last bar stepped). */
  now(): number;
  /** One bar; false when there are none left. */
  step(): boolean;
  /** Steps every bar closing at or before `ts`. */
  runUntil(ts: number): void;
  runAll(): void;
  start(request: AlgoRequest): AlgoParentId;
  /** The children of a parent as the order manager holds them now. */
  children(parentId: AlgoParentId): Order[];
  /** Placement time and quantity of each child. */
  placements(parentId: AlgoParentId): Array<[ts: number, qty: number]>;
}

export function algoBench(options: BenchOptions): AlgoBench {
  const inst = options.instrument ?? LOT;
  const candles = options.candles;
  const timeframe = options.timeframe ?? '1m';
  const stepMs = timeframeMs(parseTimeframe(timeframe));
  const clock = new SimulatedClock();
  const capital = options.capital ?? 1_000_000;
  const venue = new SimulatedVenue({
    exchange: inst.exchange,
    instruments: [inst],
    fees: { maker: 0, taker: 0 },
    fill: options.fill ?? 'next-open',
    ...(options.maxVolumeShare === undefined ? {} : { maxVolumeShare: options.maxVolumeShare }),
    account: { capital, currency: 'USDT', leverage: 10 },
  });
  const kernel = new Kernel({
    clock,
    venue,
    instruments: [inst],
    account: { currency: 'USDT', capital, leverage: () => 10 },
    ...(options.gate === undefined ? {} : { gate: options.gate }),
    state: { load: () => undefined, save: () => {} },
    signals: { signal: () => {} },
    logger: silentLogger(),
  });
  const events: AlgoEvent[] = [];
  const seenByStrategy: Order[] = [];
  let bench: AlgoBench | undefined;
  const host = kernel.addStrategy({
    strategyId: 'algo-test',
    definition: {
      apiVersion: 1,
      name: 'algo-test',
      version: '1.0.0',
      description: 'Records what it sees; tests start algorithms.',
      params: {},
      create: () => ({
        subscriptions: [{ symbol: inst.symbol, timeframe }],
        onCandle: ({ ctx, candle }) => options.onCandle?.(ctx, candle, bench!),
        onOrderUpdate: ({ order }) => {
          seenByStrategy.push(order);
        },
      }),
    },
    params: {},
    setup: { exchange: inst.exchange, symbols: [inst.symbol], timeframe },
  });
  const algos = new ExecAlgorithms({
    orders: kernel.orders,
    clock,
    instrument: (symbol) => (symbol === inst.symbol ? inst : undefined),
    lastPrice: (symbol) => kernel.portfolio.markOf(kernel.portfolio.symbolIndex(symbol)),
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event, bench!);
    },
  });
  kernel.orders.register(
    host.strategyId,
    new AlgoOrderRouter(algos, host, { forwardChildren: options.forwardChildren ?? true }),
  );
  clock.set(candles[0]?.ts ?? 0);
  host.start();
  kernel.drain();

  const venueIndex = venue.symbolIndex(inst.symbol);
  const portfolioIndex = kernel.portfolio.symbolIndex(inst.symbol);
  const bar: VenueBar = { ts: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, closeTs: 0 };
  let cursor = 0;
  const step = (): boolean => {
    const candle = candles[cursor];
    if (candle === undefined) return false;
    cursor += 1;
    const closeTs = candle.ts + stepMs;
    clock.set(closeTs);
    Object.assign(bar, candle, { closeTs });
    venue.onBarFrom(venueIndex, bar);
    kernel.drain();
    kernel.portfolio.mark(portfolioIndex, candle.close);
    algos.barClosed(inst.symbol, candle);
    algos.onTime(closeTs);
    kernel.drain();
    host.advanceTo(closeTs);
    host.candleClosed(inst.symbol, timeframe, candle);
    kernel.drain();
    return true;
  };
  const childOrders = (parentId: AlgoParentId): Order[] =>
    (algos.status(parentId)?.children ?? []).map((id) => kernel.orders.get(id)!);
  bench = {
    kernel,
    algos,
    strategyId: host.strategyId,
    events,
    seenByStrategy,
    now: () => clock.now(),
    step,
    runUntil(ts) {
      while (cursor < candles.length && candles[cursor]!.ts + stepMs <= ts) step();
    },
    runAll() {
      while (step()) {}
    },
    start(request) {
      const id = algos.start(host.strategyId, request);
      kernel.drain();
      return id;
    },
    children: childOrders,
    placements: (parentId) => childOrders(parentId).map((o) => [o.tsInit, o.qty]),
  };
  return bench;
}
