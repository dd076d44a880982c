import { describe, expect, it } from 'vitest';
import { inverseNormalCdf, normalPdf, normalSampler } from '../analytics/index.js';
import { DAY_MS } from './daily.js';
import {
  backtestRiskReport,
  formatRiskReport,
  limitsFromRules,
  netPositions,
  portfolioRiskReport,
  type RiskReport,
  type StoredBacktest,
  type SymbolMarket,
} from './index.js';

const T0 = Date.UTC(2024, 0, 1);

/** An equity curve with i.i.d. normal daily returns (mean mu, sd sigma), `perDay` points a day. */
function normalCurve(days: number, mu: number, sigma: number, perDay = 1, seed = 7): Array<[number, number]> {
  const z = normalSampler(seed);
  // The start is the close of the day before the first return.
  const points: Array<[number, number]> = [[T0 - 1, 10_000]];
  let equity = 10_000;
  for (let d = 1; d <= days; d++) {
    const start = equity;
    const end = start * (1 + mu + sigma * z());
    // Intraday points wander; only the day's last point (its close) should count.
    for (let k = 1; k <= perDay; k++) {
      const wiggle = k === perDay ? 0 : 0.05 * (k % 2 === 0 ? 1 : -1);
      points.push([T0 + (d - 1) * DAY_MS + (k * DAY_MS) / perDay - 1, end * (1 + wiggle)]);
    }
    equity = end;
  }
  return points;
}

function stored(
  equity: Array<[number, number]>,
  trades: unknown[] = [],
  details?: unknown[],
): StoredBacktest {
  return {
    id: 'bt-test',
    strategy: 'sma-cross',
    config: { exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1d', currency: 'USDT' },
    metrics: details === undefined ? {} : { extras: { tradeDetails: details } },
    equity,
    trades,
  };
}

function sampleMoments(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

function row(report: RiskReport, method: string, confidence: number) {
  return report.var.find((r) => r.method === method && r.confidence === confidence)!;
}

describe('backtestRiskReport', () => {
  const curve = normalCurve(500, 0.0005, 0.02);
  const report = backtestRiskReport(stored(curve), { seed: 3 });
  const closes = curve.map(([, e]) => e);
  const returns = closes.slice(1).map((c, i) => c / closes[i]! - 1);
  const finalEquity = closes[closes.length - 1]!;

  it('parametric VaR / ES of the equity are the closed form on the sample moments', () => {
    const { mean, sd } = sampleMoments(returns);
    for (const alpha of [0.95, 0.99]) {
      const z = inverseNormalCdf(alpha);
      const p = row(report, 'parametric', alpha);
      expect(p.var).toBeCloseTo(finalEquity * (z * sd - mean), 6);
      expect(p.es).toBeCloseTo(finalEquity * ((sd * normalPdf(z)) / (1 - alpha) - mean), 6);
      expect(p.varPct).toBeCloseTo(z * sd - mean, 10);
      // Normal returns: the population figure (z·σ − μ) is within sampling error.
      expect(p.varPct).toBeGreaterThan(z * 0.02 * 0.9 - 0.0005);
      expect(p.varPct).toBeLessThan(z * 0.02 * 1.1 - 0.0005);
    }
  });

  it('historical VaR is the empirical quantile; Monte Carlo agrees with parametric and is seeded', () => {
    const pnl = returns.map((r) => finalEquity * r).sort((a, b) => a - b);
    expect(row(report, 'historical', 0.95).var).toBeCloseTo(-pnl[Math.ceil(500 * 0.05) - 1]!, 6);
    expect(row(report, 'historical', 0.99).var).toBeCloseTo(-pnl[4]!, 6);
    for (const alpha of [0.95, 0.99]) {
      const mc = row(report, 'monte-carlo', alpha).var;
      expect(Math.abs(mc / row(report, 'parametric', alpha).var - 1)).toBeLessThan(0.05);
    }
    const again = backtestRiskReport(stored(curve), { seed: 3 });
    expect(again.var).toEqual(report.var);
    const other = backtestRiskReport(stored(curve), { seed: 4 });
    expect(row(other, 'monte-carlo', 0.99).var).not.toBe(row(report, 'monte-carlo', 0.99).var);
    expect(report.inputs.parameters.monteCarlo).toEqual({ paths: 10_000, seed: 3 });
  });

  it('summarises its inputs and is stored under strategy backtest:<id> at the last equity point', () => {
    expect(report.inputs).toMatchObject({ equity: finalEquity, equitySource: 'backtest', observations: 500 });
    expect(report.inputs.from).toBe(T0 - DAY_MS);
    expect(report.inputs.to).toBe(T0 + 499 * DAY_MS);
    expect(report).toMatchObject({ kind: 'backtest', scope: 'strategy', scopeId: 'backtest:bt-test' });
    expect(report.asOf).toBe(curve[curve.length - 1]![0]);
    expect(report.stress).toEqual([]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('an intraday curve is cut to daily closes: the same figures as the daily curve', () => {
    const hourly = backtestRiskReport(stored(normalCurve(500, 0.0005, 0.02, 24)), { seed: 3 });
    expect(hourly.inputs.observations).toBe(500);
    expect(row(hourly, 'parametric', 0.99).var).toBeCloseTo(row(report, 'parametric', 0.99).var, 6);
  });

  it('stress is on the position open at the end: a crash loses 30 % of its notional', () => {
    const trades = [
      { symbol: 'BTC/USDT', side: 'long', qty: 1, exitTime: T0, exitPrice: 100, pnl: 5 },
      { symbol: 'BTC/USDT', side: 'long', qty: 0.2, exitTime: T0 + 499 * DAY_MS, exitPrice: 40_000, pnl: 12 },
    ];
    const details = [
      { funding: 0, exitReason: 'signal' },
      { funding: 0, exitReason: 'end-of-data' },
    ];
    const limits = limitsFromRules([
      { rule: 'daily-loss', params: { maxLoss: 1_000 }, enabled: true },
      { rule: 'max-drawdown', params: { maxDrawdown: 0.5 }, enabled: true },
    ]).limits;
    const r = backtestRiskReport(stored(curve, trades, details), { limits });
    expect(r.inputs.positions).toEqual([
      expect.objectContaining({ symbol: 'BTC/USDT', qty: 0.2, price: 40_000, notional: 8_000, kind: 'spot' }),
    ]);
    const crash = r.stress.find((s) => s.scenario === 'crash')!;
    expect(crash.loss).toBeCloseTo(0.3 * 8_000, 9);
    expect(crash.lossPct).toBeCloseTo(2_400 / finalEquity, 12);
    expect(crash.limitsTripped).toEqual(['daily-loss']);
    expect(r.stress.find((s) => s.scenario === 'funding-spike')!.loss).toBe(0); // spot pays no funding
    expect(r.inputs.unrealisedPnl).toBe(12);
    expect(r.limits).toEqual(['daily-loss', 'max-drawdown']);
  });

  it('refuses a curve shorter than 30 days, saying what to do', () => {
    expect(() => backtestRiskReport(stored(normalCurve(10, 0, 0.01)))).toThrow(
      /Not enough daily history for backtest bt-test: 10 daily returns, at least 30 needed\. Run the backtest over a longer range/,
    );
  });
});

describe('netPositions', () => {
  it('nets fills per exchange and symbol: average entry on increases, kept on reductions, reset on a flip', () => {
    const f = (symbol: string, side: string, qty: number, price: number) => ({
      exchange: 'x',
      symbol,
      side,
      qty,
      price,
    });
    const book = netPositions([
      f('A', 'buy', 1, 100),
      f('A', 'buy', 1, 200),
      f('A', 'sell', 0.5, 300),
      f('B', 'buy', 2, 10),
      f('B', 'sell', 3, 20),
      f('C', 'buy', 1, 5),
      f('C', 'sell', 1, 6),
    ]);
    expect(book).toEqual([
      { exchange: 'x', symbol: 'A', qty: 1.5, avgPrice: 150 },
      { exchange: 'x', symbol: 'B', qty: -1, avgPrice: 20 },
    ]);
  });
});

/** A market whose daily closes follow normal returns. */
function market(symbol: string, days: number, kind: 'spot' | 'perpetual' = 'spot', seed = 11): SymbolMarket {
  const z = normalSampler(seed);
  const closes = [100];
  for (let d = 1; d <= days; d++) closes.push(closes[d - 1]! * (1 + 0.03 * z()));
  return {
    exchange: 'binance',
    symbol,
    closes: { days: closes.map((_, d) => T0 + d * DAY_MS), closes },
    mark: closes[closes.length - 1]!,
    markTs: T0 + days * DAY_MS,
    timeframe: '1d',
    kind,
    contractValue: 1,
    inverse: false,
  };
}

describe('portfolioRiskReport', () => {
  const btc = market('BTC/USDT', 200, 'perpetual');
  const position = { exchange: 'binance', symbol: 'BTC/USDT', qty: 2, avgPrice: 90 };
  const notional = 2 * btc.mark;

  it('a single long position: VaR is notional × the closed form; crash = 30 % of the notional', () => {
    const r = portfolioRiskReport(
      {
        account: 'paper:a',
        asOf: T0 + 201 * DAY_MS,
        positions: [position],
        markets: [btc],
        equity: { value: 10_000, source: 'flag' },
      },
      { seed: 5, paths: 20_000 },
    );
    const closes = btc.closes.closes;
    const { mean, sd } = sampleMoments(closes.slice(1).map((c, i) => c / closes[i]! - 1));
    expect(row(r, 'parametric', 0.99).var).toBeCloseTo(notional * (inverseNormalCdf(0.99) * sd - mean), 6);
    expect(row(r, 'parametric', 0.99).varPct).toBeCloseTo(row(r, 'parametric', 0.99).var / 10_000, 12);
    expect(r.stress.map((s) => s.scenario)).toEqual([
      'crash',
      'funding-spike',
      'correlation-break',
      'exchange-outage',
    ]);
    expect(r.stress[0]!.loss).toBeCloseTo(0.3 * notional, 9);
    // Perpetual long pays 0.3 % × 3 intervals.
    expect(r.stress[1]!.loss).toBeCloseTo(notional * 0.009, 9);
    // Outage: 3 σ over 24 h.
    expect(r.stress[3]!.loss).toBeCloseTo(notional * 3 * sd, 6);
    expect(r.inputs).toMatchObject({
      equity: 10_000,
      equitySource: 'flag',
      observations: 200,
      unrealisedPnl: 2 * (btc.mark - 90),
    });
    expect(r).toMatchObject({ scope: 'account', scopeId: 'paper:a', limits: [] });
    expect(r.stress.every((s) => s.limitsTripped.length === 0)).toBe(true);
  });

  it('a crash trips gross exposure on the equity left; the book is Monte Carlo simulated with its correlation', () => {
    const eth = market('ETH/USDT', 200, 'spot', 12);
    const r = portfolioRiskReport(
      {
        asOf: T0,
        positions: [position, { exchange: 'binance', symbol: 'ETH/USDT', qty: -10, avgPrice: 100 }],
        markets: [btc, eth],
        equity: { value: 1_000, source: 'snapshot' },
      },
      {
        limits: limitsFromRules([
          { rule: 'gross-exposure', params: { limit: 1 }, enabled: true },
          { rule: 'position-limit', params: { perSymbol: { 'ETH/USDT': 1 } }, enabled: true },
          { rule: 'order-rate', params: { perAccount: { count: 1, windowMs: 1 } }, enabled: true },
        ]).limits,
      },
    );
    expect(r.scopeId).toBe('*');
    expect(r.inputs.returnSeries).toEqual(['binance BTC/USDT', 'binance ETH/USDT']);
    expect(r.limits).toEqual(['gross-exposure', 'position-limit']);
    for (const s of r.stress) expect(s.limitsTripped).toContain('position-limit');
    expect(Math.abs(row(r, 'monte-carlo', 0.95).var / row(r, 'parametric', 0.95).var - 1)).toBeLessThan(0.05);
  });

  it('names the symbol and the download when history is short or missing', () => {
    const short = market('BTC/USDT', 12);
    expect(() => portfolioRiskReport({ asOf: T0, positions: [position], markets: [short] })).toThrow(
      /binance BTC\/USDT: 12 daily returns, at least 30 needed\. Download daily candles: quantlab data download --exchange binance --symbol BTC\/USDT --timeframe 1d/,
    );
    expect(() => portfolioRiskReport({ asOf: T0, positions: [position], markets: [] })).toThrow(
      /No stored candles for binance BTC\/USDT/,
    );
    expect(() => portfolioRiskReport({ account: 'a', asOf: T0, positions: [], markets: [] })).toThrow(
      /No open positions in account a/,
    );
  });

  it('without a known equity the percentages are of gross exposure, and it says so', () => {
    const r = portfolioRiskReport({ asOf: T0, positions: [position], markets: [btc] });
    expect(r.inputs).toMatchObject({ equity: notional, equitySource: 'gross-exposure' });
    expect(r.notes.join(' ')).toMatch(/percentages are of gross exposure/);
  });
});

describe('formatRiskReport', () => {
  it('prints the method × confidence table and the stress table, aligned', () => {
    const r = portfolioRiskReport({
      asOf: T0,
      positions: [{ exchange: 'binance', symbol: 'BTC/USDT', qty: 1, avgPrice: 1 }],
      markets: [market('BTC/USDT', 60)],
    });
    const text = formatRiskReport(r);
    expect(text).toMatch(/^method\s+VaR 95\s+%\s+ES 95\s+%\s+VaR 99\s+%\s+ES 99\s+%$/m);
    for (const method of ['historical', 'parametric', 'monte-carlo'])
      expect(text).toMatch(new RegExp(`^${method}\\s+[\\d,.]+\\s+[\\d.]+ %`, 'm'));
    expect(text).toMatch(/^crash\s+[\d,.]+\s+30\.00 %\s+no limits configured$/m);
    const lines = text.split('\n');
    const head = lines.find((l) => l.startsWith('method'))!;
    const hist = lines.find((l) => l.startsWith('historical'))!;
    expect(hist.length).toBe(head.length);
  });
});
