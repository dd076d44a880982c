/**
 * Risk report of the current portfolio: positions rebuilt from the journal's fills (as recovery does:
 * every fill of the account, all strategies netted per exchange and symbol, because the account carries
 * the market risk whichever strategy holds it), marked at the latest stored close, with VaR / ES over the
 * held symbols' daily returns on the days they all have, and the correlation of those returns driving
 * the Monte Carlo paths.
 */
import { QuantLabError } from '../../core/errors.js';
import { POSITION_QTY_EPSILON } from '../../core/position.js';
import { estimateMoments } from '../analytics/index.js';
import { assembleReport, MIN_RETURNS, requireReturns } from './assemble.js';
import { alignedReturns, type DailyCloses } from './daily.js';
import type { EquitySource, ReportOptions, ReportPosition, RiskReport } from './types.js';

export interface JournalFill {
  readonly exchange: string;
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly price: number;
}

export interface NetPosition {
  readonly exchange: string;
  readonly symbol: string;
  /** Signed contracts. */
  readonly qty: number;
  /** Average entry price of the open quantity. */
  readonly avgPrice: number;
}

/** Market data of one held symbol. */
export interface SymbolMarket {
  readonly exchange: string;
  readonly symbol: string;
  readonly closes: DailyCloses;
  /** Latest stored close and its candle time. */
  readonly mark: number;
  readonly markTs: number;
  /** Candle timeframe the closes came from (`1d`, or the finest stored, resampled). */
  readonly timeframe: string;
  readonly kind: 'spot' | 'perpetual';
  readonly contractValue: number;
  readonly inverse: boolean;
}

export interface PortfolioReportInput {
  /** Account key, or undefined for every account together. */
  readonly account?: string;
  readonly asOf: number;
  readonly positions: readonly NetPosition[];
  readonly markets: readonly SymbolMarket[];
  readonly currency?: string;
  /** The account's equity, when known; else the gross exposure stands in. */
  readonly equity?: { readonly value: number; readonly source: EquitySource };
}

/** Net position per exchange and symbol: average entry on increases, kept on reductions, reset on a flip. */
export function netPositions(fills: readonly JournalFill[]): NetPosition[] {
  const book = new Map<string, { exchange: string; symbol: string; qty: number; avgPrice: number }>();
  for (const f of fills) {
    const key = `${f.exchange}\u0000${f.symbol}`;
    const p = book.get(key) ?? { exchange: f.exchange, symbol: f.symbol, qty: 0, avgPrice: 0 };
    const delta = f.side === 'sell' ? -f.qty : f.qty;
    const next = p.qty + delta;
    if (p.qty === 0 || Math.sign(delta) === Math.sign(p.qty))
      p.avgPrice = (p.avgPrice * Math.abs(p.qty) + f.price * Math.abs(delta)) / Math.abs(next);
    else if (Math.sign(next) === -Math.sign(p.qty)) p.avgPrice = f.price;
    p.qty = Math.abs(next) <= Math.abs(p.qty) * POSITION_QTY_EPSILON ? 0 : next;
    book.set(key, p);
  }
  return [...book.values()].filter((p) => p.qty !== 0);
}

function scopeId(account: string | undefined): string {
  return account ?? '*';
}

export function portfolioRiskReport(input: PortfolioReportInput, opts: ReportOptions = {}): RiskReport {
  const who = input.account === undefined ? 'any account' : `account ${input.account}`;
  if (input.positions.length === 0)
    throw new QuantLabError('QL_ERR_NOT_FOUND', `No open positions in ${who}: nothing to measure.`, {
      details: { account: input.account ?? null },
    });
  const markets = input.positions.map((p) => marketOf(input.markets, p));
  for (const m of markets) requireReturns(m.closes.days.length - 1, `${m.exchange} ${m.symbol}`, fixHint(m));
  const { days, returns } = alignedReturns(markets.map((m) => m.closes));
  requireReturns(
    returns[0]!.length,
    'the held symbols on common days',
    'Download the same date range for each.',
  );
  const moments = estimateMoments(returns);
  const positions: ReportPosition[] = input.positions.map((p, i) => {
    const m = markets[i]!;
    return {
      exchange: p.exchange,
      symbol: p.symbol,
      qty: p.qty,
      price: m.mark,
      notional: m.inverse ? p.qty * m.contractValue : p.qty * m.contractValue * m.mark,
      kind: m.kind,
      dailyVolatility: Math.sqrt(moments.covariance[i]![i]!),
    };
  });
  const unrealisedPnl = input.positions.reduce((s, p, i) => s + unrealised(p, markets[i]!), 0);
  const gross = positions.reduce((s, p) => s + Math.abs(p.notional), 0);
  const equity = input.equity ?? { value: gross, source: 'gross-exposure' as const };
  const notes = [
    `Positions: net of every stored fill of ${who}, marked at the latest stored close.`,
    `Returns: daily closes (last candle of each UTC day) on the ${days.length} days all held symbols have.`,
  ];
  if (equity.source === 'gross-exposure')
    notes.push('Equity unknown (no equity snapshot and no --equity): percentages are of gross exposure.');
  return assembleReport(
    {
      kind: 'portfolio',
      asOf: input.asOf,
      scope: 'account',
      scopeId: scopeId(input.account),
      currency: input.currency ?? 'USDT',
      source: {
        account: input.account ?? null,
        marks: markets.map((m) => ({ symbol: m.symbol, ts: m.markTs, timeframe: m.timeframe })),
      },
      equity: equity.value,
      equitySource: equity.source,
      positions,
      unrealisedPnl,
      exposures: positions.map((p) => p.notional),
      returnSeries: positions.map((p) => `${p.exchange} ${p.symbol}`),
      returns,
      days,
      positionMoments: moments,
      notes,
    },
    opts,
  );
}

function marketOf(markets: readonly SymbolMarket[], p: NetPosition): SymbolMarket {
  const m = markets.find((x) => x.exchange === p.exchange && x.symbol === p.symbol);
  if (m !== undefined) return m;
  throw new QuantLabError(
    'QL_ERR_NOT_FOUND',
    `No stored candles for ${p.exchange} ${p.symbol} (held: ${p.qty}). ${downloadHint(p.exchange, p.symbol)}`,
    { details: { exchange: p.exchange, symbol: p.symbol } },
  );
}

function downloadHint(exchange: string, symbol: string): string {
  return `Download daily candles: quantlab data download --exchange ${exchange} --symbol ${symbol} --timeframe 1d --from <date ${MIN_RETURNS + 1}+ days back>.`;
}

function fixHint(m: SymbolMarket): string {
  return downloadHint(m.exchange, m.symbol);
}

function unrealised(p: NetPosition, m: SymbolMarket): number {
  // Inverse P&L is in base; × mark converts it to the quote currency the report is in.
  if (m.inverse) return p.qty * m.contractValue * (1 / p.avgPrice - 1 / m.mark) * m.mark;
  return p.qty * m.contractValue * (m.mark - p.avgPrice);
}
