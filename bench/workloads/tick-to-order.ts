/**
 * `tick-to-order`: 1,000,000 replayed trade prints (BTC/USDT:USDT, a random walk, 20 prints a second)
 * through the paper stack — MarketDriver → PaperVenue (one-point bars) → kernel drain and marks →
 * StrategyHost → a tick strategy → order manager → the risk engine (every pre-trade rule of the catalogue,
 * the five breakers and automatic reduction, stored-rule style, stepped on every print as a session does)
 * → PaperVenue. The strategy decides on every print (an EMA of the price) and every 20th
 * print cancels its resting quote and quotes again 5 ticks away; every 250th print it sends a reduce-only
 * market order to shed inventory: realistic churn (orders, cancels, maker and taker fills).
 *
 * Each print's full processing — the feed listener call, from the event to the last order it caused —
 * is timed with performance.now() into a preallocated Float64Array. Reported: p50 (`tick-to-order`,
 * µs), p99 (`tick-to-order-p99`, µs), throughput (`tick-to-order-throughput`, prints/s over the whole
 * replay, event creation included) and the longest GC pause while the replay ran
 * (`tick-to-order-gc-max`, ms, from a PerformanceObserver on `gc`; a full collection runs before each
 * replay, outside its window). One replay serves all four figures: run i of each reads the same one.
 */

import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ClientOrderId } from '../../src/core/ids.js';
import { createInstrument } from '../../src/core/instrument.js';
import type { Trade } from '../../src/core/market.js';
import { isTerminal } from '../../src/core/order-state.js';
import { SimulatedClock } from '../../src/engine/clock.js';
import { Kernel } from '../../src/engine/kernel.js';
import { MarketDriver } from '../../src/live/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { FeedStatsCounter } from '../../src/marketdata/feed-support.js';
import type { MarketEvent, MarketEventListener, MarketFeed } from '../../src/marketdata/types.js';
import { everyRule } from '../../src/risk/config/examples.js';
import { RiskEngine } from '../../src/risk/engine/index.js';
import type { StrategyDefinition } from '../../src/strategies/types.js';
import { PaperVenue } from '../../src/venues/paper/index.js';
import type { Workload, WorkloadContext } from '../harness.js';

const SYMBOL = 'BTC/USDT:USDT';
const T0 = Date.UTC(2024, 0, 1);
const QUOTE_EVERY = 20;
const SHED_EVERY = 250;

const BTC = createInstrument({
  exchange: 'paper',
  symbol: SYMBOL,
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.001,
  minSize: 0.001,
});

interface Tape {
  readonly ts: Float64Array;
  readonly price: Float64Array;
  readonly qty: Float64Array;
}

/** A deterministic random walk of prints on the 0.1 tick (mulberry32), 50 ms apart. */
function buildTape(count: number, seed = 7): Tape {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const tape = { ts: new Float64Array(count), price: new Float64Array(count), qty: new Float64Array(count) };
  let ticks = 300_000; // 30,000.0 in ticks of 0.1
  for (let i = 0; i < count; i++) {
    ticks += Math.floor(random() * 5) - 2;
    tape.ts[i] = T0 + i * 50;
    tape.price[i] = ticks / 10;
    tape.qty[i] = Math.round(1 + random() * 2_000) / 1_000;
  }
  return tape;
}

/** The strategy under test: decides on every print, quotes every QUOTE_EVERY, sheds every SHED_EVERY. */
const tickChurn: StrategyDefinition = {
  apiVersion: 1,
  name: 'tick-churn',
  version: '1.0.0',
  description: 'Benchmark strategy: an EMA on every print, a quote every 20 prints, inventory shedding.',
  params: {},
  create: () => {
    let ema = Number.NaN;
    let seen = 0;
    let quote: ClientOrderId | undefined;
    return {
      subscriptions: [{ symbol: SYMBOL, timeframe: '1m' }],
      onTrade({ ctx, trade }) {
        const price = trade.price;
        ema = Number.isNaN(ema) ? price : ema + (price - ema) * 0.05;
        seen += 1;
        if (seen % QUOTE_EVERY !== 0) return;
        if (quote !== undefined) ctx.cancel(quote);
        const held = ctx.position(SYMBOL).qty;
        if (seen % SHED_EVERY === 0 && held !== 0) {
          ctx.submit({
            symbol: SYMBOL,
            side: held > 0 ? 'sell' : 'buy',
            qty: Math.abs(held),
            reduceOnly: true,
          });
          quote = undefined;
          return;
        }
        const buy = held < -0.2 || (held < 0.2 && price <= ema);
        quote = ctx.submit({
          symbol: SYMBOL,
          side: buy ? 'buy' : 'sell',
          type: 'limit',
          price: buy ? price - 0.5 : price + 0.5,
          qty: 0.01,
        });
      },
      onOrderUpdate({ order }) {
        if (order.clientOrderId === quote && isTerminal(order)) quote = undefined;
      },
    };
  },
};

/** A feed replaying the tape's prints; each listener call is timed into `latencyMs`. */
class TimedTapeFeed implements MarketFeed {
  readonly exchange = 'paper';
  private listener: MarketEventListener | undefined;

  constructor(
    private readonly tape: Tape,
    private readonly count: number,
    private readonly latencyMs: Float64Array,
  ) {}

  subscribe(): void {}

  on(listener: MarketEventListener): () => void {
    this.listener = listener;
    return () => {
      this.listener = undefined;
    };
  }

  async start(): Promise<void> {
    const { ts, price, qty } = this.tape;
    const deliver = this.listener!;
    const latency = this.latencyMs;
    for (let i = 0; i < this.count; i++) {
      const t = ts[i]!;
      // A fresh event per print, as a live feed parses one per message (outside the timed span).
      const trade: Trade = {
        exchange: 'paper',
        symbol: SYMBOL,
        tradeId: 't',
        price: price[i]!,
        qty: qty[i]!,
        side: 'buy',
        tsEvent: t,
        tsInit: t,
      };
      const event: MarketEvent = { kind: 'trade', trade };
      const started = performance.now();
      deliver(event);
      latency[i] = performance.now() - started;
    }
  }

  async stop(): Promise<void> {}

  stats = () => new FeedStatsCounter().snapshot();
}

/** Every rule of the catalogue, as an account would store them. */
const RECORDS = everyRule('bench-tick');

/** One replay of `count` prints through a fresh paper stack. */
async function replay(tape: Tape, count: number, latency: Float64Array, sorted: Float64Array) {
  const clock = new SimulatedClock(T0);
  const venue = new PaperVenue({
    exchange: 'paper',
    instruments: [BTC],
    fees: { maker: 0.0002, taker: 0.0005 },
    slippage: { kind: 'fixed', bps: 1 },
    account: { capital: 100_000, currency: 'USDT', leverage: 5 },
  });
  let fills = 0;
  let denied = 0;
  const risk = new RiskEngine({ account: 'bench' });
  const loaded = risk.load(RECORDS);
  if (loaded.invalid.length > 0) throw new Error(`bench rules invalid: ${loaded.invalid[0]!.message}`);
  const kernel = new Kernel({
    clock,
    venue,
    instruments: [BTC],
    account: { currency: 'USDT', capital: 100_000, leverage: () => 5 },
    gate: risk,
    state: { load: () => undefined, save: () => {} },
    signals: { signal() {} },
    logger: silentLogger(),
    observer: {
      onFill: (order, fill, reason) => {
        fills++;
        risk.observer.onFill?.(order, fill, reason);
      },
      onRejected: (order, key) => risk.observer.onRejected?.(order, key),
      onDenied: () => void denied++,
    },
    // As a live session: ended orders are forgotten (the journal has them), so the heap stays flat.
    retainEndedOrders: 2_000,
  });
  const feed = new TimedTapeFeed(tape, count, latency);
  risk.attach(kernel);
  const driver = new MarketDriver({
    ...{ kernel, clock, feed, venue, venueTrades: true },
    onMarked: (symbol, ts) => {
      risk.marketData(symbol, ts);
      risk.onTime();
    },
  });
  const host = kernel.addStrategy({
    strategyId: 'bench-tick',
    definition: tickChurn,
    params: {},
    setup: { exchange: 'paper', symbols: [SYMBOL], timeframe: '1m' },
  });
  driver.attach(host, { trades: true });

  // The previous replay's garbage is collected now, not inside this replay's window.
  collectGarbage();
  let gcMaxMs = 0;
  let gcCount = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcCount += 1;
      if (entry.duration > gcMaxMs) gcMaxMs = entry.duration;
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  const started = performance.now();
  await feed.start();
  const elapsedMs = performance.now() - started;
  // GC entries are delivered on a later turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc.disconnect();
  driver.close('end of tape');

  // Sorted in a buffer kept across runs: 8 MB allocated per run would weigh on the next run's GC.
  const order = sorted.subarray(0, count);
  order.set(latency.subarray(0, count));
  order.sort();
  const at = (q: number) => order[Math.min(count - 1, Math.floor(q * (count - 1)))]! * 1_000;
  return {
    p50Us: at(0.5),
    p99Us: at(0.99),
    p999Us: at(0.999),
    maxUs: order[count - 1]! * 1_000,
    ticksPerSecond: Math.round(count / (elapsedMs / 1_000)),
    gcMaxMs,
    gcCount,
    orders: kernel.orders.count,
    fills,
    denied,
  };
}

type TickFigures = Awaited<ReturnType<typeof replay>>;

const round = (x: number) => Math.round(x * 1_000) / 1_000;

let tape: Tape | undefined;
let latency: Float64Array | undefined;
let sorted: Float64Array | undefined;
let size = 0;

/** A full collection outside the measured window (`npm run bench` passes no --expose-gc: set here). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
const measured = new Map<number, TickFigures>();

async function prepare(ctx: WorkloadContext): Promise<void> {
  if (tape !== undefined) return;
  size = ctx.quick ? 200_000 : 1_000_000;
  tape = buildTape(size);
  latency = new Float64Array(size);
  sorted = new Float64Array(size);
  // Unmeasured replays so the measured ones see optimised code, as a long-running paper session would.
  for (let i = 0; i < 2; i++) await replay(tape, Math.min(size, 200_000), latency, sorted);
}

/** Run `index`'s figures, replaying once per index whichever of the four workloads asks first. */
async function figures(ctx: WorkloadContext, index: number): Promise<TickFigures> {
  let found = measured.get(index);
  if (found === undefined) {
    found = await replay(tape!, size, latency!, sorted!);
    measured.set(index, found);
    ctx.log(
      `tick-to-order run ${index + 1}: ${size} prints, p50 ${round(found.p50Us)} µs, p99 ${round(found.p99Us)} µs, p99.9 ${round(found.p999Us)} µs, max ${round(found.maxUs)} µs, ${found.ticksPerSecond} prints/s, ${found.gcCount} GCs (longest ${round(found.gcMaxMs)} ms); ${found.orders} orders, ${found.fills} fills, ${found.denied} denied`,
    );
  }
  return found;
}

/** The four figures of one measurement: name, unit, which way is better, target, how to read it. */
const FIGURES: ReadonlyArray<[string, string, 'lower' | 'higher', number, (f: TickFigures) => number]> = [
  ['tick-to-order', 'µs', 'lower', 10, (f) => f.p50Us],
  ['tick-to-order-p99', 'µs', 'lower', 50, (f) => f.p99Us],
  ['tick-to-order-throughput', 'ticks/s', 'higher', 100_000, (f) => f.ticksPerSecond],
  ['tick-to-order-gc-max', 'ms', 'lower', 5, (f) => f.gcMaxMs],
];

export const tickToOrderWorkloads: Workload[] = FIGURES.map(([name, unit, better, target, pick]) => ({
  ...{ name, unit, better, target, setup: prepare },
  run: async (ctx: WorkloadContext, index: number) => pick(await figures(ctx, index)),
}));
