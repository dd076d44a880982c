/** Public surface of the risk report: VaR / ES by three methods and stress tests, for a backtest or a portfolio. */
export { MIN_RETURNS } from './assemble.js';
export type { BacktestReportOptions, InstrumentSpec, StoredBacktest } from './backtest.js';
export { backtestRiskReport, openAtEnd } from './backtest.js';
export type { DailyCloses } from './daily.js';
export { alignedReturns, dailyCloses, simpleReturns } from './daily.js';
export { formatRiskReport } from './format.js';
export type { ReportLimits, StoredRule } from './limits.js';
export { limitNames, limitsFromRules, limitsTripped } from './limits.js';
export { backtestInputs, loadBacktest, loadLimits, portfolioInputs, storeReport } from './load.js';
export { DEFAULT_PATHS, DEFAULT_SEED, reportParameters } from './measures.js';
export type { JournalFill, NetPosition, PortfolioReportInput, SymbolMarket } from './portfolio.js';
export { netPositions, portfolioRiskReport } from './portfolio.js';
export type { RiskReportRequest } from './run.js';
export { runRiskReport } from './run.js';
export type * from './types.js';
