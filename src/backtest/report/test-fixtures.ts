/**
 * Synthetic backtest results for the report's tests: a deterministic random walk, round-trip trades every
 * few dozen bars, an equity curve and monthly returns derived from them. Not real figures — only shapes.
 */

import type {
  BacktestChartData,
  BacktestMetrics,
  BacktestResult,
  BacktestTrade,
  MonthlyReturn,
} from '../types.js';
import type { OptimizationSection } from './types.js';

/** Mulberry32: tiny seeded PRNG so fixtures are identical on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticMetrics(overrides: Partial<BacktestMetrics> = {}): BacktestMetrics {
  return {
    startEquity: 10_000,
    endEquity: 11_234.5,
    totalReturn: 0.12345,
    cagr: 0.2,
    sharpe: 1.5,
    sortino: 2.1,
    calmar: null,
    maxDrawdown: 0.0812,
    maxDrawdownDuration: 3 * 86_400_000 + 4 * 3_600_000,
    winRate: 0.55,
    profitFactor: 1.7,
    expectancy: 12.5,
    trades: 10,
    exposure: 0.4,
    fees: 45.67,
    funding: -1.23,
    ...overrides,
  };
}

export interface SyntheticRunOptions {
  readonly bars?: number;
  readonly stepMs?: number;
  readonly start?: number;
  readonly seed?: number;
  readonly strategy?: string;
  readonly params?: Record<string, unknown>;
  /** Bars between trade entries. */
  readonly every?: number;
}

export function syntheticRun(options: SyntheticRunOptions = {}): {
  result: BacktestResult;
  chart: BacktestChartData;
} {
  const { bars = 3_000, stepMs = 3_600_000, start = Date.UTC(2024, 0, 1), seed = 1, every = 40 } = options;
  const random = prng(seed);
  const ts = new Float64Array(bars);
  const open = new Float64Array(bars);
  const high = new Float64Array(bars);
  const low = new Float64Array(bars);
  const close = new Float64Array(bars);
  const volume = new Float64Array(bars);
  let price = 40_000;
  for (let i = 0; i < bars; i++) {
    ts[i] = start + i * stepMs;
    open[i] = price;
    price = Math.max(1_000, price * (1 + (random() - 0.5) * 0.02));
    close[i] = price;
    high[i] = Math.max(open[i]!, close[i]!) * (1 + random() * 0.004);
    low[i] = Math.min(open[i]!, close[i]!) * (1 - random() * 0.004);
    volume[i] = 10 + random() * 100;
  }
  const trades: BacktestTrade[] = [];
  const fills: BacktestChartData['fills'] = [];
  const tradeDetails: BacktestResult['extras']['tradeDetails'] = [];
  const qty = 0.1;
  let cash = 10_000;
  for (let i = 1; i + every / 2 < bars; i += every) {
    const exit = i + Math.floor(every / 2);
    const side = trades.length % 2 === 0 ? 'long' : 'short';
    const direction = side === 'long' ? 1 : -1;
    const fees = qty * (open[i]! + open[exit]!) * 0.0005;
    const pnl = direction * qty * (open[exit]! - open[i]!) - fees;
    cash += pnl;
    trades.push({
      symbol: 'BTC/USDT',
      side,
      qty,
      entryTime: ts[i]!,
      entryPrice: open[i]!,
      exitTime: ts[exit]!,
      exitPrice: open[exit]!,
      pnl,
      fees,
    });
    fills.push({ ts: ts[i]!, price: open[i]!, side: side === 'long' ? 'buy' : 'sell', qty });
    fills.push({ ts: ts[exit]!, price: open[exit]!, side: side === 'long' ? 'sell' : 'buy', qty });
    tradeDetails.push({ funding: 0, exitReason: trades.length % 5 === 0 ? 'stop-loss' : 'signal' });
  }
  // Equity steps at each trade exit: enough shape for the curves and the monthly table.
  const equity: Array<[number, number]> = [];
  let running = 10_000;
  let t = 0;
  for (let i = 0; i < bars; i++) {
    while (t < trades.length && trades[t]!.exitTime <= ts[i]!) running += trades[t++]!.pnl;
    equity.push([ts[i]!, running]);
  }
  const monthlyReturns: MonthlyReturn[] = [];
  let monthStart = equity[0]![1];
  for (let i = 0; i < equity.length; i++) {
    const month = new Date(equity[i]![0]).toISOString().slice(0, 7);
    const next = equity[i + 1];
    if (!next || new Date(next[0]).toISOString().slice(0, 7) !== month) {
      monthlyReturns.push({ month, return: equity[i]![1] / monthStart - 1 });
      monthStart = equity[i]![1];
    }
  }
  const wins = trades.filter((x) => x.pnl > 0).length;
  const result: BacktestResult = {
    id: `bt-${seed}`,
    config: {
      strategy: options.strategy ?? 'sma-cross',
      strategyVersion: '1.0.0',
      params: options.params ?? { fast: 10, slow: 30, mode: 'long-short' },
      exchange: 'okx',
      symbols: ['BTC/USDT'],
      timeframe: stepMs === 60_000 ? '1m' : '1h',
      from: start,
      to: start + bars * stepMs,
      capital: 10_000,
      currency: 'USDT',
      fees: { maker: 0.0002, taker: 0.0005 },
      slippage: { kind: 'fixed', bps: 2 },
      fill: 'next-open',
      leverage: 1,
      marginMode: 'cross',
      maintenanceRate: 0.004,
      liquidationFeeRate: 0.005,
      codeVersion: '0.1.0+abc123',
    },
    metrics: syntheticMetrics({
      endEquity: cash,
      totalReturn: cash / 10_000 - 1,
      trades: trades.length,
      winRate: trades.length ? wins / trades.length : null,
    }),
    trades,
    equity,
    extras: {
      monthlyReturns,
      long: { trades: Math.ceil(trades.length / 2), winRate: 0.5, pnl: 100, fees: 10 },
      short: { trades: Math.floor(trades.length / 2), winRate: 0.6, pnl: -20, fees: 9 },
      tradeDetails,
      liquidations: 0,
      rejectedOrders: { 'insufficient-margin': 2 },
      bars,
      elapsedMs: 1234,
    },
  };
  return {
    result,
    chart: {
      symbol: 'BTC/USDT',
      timeframe: result.config.timeframe,
      candles: { ts, open, high, low, close, volume },
      fills,
    },
  };
}

export function syntheticOptimization(equity: Array<[number, number]>): OptimizationSection {
  const trials = Array.from({ length: 80 }, (_, i) => ({
    params: { fast: 5 + (i % 10), slow: 20 + Math.floor(i / 10) * 5 },
    score: i === 7 ? null : Math.sin(i) * 2,
    metrics: syntheticMetrics({ sharpe: Math.sin(i) * 2 }),
  }));
  const third = Math.floor(equity.length / 3);
  const at = (i: number) => equity[Math.min(i, equity.length - 1)]![0];
  return {
    objective: 'sharpe',
    method: 'grid',
    trials,
    best: { params: { fast: 8, slow: 35 }, score: 1.98 },
    walkForward: {
      folds: [0, 1].map((k) => ({
        inSample: [at(k * third), at((k + 1) * third)],
        outOfSample: [at((k + 1) * third), at((k + 2) * third)],
        params: { fast: 8 + k, slow: 30 },
        inSampleScore: 1.2 + k,
        outOfSampleMetrics: syntheticMetrics({ sharpe: 0.8 + k }),
      })),
      stitchedEquity: equity.slice(third),
      metrics: syntheticMetrics(),
    },
    monteCarlo: {
      runs: 1000,
      returns: { p5: -0.05, p50: 0.1, p95: 0.3, mean: 0.11 },
      maxDrawdown: { p5: 0.04, p50: 0.09, p95: 0.2, mean: 0.1 },
      ruined: 0.012,
    },
  };
}
