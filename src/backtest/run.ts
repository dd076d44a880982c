/**
 * Runs one backtest over data already in memory: the kernel (src/engine) driven by a simulated clock, a
 * replay of the candle series and the simulated venue (src/venues/simulated). The same kernel runs paper
 * and live with a wall clock, live feeds and real venues.
 *
 * Replay order: candles of every series are merged by close time (finer timeframe first on ties, then
 * series order). For each candle the clock moves to its close; when it is its symbol's finest series the
 * venue processes the bar (funding, then orders and liquidations along the intrabar path) and the
 * portfolio marks the close; timers due by then fire; a subscribed strategy receives the closed candle;
 * at each close of the main series the equity is recorded.
 */

import { randomBytes } from 'node:crypto';
import { QuantLabError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import { lowerBound } from '../core/sorted-search.js';
import { SimulatedClock } from '../engine/clock.js';
import { Kernel } from '../engine/kernel.js';
import type { OrderManagerObserver } from '../engine/order-manager.js';
import type { RiskGate } from '../engine/risk-gate.js';
import { silentLogger } from '../logging/index.js';
import type { RiskEngine } from '../risk/engine/index.js';
import { candleCloseTime, seriesKey } from '../strategies/host-series.js';
import type { PersistedState } from '../strategies/ports.js';
import type { StrategyDefinition } from '../strategies/types.js';
import { SimulatedVenue } from '../venues/simulated/index.js';
import { checkStep } from './run-invariants.js';
import { buildLanes, closeOf, nextClose, nextLane } from './run-lanes.js';
import { createRunRecorder, type RunRecorder } from './run-recorder.js';
import type { BacktestChartData, BacktestConfig, BacktestData, BacktestResult } from './types.js';

export interface BacktestRunInput {
  // biome-ignore lint/suspicious/noExplicitAny: any definition, whatever its parameter table
  readonly definition: StrategyDefinition<any>;
  readonly config: BacktestConfig;
  readonly data: BacktestData;
  /** The instruments of `config.symbols` (precision, contract size, kind). */
  readonly instruments: readonly Instrument[];
  /** Candles opening before this time only warm the strategy up; trading and the equity curve start here. */
  readonly tradeFrom?: number;
  /** Keep the strategy's signals (the look-ahead check compares them). */
  readonly recordSignals?: boolean;
  /** Check the accounting identities and the venue/portfolio agreement after every main-series bar. */
  readonly checkInvariants?: boolean;
  /** Skip what only reports need (the [ts, equity] pairs, chart data): optimizer sweeps. */
  readonly summaryOnly?: boolean;
  readonly gate?: RiskGate;
  /**
   * The risk engine (stored-style rules, breakers, automatic reduction), the same as paper and live; it
   * is the gate when given (put fixed rules in its `baseRules`), and steps on every bar.
   */
  readonly risk?: RiskEngine;
  /** Result id; default a random one. */
  readonly id?: string;
}

export interface BacktestSignal {
  readonly ts: number;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface BacktestRunOutput {
  readonly result: BacktestResult;
  readonly chart: BacktestChartData;
  readonly signals: readonly BacktestSignal[];
  /** The equity curve as typed arrays (`length` points), for sweeps that skip the pairs. */
  readonly curve: { readonly ts: Float64Array; readonly equity: Float64Array; readonly length: number };
  /** Every order the strategy (or its attached protection) sent, in submission order. */
  readonly orders: ReadonlyArray<{
    ts: number;
    symbol: string;
    side: string;
    type: string;
    qty: number;
    status: string;
  }>;
  /** Accounting problems found when `checkInvariants` was set (empty when everything held). */
  readonly invariantViolations: readonly string[];
  /**
   * How many of the last `signals` and `orders` came after the data ended (from `onStop`, and what those
   * orders set off): they depend on where the data stops, not on what it says (the look-ahead check
   * leaves them out).
   */
  readonly afterEnd: { readonly signals: number; readonly orders: number };
  /** Why the strategy was paused, if it was. */
  readonly paused?: string;
}

export function runBacktest(input: BacktestRunInput): BacktestRunOutput {
  const started = performance.now();
  const { config, data } = input;
  const clock = new SimulatedClock();
  const venue = new SimulatedVenue({
    exchange: config.exchange,
    instruments: input.instruments,
    fees: config.fees,
    slippage: config.slippage,
    fill: config.fill,
    ...(config.maxVolumeShare === undefined ? {} : { maxVolumeShare: config.maxVolumeShare }),
    account: {
      capital: config.capital,
      currency: config.currency,
      marginMode: config.marginMode,
      leverage: config.leverage,
      maintenanceRate: config.maintenanceRate,
      liquidationFeeRate: config.liquidationFeeRate,
    },
    ...(data.funding === undefined ? {} : { funding: data.funding }),
    ...(data.marks === undefined ? {} : { marks: data.marks }),
  });
  const recorder: RunRecorder = createRunRecorder(config, input.recordSignals === true);
  const states = new Map<string, PersistedState>();
  const kernel = new Kernel({
    clock,
    venue,
    instruments: input.instruments,
    account: {
      currency: config.currency,
      capital: config.capital,
      marginMode: config.marginMode,
      leverage: (symbol) =>
        input.instruments.find((i) => i.symbol === symbol)?.kind === 'spot' ? 1 : config.leverage,
      ...(data.funding === undefined ? {} : { funding: data.funding }),
    },
    ...(input.risk !== undefined
      ? { gate: input.risk }
      : input.gate === undefined
        ? {}
        : { gate: input.gate }),
    state: { load: (id) => states.get(id), save: (id, state) => states.set(id, state) },
    signals: recorder.signalSink,
    logger: silentLogger(),
    observer: withRisk(recorder.observer(input.instruments), input.risk),
  });
  const risk = input.risk;
  risk?.attach(kernel);
  let paused: string | undefined;
  const host = kernel.addStrategy({
    strategyId: `bt-${config.strategy}`,
    definition: input.definition,
    params: config.params,
    setup: { exchange: config.exchange, symbols: config.symbols, timeframe: config.timeframe },
    onEvent: (event) => {
      if (event.type === 'paused') paused = event.reason;
    },
  });

  const lanes = buildLanes(
    input.data.series,
    venue,
    kernel,
    new Set(host.subscriptions.map((s) => seriesKey(s.symbol, s.timeframe))),
  );
  const main = lanes.findIndex(
    (l) => l.series.symbol === config.symbols[0] && l.series.timeframe === config.timeframe,
  );
  if (main < 0) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `No ${config.symbols[0]} ${config.timeframe} series to run on.`,
      {
        details: { symbol: config.symbols[0], timeframe: config.timeframe },
      },
    );
  }
  const mainSeries = lanes[main]!.series;
  // The run ends with the main series: a longer leg's later candles would change the account after the
  // last equity point.
  if (mainSeries.ts.length > 0) {
    const lastClose = closeOf(lanes[main]!, mainSeries.ts.length - 1);
    for (const lane of lanes) {
      while (lane.end > 0 && closeOf(lane, lane.end - 1) > lastClose) lane.end -= 1;
      if (lane.end === 0) lane.next = Number.POSITIVE_INFINITY;
    }
  }
  const capacity = mainSeries.ts.length;
  const equityTs = new Float64Array(capacity);
  const equity = new Float64Array(capacity);
  let points = 0;
  let exposed = 0;
  let bars = 0;
  const tradeFrom = input.tradeFrom ?? Number.NEGATIVE_INFINITY;
  const violations: string[] = [];
  let firstTradedTs = Number.NaN;
  let pending = false;

  // The strategy starts at the first candle's open, not at 1970: timers it sets in onStart are real times.
  const firstOpen = Math.min(...lanes.map((l) => (l.end > 0 ? l.series.ts[0]! : Number.POSITIVE_INFINITY)));
  if (Number.isFinite(firstOpen)) clock.set(firstOpen);
  host.start();
  kernel.drain();
  for (let k = nextLane(lanes); k >= 0; k = nextLane(lanes)) {
    const lane = lanes[k]!;
    const s = lane.series;
    const i = lane.cursor;
    lane.cursor = i + 1;
    lane.next = lane.cursor < lane.end ? closeOf(lane, lane.cursor) : Number.POSITIVE_INFINITY;
    const ts = s.ts[i]!;
    const closeTs = lane.tfMs > 0 ? ts + lane.tfMs : candleCloseTime(ts, lane.tf);
    clock.set(closeTs);
    if (ts < tradeFrom) {
      if (lane.subscribed)
        host.preload(s.symbol, s.timeframe, [
          {
            ts,
            open: s.open[i]!,
            high: s.high[i]!,
            low: s.low[i]!,
            close: s.close[i]!,
            volume: s.volume[i]!,
          },
        ]);
      continue;
    }
    bars += 1;
    // One scratch bar per lane, handed to the venue and the host: both copy what they keep, so nothing is
    // allocated per bar (and no number is boxed for a call).
    const bar = lane.scratch;
    bar.ts = ts;
    bar.open = s.open[i]!;
    bar.high = s.high[i]!;
    bar.low = s.low[i]!;
    bar.close = s.close[i]!;
    bar.volume = s.volume[i]!;
    bar.closeTs = closeTs;
    if (lane.finest) {
      venue.onBarFrom(lane.venueIndex, bar);
      kernel.drain();
      kernel.portfolio.mark(lane.portfolioIndex, bar.close);
      if (risk !== undefined) {
        risk.marketData(s.symbol, closeTs);
        risk.onTime();
      }
      if (kernel.algos.workingCount > 0) {
        kernel.algos.barClosed(s.symbol, bar);
        kernel.stepAlgorithms(closeTs);
      }
    }
    host.advanceTo(closeTs);
    if (lane.subscribed) host.candleClosed(s.symbol, s.timeframe, bar);
    kernel.drain();
    if (k === main) {
      if (points === 0) firstTradedTs = ts;
      pending = true;
    }
    // The equity point of a main-series close is taken once every series closing then has been applied.
    if (pending && (lanes.length === 1 || nextClose(lanes) > closeTs)) {
      pending = false;
      equityTs[points] = closeTs;
      equity[points] = kernel.portfolio.equity();
      if (kernel.portfolio.hasOpenPosition()) exposed += 1;
      points += 1;
      if (input.checkInvariants === true) checkStep(kernel, venue, recorder, closeTs, violations);
    }
  }
  const signalsBeforeStop = recorder.signals.length;
  const ordersBeforeStop = kernel.orders.count;
  host.stop('end of data');
  kernel.drain();
  // What the strategy did in onStop (an exit at the close) belongs to the last point.
  if (points > 0) equity[points - 1] = kernel.portfolio.equity();

  const lastTs = points > 0 ? equityTs[points - 1]! : clock.now();
  const result: BacktestResult = recorder.finish({
    id: input.id ?? `bt-${randomBytes(6).toString('hex')}`,
    curve: { ts: equityTs, equity, length: points },
    startTs: Number.isNaN(firstTradedTs) ? lastTs : firstTradedTs,
    endTs: lastTs,
    exposure: points === 0 ? 0 : exposed / points,
    portfolio: kernel.portfolio,
    refusals: kernel.orders.refusals,
    bars,
    elapsedMs: performance.now() - started,
    summaryOnly: input.summaryOnly === true,
  });
  const fromIndex = Number.isFinite(tradeFrom) ? lowerBound(mainSeries.ts, tradeFrom) : 0;
  return {
    result,
    chart: recorder.chart(mainSeries, fromIndex, input.summaryOnly === true),
    signals: recorder.signals,
    curve: { ts: equityTs, equity, length: points },
    orders: [...kernel.orders.all()].map((o) => ({
      ts: o.tsInit,
      symbol: o.instrumentId.slice(o.instrumentId.indexOf(':') + 1),
      side: o.side,
      type: o.type,
      qty: o.qty,
      status: o.status,
    })),
    invariantViolations: violations,
    afterEnd: {
      signals: recorder.signals.length - signalsBeforeStop,
      orders: kernel.orders.count - ordersBeforeStop,
    },
    ...(paused === undefined ? {} : { paused }),
  };
}

/** The recorder sees every event; the risk engine also sees fills (closed trades) and venue rejects. */
function withRisk(recorder: OrderManagerObserver, risk: RiskEngine | undefined): OrderManagerObserver {
  if (risk === undefined) return recorder;
  return {
    ...recorder,
    onFill(order, fill, reason) {
      recorder.onFill?.(order, fill, reason);
      risk.observer.onFill?.(order, fill, reason);
    },
    onRejected(order, key) {
      recorder.onRejected?.(order, key);
      risk.observer.onRejected?.(order, key);
    },
  };
}
