/**
 * Risk report of a stored backtest result. VaR / ES are of the strategy's equity: the curve (one point
 * per bar) is cut to daily closes (the last point of each UTC day, the final partial day included because
 * the run ends there) and P&L = final equity × 1-day return. Intraday swings are not scaled up by √time:
 * a strategy that is flat overnight would be overstated.
 *
 * Stress is on the position held at the end: the trades still open when the data ended (stored with
 * exit reason `end-of-data`; without those details, trades that exit at the last equity point), each at
 * its largest size and marked at the final price (`exitPrice`). A flat book has no stress rows.
 */
import { QuantLabError } from '../../core/errors.js';
import { estimateMoments } from '../analytics/index.js';
import { assembleReport, requireReturns } from './assemble.js';
import { alignedReturns, type DailyCloses, dailyCloses, simpleReturns } from './daily.js';
import type { ReportOptions, ReportPosition, RiskReport } from './types.js';

/** The stored result as `backtestResults.get` returns it (JSON columns typed `unknown`). */
export interface StoredBacktest {
  readonly id: string;
  readonly strategy: string;
  readonly config: unknown;
  readonly metrics: unknown;
  readonly equity: unknown;
  readonly trades: unknown;
}

export interface InstrumentSpec {
  readonly kind: string;
  readonly contractValue: number;
  readonly inverse: boolean;
}

export interface BacktestReportOptions extends ReportOptions {
  /** Daily closes of the symbols held at the end (stored candles), for correlation-break and outage. */
  readonly marketCloses?: Readonly<Record<string, DailyCloses>>;
  /** Contract specs by symbol; a symbol without one is spot with contract value 1. */
  readonly instruments?: Readonly<Record<string, InstrumentSpec>>;
}

interface Trade {
  symbol: string;
  side: 'long' | 'short';
  qty: number;
  exitTime: number;
  exitPrice: number;
  pnl: number;
}

interface Config {
  exchange?: string;
  symbols?: string[];
  timeframe?: string;
  currency?: string;
}

function equityPoints(result: StoredBacktest): { ts: number[]; equity: number[] } {
  const pairs = Array.isArray(result.equity) ? (result.equity as unknown[]) : [];
  const ts: number[] = [];
  const equity: number[] = [];
  for (const p of pairs) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !(Number(p[1]) > 0)) continue;
    ts.push(Number(p[0]));
    equity.push(Number(p[1]));
  }
  if (ts.length === 0) {
    throw new QuantLabError('QL_ERR_NOT_FOUND', `Backtest ${result.id} has no equity curve to measure.`, {
      details: { id: result.id },
    });
  }
  return { ts, equity };
}

/** Trades open when the data ended: the position held at the end of the run. */
export function openAtEnd(result: StoredBacktest, lastTs: number): Trade[] {
  const trades = Array.isArray(result.trades) ? (result.trades as Trade[]) : [];
  const details = (result.metrics as { extras?: { tradeDetails?: Array<{ exitReason?: string }> } } | null)
    ?.extras?.tradeDetails;
  if (Array.isArray(details) && details.length === trades.length)
    return trades.filter((_, i) => details[i]?.exitReason === 'end-of-data');
  return trades.filter((t) => t.exitTime >= lastTs);
}

function finalPositions(
  trades: readonly Trade[],
  exchange: string,
  opts: BacktestReportOptions,
  vols: Readonly<Record<string, number>>,
): ReportPosition[] {
  return trades.map((t) => {
    const spec = opts.instruments?.[t.symbol];
    const qty = t.side === 'long' ? t.qty : -t.qty;
    const cv = spec?.contractValue ?? 1;
    // Inverse contracts are worth their face value in quote; linear ones qty × contract value × price.
    const notional = spec?.inverse ? qty * cv : qty * cv * t.exitPrice;
    return {
      exchange,
      symbol: t.symbol,
      qty,
      price: t.exitPrice,
      notional,
      kind: spec?.kind === 'swap' ? 'perpetual' : 'spot',
      dailyVolatility: vols[t.symbol] ?? null,
    };
  });
}

/** Moments and daily volatilities of the held symbols' market returns, when every one has enough. */
function marketMoments(symbols: readonly string[], opts: BacktestReportOptions) {
  const closes = symbols.map((s) => opts.marketCloses?.[s]);
  if (symbols.length === 0 || closes.some((c) => c === undefined)) return undefined;
  const { returns } = alignedReturns(closes as DailyCloses[]);
  if ((returns[0]?.length ?? 0) < 2) return undefined;
  const moments = estimateMoments(returns);
  const vols = Object.fromEntries(symbols.map((s, i) => [s, Math.sqrt(moments.covariance[i]![i]!)]));
  return { moments, vols };
}

export function backtestRiskReport(result: StoredBacktest, opts: BacktestReportOptions = {}): RiskReport {
  const { ts, equity } = equityPoints(result);
  const daily = dailyCloses(ts, equity);
  const returns = simpleReturns(daily.closes);
  requireReturns(
    returns.length,
    `backtest ${result.id}`,
    'Run the backtest over a longer range (--from/--to).',
  );
  const config = (result.config ?? {}) as Config;
  const exchange = config.exchange ?? '';
  const open = openAtEnd(result, ts[ts.length - 1]!);
  const market = marketMoments(
    open.map((t) => t.symbol),
    opts,
  );
  const positions = finalPositions(open, exchange, opts, market?.vols ?? {});
  const finalEquity = equity[equity.length - 1]!;
  const notes = [
    'VaR/ES: daily closes of the equity curve (last point of each UTC day); P&L = final equity × 1-day return.',
  ];
  if (positions.length === 0) notes.push('Flat at the end of the run: no stress scenarios.');
  else {
    notes.push('Stress: the position open at the end (largest size of each open trade, at the final mark).');
    if (market === undefined)
      notes.push('No daily candles of the held symbols: correlation-break and exchange-outage left out.');
  }
  return assembleReport(
    {
      kind: 'backtest',
      asOf: ts[ts.length - 1]!,
      scope: 'strategy',
      scopeId: `backtest:${result.id}`,
      currency: config.currency ?? 'USDT',
      source: {
        backtestId: result.id,
        strategy: result.strategy,
        exchange,
        symbols: config.symbols ?? [],
        timeframe: config.timeframe ?? '',
      },
      equity: finalEquity,
      equitySource: 'backtest',
      positions,
      // The open trades' P&L to the final mark (entry fees included): what closing them would realise.
      unrealisedPnl: open.reduce((s, t) => s + (Number.isFinite(t.pnl) ? t.pnl : 0), 0),
      exposures: [finalEquity],
      returnSeries: ['equity'],
      returns: [returns],
      days: daily.days,
      positionMoments: market?.moments,
      notes,
    },
    opts,
  );
}
