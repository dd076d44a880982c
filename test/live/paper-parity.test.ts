/**
 * Paper == backtest (DESIGN.md §1.1): the same strategy, parameters and options run once through
 * `runBacktest` and once through Kernel + PaperVenue + MarketDriver fed by a ReplayFeed over the same real
 * candles must make the same fills (time, side, quantity, price, fee) in the same order and end with the
 * same equity. Then a tape with trade prints between candles, with fills computed by hand.
 */

import { expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import type { BacktestConfig, SeriesData } from '../../src/backtest/types.js';
import type { Fill } from '../../src/core/fill.js';
import type { Instrument } from '../../src/core/instrument.js';
import type { Candle } from '../../src/core/market.js';
import { SimulatedClock } from '../../src/engine/clock.js';
import { Kernel } from '../../src/engine/kernel.js';
import { MarketDriver } from '../../src/live/index.js';
import { silentLogger } from '../../src/logging/index.js';
import { FeedStatsCounter } from '../../src/marketdata/feed-support.js';
import { memoryCandleSource, ReplayFeed } from '../../src/marketdata/replay.js';
import type { MarketEvent, MarketFeed } from '../../src/marketdata/types.js';
import { riskRulesFromJson } from '../../src/risk/config/index.js';
import { RiskEngine } from '../../src/risk/engine/index.js';
import { grid, pairs, rsiReversion, smaCross } from '../../src/strategies/builtins/index.js';
import type { PersistedState } from '../../src/strategies/ports.js';
import type { FillArgs, StrategyDefinition } from '../../src/strategies/types.js';
import { PaperVenue } from '../../src/venues/paper/index.js';
import { fineInstrument, loadSeriesFile } from '../support/backtest-data.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

const BTC = 'BTC/USDT:USDT';
const ETH = 'ETH/USDT:USDT';
const CAPITAL = 10_000;

type FillRow = { ts: number; symbol: string; side: string; qty: number; price: number; fee: number };
const row = ({ tsEvent, instrumentId, side, qty, price, fee }: Fill): FillRow => {
  const symbol = instrumentId.slice(instrumentId.indexOf(':') + 1);
  return { ts: tsEvent, symbol, side, qty, price, fee };
};

/**
 * The definition with a spy on `onFill` (the strategy's own fills, fee included: what the backtest's
 * result does not list per fill). Used for both runs, so they run the very same strategy.
 */
// biome-ignore lint/suspicious/noExplicitAny: any built-in's parameter table
function spied(definition: StrategyDefinition<any>, fills: FillRow[]): StrategyDefinition<any> {
  return {
    ...definition,
    create(args) {
      const inner = definition.create(args);
      const onFill = (args: FillArgs) => {
        fills.push(row(args.fill));
        inner.onFill?.(args);
      };
      return { ...inner, onFill };
    },
  };
}

const BASE: BacktestConfig = {
  ...{ strategy: '', strategyVersion: '1', params: {}, exchange: 'binance', symbols: [BTC], timeframe: '1h' },
  ...{ capital: CAPITAL, currency: 'USDT', fees: { maker: 0.0002, taker: 0.0005 } },
  ...{ slippage: { kind: 'fixed', bps: 2 }, fill: 'next-open', leverage: 2, marginMode: 'cross' },
  ...{ maintenanceRate: 0.004, liquidationFeeRate: 0.005 },
};

/** Kernel + PaperVenue wired as runBacktest wires Kernel + SimulatedVenue (swaps only: leverage as set). */
function paperKernel(cfg: BacktestConfig, instruments: readonly Instrument[], fills: FillRow[]) {
  const clock = new SimulatedClock();
  const { exchange, fees, slippage, fill, capital, currency, marginMode, leverage } = cfg;
  const { maintenanceRate, liquidationFeeRate } = cfg;
  const venue = new PaperVenue({
    ...{ exchange, instruments, fees, slippage, fill },
    account: { capital, currency, marginMode, leverage, maintenanceRate, liquidationFeeRate },
  });
  const states = new Map<string, PersistedState>();
  const kernel = new Kernel({
    ...{ clock, venue, instruments, signals: { signal() {} }, logger: silentLogger() },
    account: { currency, capital, marginMode, leverage: () => leverage },
    state: { load: (id) => states.get(id), save: (id, state) => states.set(id, state) },
    observer: {
      onFill: (_order, f) => fills.push(row(f)),
      onLiquidation: (event) => fills.push(row(event.fill)),
    },
  });
  return { clock, venue, kernel };
}

interface ParityCase {
  readonly title: string;
  readonly definition: StrategyDefinition;
  readonly params: Record<string, unknown>;
  readonly config?: Partial<BacktestConfig>;
  readonly minFills: number;
}

const CASES: readonly ParityCase[] = [
  {
    title: 'sma-cross long-short, next open',
    ...{ definition: smaCross, params: { mode: 'long-short', fraction: 0.5 }, minFills: 500 },
  },
  {
    title: 'rsi-reversion both sides, attached stop-loss and take-profit, fill at the close',
    definition: rsiReversion,
    params: { allowShort: true, stopLoss: 0.03, takeProfit: 0.05, fraction: 0.5 },
    ...{ config: { fill: 'close' }, minFills: 100 },
  },
  {
    title: 'grid of resting limit orders, isolated margin, volatility-volume slippage',
    definition: grid,
    params: { rangePct: 0.6, levels: 30, maxInventory: 8, levelFraction: 0.05 },
    config: { marginMode: 'isolated', slippage: { kind: 'volatility-volume', spreadBps: 2, impact: 0.1 } },
    minFills: 200,
  },
  {
    title: 'pairs ETH/BTC: two symbols, next open',
    ...{ definition: pairs, params: {}, config: { symbols: [ETH, BTC] }, minFills: 100 },
  },
];

const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;
/** The candles of `s` between `from` and `to` (open times, inclusive). */
function clip(s: SeriesData, from: number, to: number): SeriesData {
  const [a, b] = [s.ts.findIndex((t) => t >= from), s.ts.findLastIndex((t) => t <= to) + 1];
  return { ...s, ...Object.fromEntries(COLUMNS.map((k) => [k, s[k].slice(a, b)])) };
}
const candlesOf = (s: SeriesData): Candle[] =>
  Array.from(s.ts, (ts, i) => {
    const [open, high, low, close, volume] = [s.open[i]!, s.high[i]!, s.low[i]!, s.close[i]!, s.volume[i]!];
    return { ts, open, high, low, close, volume };
  });

/**
 * Fills of one instant in a stable order. Only for several symbols: the backtest applies candles closing
 * together in series (setup) order, the ReplayFeed in symbol-name order, so the legs' fills of one instant
 * come in another order — the same fills, prices and fees.
 */
const byInstant = (fills: readonly FillRow[]) =>
  [...fills].sort((a, b) => a.ts - b.ts || a.symbol.localeCompare(b.symbol));

describeWithSharedData('paper trading agrees with the backtest on the same candles', () => {
  const loaded = new Map<string, SeriesData>();

  it('loads Binance BTC/USDT and ETH/USDT 1h', async () => {
    for (const [symbol, file] of [
      [BTC, 'Binance_BTCUSDT_1h.csv'],
      [ETH, 'Binance_ETHUSDT_1h.csv'],
    ] as const) {
      const path = sharedDataPath('ohlcv', 'cryptodatadownload-binance', file);
      loaded.set(symbol, await loadSeriesFile(path, symbol, '1h'));
    }
    expect(loaded.get(BTC)!.ts.length).toBeGreaterThan(20_000);
  });

  for (const c of CASES) {
    it(c.title, async () => {
      const cfg: BacktestConfig = { ...BASE, strategy: c.definition.name, params: c.params, ...c.config };
      const { symbols } = cfg;
      const instruments = symbols.map((symbol) => fineInstrument('binance', symbol));
      const from = Math.max(...symbols.map((symbol) => loaded.get(symbol)!.ts[0]!));
      const to = Math.min(...symbols.map((symbol) => loaded.get(symbol)!.ts.at(-1)!));
      const series = symbols.map((symbol) => clip(loaded.get(symbol)!, from, to));

      const backtestFills: FillRow[] = [];
      const definition = spied(c.definition, backtestFills);
      const backtest = runBacktest({ definition, config: cfg, data: { series }, instruments });

      const strategyFills: FillRow[] = [];
      const paperFills: FillRow[] = [];
      const { clock, venue, kernel } = paperKernel(cfg, instruments, paperFills);
      const source = memoryCandleSource(series.map((s) => ({ ...s, candles: candlesOf(s) })));
      const feed = new ReplayFeed({ exchange: cfg.exchange, source });
      const errors: unknown[] = [];
      const driver = new MarketDriver({ kernel, clock, feed, venue, onError: (e) => errors.push(e) });
      const host = kernel.addStrategy({
        ...{ strategyId: `paper-${c.definition.name}`, definition: spied(c.definition, strategyFills) },
        ...{ params: cfg.params, setup: { exchange: cfg.exchange, symbols, timeframe: cfg.timeframe } },
      });
      clock.set(from); // the backtest starts its strategy at the first open too
      driver.attach(host);
      await feed.start();
      await feed.done();
      driver.detach(host.strategyId, { reason: 'end of data' });

      expect(errors).toEqual([]);
      expect(feed.stats().rejected).toEqual({});
      expect(backtestFills.length).toBeGreaterThan(c.minFills);
      if (symbols.length === 1) expect(strategyFills).toEqual(backtestFills);
      else expect(byInstant(strategyFills)).toEqual(byInstant(backtestFills));
      // Every account fill of the main symbol (liquidations included) against the backtest's fill markers.
      const main = paperFills.filter((f) => f.symbol === symbols[0]);
      expect(main.map(({ ts, side, qty, price }) => ({ ts, side, qty, price }))).toEqual(
        backtest.chart.fills,
      );
      expect(paperFills.reduce((sum, f) => sum + f.fee, 0)).toBeCloseTo(backtest.result.metrics.fees, 6);
      const equity = kernel.portfolio.equity();
      expect(Math.abs(equity - backtest.result.metrics.endEquity)).toBeLessThan(1e-9 * CAPITAL);
      expect(Math.abs(venue.equity() - equity)).toBeLessThan(1e-9 * CAPITAL);
      expect(kernel.portfolio.invariantProblems()).toEqual([]);
    });
  }

  it('with the risk engine: the same breaker trips and resumes, reductions and fills as the backtest', async () => {
    const cfg: BacktestConfig = {
      ...BASE,
      strategy: smaCross.name,
      params: { mode: 'long-short', fraction: 0.9 },
    };
    const instruments = [fineInstrument('binance', BTC)];
    const series = [
      clip(loaded.get(BTC)!, loaded.get(BTC)!.ts[0]!, loaded.get(BTC)!.ts[0]! + 400 * 86_400_000),
    ];
    const rules = riskRulesFromJson([
      {
        rule: 'consecutive-losses',
        params: { maxLosses: 3, pause: 'strategy', resume: 'auto', cooldownMs: 3 * 86_400_000 },
      },
      { rule: 'daily-loss', params: { maxLossFraction: 0.03, pause: 'account', resume: 'auto' } },
      { rule: 'auto-reduce', params: { perSymbolNotional: 12_000, tolerance: 0.05 } },
    ]);
    const events = (into: string[]) =>
      new RiskEngine({
        account: 'parity',
        onEvent: (e) =>
          into.push(
            e.type === 'reduced'
              ? `reduced ${e.at} ${e.side} ${e.qty}`
              : e.type === 'rule-invalid'
                ? e.message
                : `${e.type} ${e.trip.breaker} ${e.type === 'resumed' ? e.at : e.trip.at}`,
          ),
      });

    const backtestEvents: string[] = [];
    const backtestFills: FillRow[] = [];
    const backtestRisk = events(backtestEvents);
    backtestRisk.load(rules);
    runBacktest({
      definition: spied(smaCross, backtestFills),
      config: cfg,
      data: { series },
      instruments,
      risk: backtestRisk,
    });

    const paperEvents: string[] = [];
    const strategyFills: FillRow[] = [];
    const risk = events(paperEvents);
    risk.load(rules);
    const clock = new SimulatedClock();
    const venue = new PaperVenue({
      ...{ exchange: cfg.exchange, instruments, fees: cfg.fees, slippage: cfg.slippage, fill: cfg.fill },
      account: {
        capital: CAPITAL,
        currency: 'USDT',
        marginMode: 'cross',
        leverage: 2,
        maintenanceRate: 0.004,
        liquidationFeeRate: 0.005,
      },
    });
    const states = new Map<string, PersistedState>();
    const kernel = new Kernel({
      ...{ clock, venue, instruments, signals: { signal() {} }, logger: silentLogger(), gate: risk },
      account: { currency: 'USDT', capital: CAPITAL, marginMode: 'cross', leverage: () => 2 },
      state: { load: (id) => states.get(id), save: (id, state) => states.set(id, state) },
      observer: risk.observer,
    });
    risk.attach(kernel);
    const source = memoryCandleSource(series.map((x) => ({ ...x, candles: candlesOf(x) })));
    const feed = new ReplayFeed({ exchange: cfg.exchange, source });
    const driver = new MarketDriver({
      ...{ kernel, clock, feed, venue },
      onMarked: (symbol, ts) => {
        risk.marketData(symbol, ts);
        risk.onTime();
      },
    });
    const host = kernel.addStrategy({
      // The backtest's strategy id: strategy-scoped state and trips line up.
      ...{
        strategyId: `bt-${smaCross.name}`,
        definition: spied(smaCross, strategyFills),
        params: cfg.params,
      },
      setup: { exchange: cfg.exchange, symbols: [BTC], timeframe: '1h' },
    });
    clock.set(series[0]!.ts[0]!);
    driver.attach(host);
    await feed.start();
    await feed.done();
    driver.detach(host.strategyId, { reason: 'end of data' });

    expect(backtestEvents.filter((e) => e.startsWith('tripped')).length).toBeGreaterThan(0);
    expect(backtestEvents.filter((e) => e.startsWith('reduced')).length).toBeGreaterThan(0);
    expect(paperEvents).toEqual(backtestEvents);
    expect(strategyFills).toEqual(backtestFills);
  });
});

it('fills on trade prints between candles (hand-computed)', () => {
  const [T0, S] = [Date.UTC(2024, 0, 1), 1_000];
  const print = (ts: number, price: number, qty = 1): MarketEvent => ({
    kind: 'trade',
    trade: {
      exchange: 'binance',
      symbol: BTC,
      tradeId: `${ts}`,
      price,
      qty,
      side: 'buy',
      tsEvent: ts,
      tsInit: ts,
    },
  });
  const closed = (ts: number, open: number, high: number, low: number, close: number): MarketEvent => ({
    kind: 'candle',
    update: {
      ...{ exchange: 'binance', symbol: BTC, timeframe: '1m', closed: true },
      ...{ candle: { ts, open, high, low, close, volume: 10 }, tsEvent: ts + 60 * S, tsInit: ts + 60 * S },
    },
  });
  const tape = [
    closed(T0, 100, 100.5, 99.5, 100), // decision: market buy 1, sell limit 1 @ 101
    print(T0 + 61 * S, 100.2, 3), // the market buy fills here (next open = next print)
    print(T0 + 62 * S, 101), // the sell limit fills at its price; the strategy sells 2 at market
    print(T0 + 62 * S, 101.1), // same millisecond: the market sell fills; the strategy bids 2 @ 99.5
    closed(T0 + 60 * S, 100, 102, 99, 101.1), // traded through by the prints: its low 99 fills nothing
    print(T0 + 125 * S, 99.4), // through the bid: filled at the print, as a maker
  ];
  const seen: Array<[string, number, number]> = [];
  let trades = 0;
  const definition: StrategyDefinition = {
    ...{ apiVersion: 1, name: 'tape-test', version: '1.0.0', params: {} },
    description: 'Orders on the first candle and on prints.',
    create: () => ({
      subscriptions: [{ symbol: BTC, timeframe: '1m' }],
      onCandle({ ctx, candle }) {
        seen.push(['candle', ctx.now, candle.close]);
        if (candle.ts !== T0) return;
        ctx.submit({ symbol: BTC, side: 'buy', qty: 1 });
        ctx.submit({ symbol: BTC, side: 'sell', type: 'limit', price: 101, qty: 1 });
      },
      onTrade({ ctx }) {
        seen.push(['trade', ctx.now, ctx.position(BTC).qty]);
        trades += 1;
        if (trades === 2) ctx.submit({ symbol: BTC, side: 'sell', qty: 2 });
        if (trades === 3) ctx.submit({ symbol: BTC, side: 'buy', type: 'limit', price: 99.5, qty: 2 });
      },
    }),
  };
  const cfg: BacktestConfig = { ...BASE, timeframe: '1m', slippage: { kind: 'fixed', bps: 0 } };
  const fills: FillRow[] = [];
  const { clock, venue, kernel } = paperKernel(cfg, [fineInstrument('binance', BTC)], fills);
  // A live feed's shape; the test hands the tape to the driver's listener itself.
  const subscribed: string[] = [];
  const feed: MarketFeed = {
    ...{ exchange: 'binance', on: () => () => {}, start: async () => {}, stop: async () => {} },
    subscribe: (s) => void subscribed.push(`${s.kind} ${s.symbol}`),
    stats: () => new FeedStatsCounter().snapshot(),
  };
  const driver = new MarketDriver({ kernel, clock, feed, venue, venueTrades: true });
  const setup = { exchange: cfg.exchange, symbols: cfg.symbols, timeframe: cfg.timeframe };
  driver.attach(kernel.addStrategy({ strategyId: 'tape', definition, params: {}, setup }), { trades: true });
  expect(subscribed).toEqual([`candles ${BTC}`, `trades ${BTC}`]);
  for (const event of tape) driver.onMarketEvent(event);

  const [taker, maker] = [0.0005, 0.0002];
  expect(fills).toEqual([
    { ts: T0 + 61 * S, symbol: BTC, side: 'buy', qty: 1, price: 100.2, fee: 1 * 100.2 * taker },
    { ts: T0 + 62 * S, symbol: BTC, side: 'sell', qty: 1, price: 101, fee: 1 * 101 * maker },
    { ts: T0 + 62 * S, symbol: BTC, side: 'sell', qty: 2, price: 101.1, fee: 2 * 101.1 * taker },
    { ts: T0 + 125 * S, symbol: BTC, side: 'buy', qty: 2, price: 99.4, fee: 2 * 99.4 * maker },
  ]);
  // Each print reaches the strategy after the venue matched it: the position already includes its fill.
  expect(seen).toEqual([
    ['candle', T0 + 60 * S, 100],
    ['trade', T0 + 61 * S, 1],
    ['trade', T0 + 62 * S, 0],
    ['trade', T0 + 62 * S, -2],
    ['candle', T0 + 120 * S, 101.1],
    ['trade', T0 + 125 * S, 0],
  ]);
  const fees = 100.2 * taker + 101 * maker + 2 * 101.1 * taker + 2 * 99.4 * maker;
  const equity = CAPITAL + (101 - 100.2) * 1 + (101.1 - 99.4) * 2 - fees;
  expect(kernel.portfolio.equity()).toBeCloseTo(equity, 9);
  expect(venue.equity()).toBeCloseTo(equity, 9);
  expect(venue.lastPrice(BTC)).toBe(99.4);
  expect(kernel.portfolio.invariantProblems()).toEqual([]);
});
