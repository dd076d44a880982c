/** Public surface of the backtest report: the self-contained HTML report and the CLI's text tables. */

export { escapeHtml, formatDuration, formatMoney, formatPercent, formatTime } from './format.js';
export { renderReport } from './render.js';
export { formatComparison, formatSummary } from './text.js';
export type {
  MonteCarloSection,
  OptimizationSection,
  OptimizationTrial,
  Percentiles,
  ReportInput,
  ReportRun,
  WalkForwardFold,
  WalkForwardSection,
} from './types.js';
