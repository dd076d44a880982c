/** What the report builders read from the store, and where a report is stored (equity_snapshots.risk). */
import { QuantLabError } from '../../core/errors.js';
import { isTimeframe, nominalTimeframeMs, type Timeframe } from '../../core/timeframe.js';
import type { Database, RiskRuleRecord } from '../../storage/index.js';
import {
  type BacktestReportOptions,
  type InstrumentSpec,
  openAtEnd,
  type StoredBacktest,
} from './backtest.js';
import { DAY_MS, type DailyCloses, dailyCloses } from './daily.js';
import { limitsFromRules, type ReportLimits } from './limits.js';
import { netPositions, type PortfolioReportInput, type SymbolMarket } from './portfolio.js';
import type { RiskReport } from './types.js';

/** Series timeframes come from the store as strings; listSeries only holds valid ones (checked first). */
const lengthOf = (tf: string) => nominalTimeframeMs(tf as Timeframe);

/** How far back daily returns are read: a year and a bit is enough for VaR and keeps 1m series cheap. */
const HISTORY_DAYS = 400;

/** `latest` = the most recently stored result. */
export async function loadBacktest(db: Database, ref: string): Promise<StoredBacktest> {
  const record = ref === 'latest' ? await db.backtestResults.latest() : await db.backtestResults.get(ref);
  if (record !== undefined) return record;
  const message =
    ref === 'latest'
      ? 'No stored backtest results: run `quantlab backtest` first.'
      : `No stored backtest result with id ${ref}.`;
  throw new QuantLabError('QL_ERR_NOT_FOUND', message, { details: { backtest: ref } });
}

/** Instrument specs of the traded symbols and the daily closes of those held at the end. */
export async function backtestInputs(db: Database, result: StoredBacktest): Promise<BacktestReportOptions> {
  const config = (result.config ?? {}) as { exchange?: string; symbols?: string[] };
  const exchange = config.exchange ?? '';
  const instruments: Record<string, InstrumentSpec> = {};
  for (const symbol of config.symbols ?? []) {
    const inst = await db.instruments.get(exchange, symbol);
    if (inst !== undefined) instruments[symbol] = inst;
  }
  const points = Array.isArray(result.equity) ? (result.equity as Array<[number, number]>) : [];
  const lastTs = points[points.length - 1]?.[0] ?? Number.POSITIVE_INFINITY;
  const marketCloses: Record<string, DailyCloses> = {};
  for (const trade of openAtEnd(result, lastTs)) {
    const market = await loadDailyCloses(db, exchange, trade.symbol, lastTs);
    if (market !== undefined) marketCloses[trade.symbol] = market.closes;
  }
  return { instruments, marketCloses };
}

/** The finest candle series of a symbol at most a day long: `1d` when stored, else the finest. */
async function pickSeries(db: Database, exchange: string, symbol: string) {
  const series = (await db.candles.listSeries({ exchange, symbol })).filter(
    (s) =>
      s.exchange === exchange &&
      s.symbol === symbol &&
      isTimeframe(s.timeframe) &&
      nominalTimeframeMs(s.timeframe) <= DAY_MS,
  );
  const daily = series.find((s) => s.timeframe === '1d');
  if (daily !== undefined) return daily;
  return series.sort((a, b) => lengthOf(a.timeframe) - lengthOf(b.timeframe))[0];
}

/**
 * Daily closes of a symbol up to `to`. Resampled intraday series drop a last day that is not complete
 * (its close would be a mid-day price).
 */
async function loadDailyCloses(db: Database, exchange: string, symbol: string, to?: number) {
  const series = await pickSeries(db, exchange, symbol);
  if (series === undefined) return undefined;
  const end = Math.min(series.to, to ?? series.to);
  const cols = await db.candles.rangeColumns(
    exchange,
    symbol,
    series.timeframe,
    end - HISTORY_DAYS * DAY_MS,
    end,
  );
  if (cols.ts.length === 0) return undefined;
  const closes = dailyCloses(cols.ts, cols.close);
  const lastTs = cols.ts[cols.ts.length - 1]!;
  const tfMs = lengthOf(series.timeframe);
  if (series.timeframe !== '1d' && (lastTs + tfMs) % DAY_MS !== 0) {
    closes.days.pop();
    closes.closes.pop();
  }
  return { closes, mark: cols.close[cols.close.length - 1]!, markTs: lastTs, timeframe: series.timeframe };
}

async function loadMarket(db: Database, exchange: string, symbol: string): Promise<SymbolMarket | undefined> {
  const daily = await loadDailyCloses(db, exchange, symbol);
  if (daily === undefined) return undefined;
  const inst = await db.instruments.get(exchange, symbol);
  return {
    exchange,
    symbol,
    ...daily,
    kind: inst?.kind === 'swap' ? 'perpetual' : 'spot',
    contractValue: inst?.contractValue ?? 1,
    inverse: inst?.inverse ?? false,
  };
}

/** Positions from the journal's fills, their markets, and the account's last recorded equity. */
export async function portfolioInputs(
  db: Database,
  account: string | undefined,
  asOf: number,
): Promise<PortfolioReportInput> {
  const fills = await db.fills.list(account === undefined ? {} : { account });
  const positions = netPositions(fills);
  const markets: SymbolMarket[] = [];
  for (const p of positions) {
    const market = await loadMarket(db, p.exchange, p.symbol);
    if (market !== undefined) markets.push(market);
  }
  const equity = await recordedEquity(db, account);
  return {
    ...(account === undefined ? {} : { account }),
    asOf,
    positions,
    markets,
    ...(equity ? { equity } : {}),
  };
}

/** The latest equity snapshot of the account, unless it is a report's own stand-in (gross exposure). */
async function recordedEquity(db: Database, account: string | undefined) {
  const latest = await db.equitySnapshots.latest('account', account ?? '*');
  if (latest === undefined || !(latest.equity > 0)) return undefined;
  const source = (latest.risk as { inputs?: { equitySource?: string } } | null)?.inputs?.equitySource;
  if (source === 'gross-exposure') return undefined;
  return { value: latest.equity, source: 'snapshot' as const };
}

/**
 * Enabled stored limits that apply: global ones and the account's or strategy's own. All of them hold
 * (the strictest decides); invalid rows are skipped with a note.
 */
export async function loadLimits(
  db: Database,
  scope: { scope: 'account' | 'strategy'; scopeId: string | undefined },
): Promise<ReportLimits> {
  const rules = await db.riskRules.list({ enabledOnly: true });
  const applies = (r: RiskRuleRecord) =>
    r.scope === 'global' ||
    (r.scope === scope.scope && scope.scopeId !== undefined && r.scopeId === scope.scopeId);
  const ordered = [
    ...rules.filter((r) => r.scope === 'global'),
    ...rules.filter((r) => r.scope !== 'global'),
  ];
  return limitsFromRules(ordered.filter(applies));
}

/** Stores the report in equity_snapshots at its as-of time (replacing one stored at the same time). */
export async function storeReport(db: Database, report: RiskReport): Promise<void> {
  const { equity, unrealisedPnl } = report.inputs;
  await db.equitySnapshots.record({
    scope: report.scope,
    scopeId: report.scopeId,
    ts: report.asOf,
    equity,
    cash: equity - unrealisedPnl,
    unrealisedPnl,
    risk: report,
  });
}
