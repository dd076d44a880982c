/** `quantlab risk report`: load, build, store. The CLI verb only parses flags and prints. */
import type { Database } from '../../storage/index.js';
import { backtestRiskReport } from './backtest.js';
import { backtestInputs, loadBacktest, loadLimits, portfolioInputs, storeReport } from './load.js';
import { portfolioRiskReport } from './portfolio.js';
import type { RiskReport } from './types.js';

export interface RiskReportRequest {
  /** A backtest id or `latest`; absent = the current portfolio. */
  readonly backtest?: string;
  /** Account key for the portfolio; absent = every account together. */
  readonly account?: string;
  readonly seed?: number;
  readonly paths?: number;
  readonly now?: () => number;
}

export async function runRiskReport(db: Database, request: RiskReportRequest): Promise<RiskReport> {
  const mc = {
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.paths === undefined ? {} : { paths: request.paths }),
  };
  let report: RiskReport;
  if (request.backtest !== undefined) {
    const result = await loadBacktest(db, request.backtest);
    const inputs = await backtestInputs(db, result);
    const { limits, notes } = await loadLimits(db, { scope: 'strategy', scopeId: result.strategy });
    report = backtestRiskReport(result, { ...inputs, ...mc, limits, limitNotes: notes });
  } else {
    const asOf = (request.now ?? Date.now)();
    const inputs = await portfolioInputs(db, request.account, asOf);
    const { limits, notes } = await loadLimits(db, { scope: 'account', scopeId: request.account });
    report = portfolioRiskReport(inputs, { ...mc, limits, limitNotes: notes });
  }
  await storeReport(db, report);
  return report;
}
