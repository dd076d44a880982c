/** Pre-trade risk rules for `RuleRiskGate` (see README.md). */

export { beyond, reduces, SLACK } from './common.js';
export {
  type ConcentrationOptions,
  type CorrelatedExposureOptions,
  type CorrelationMatrix,
  concentration,
  correlatedExposure,
  grossExposure,
  netExposure,
  type PositionLimits,
  positionLimit,
} from './exposure-rules.js';
export {
  maxOpenOrders,
  type OpenOrderLimits,
  type OrderRateOptions,
  orderRate,
  type RateLimit,
} from './flow-rules.js';
export {
  type HeatOptions,
  lossTo,
  orderHeat,
  portfolioHeat,
  positionHeat,
  type RiskBudgetOptions,
  riskBudget,
} from './heat.js';
export { type MarginOptions, marginAvailable, maxOrderQty, minSizeAndPrecision } from './order-rules.js';
