/** Backtest metrics and trade accounting: the public surface (see ./README.md for the definitions). */

export { compoundAnnualGrowth, computeMetrics, type MetricsInput } from './compute-metrics.js';
export {
  type Distribution,
  type MonteCarloOptions,
  type MonteCarloResult,
  monteCarlo,
  percentileOfSorted,
} from './monte-carlo.js';
export { monthlyReturns } from './monthly-returns.js';
export { createRandom, type Random } from './random.js';
export { ReturnMoments } from './return-moments.js';
export { TradeBook, type TradeBookFill, type TradeBookResult, type TradeDetail } from './trade-book.js';
export { sideSummary, type TradeStats, tradeStats } from './trade-stats.js';
export { DAY_MS, YEAR_MS } from './utc-periods.js';
