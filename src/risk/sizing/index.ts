/** Position sizing: pure sizers returning `{ qty, notional, reason? }`, and a rolling Kelly tracker. */

export { contractsFor, type SizeResult, type SizingReason } from './common.js';
export {
  type FixedRiskInput,
  type FractionOfEquityInput,
  fixedQty,
  fixedRisk,
  fractionOfEquity,
  type SizingMarket,
} from './fixed.js';
export {
  type KellyEstimate,
  type KellyOptions,
  type KellyQtyInput,
  KellyTracker,
  kellyFraction,
  kellyQty,
} from './kelly.js';
export { realisedVolatility, type VolatilityTargetInput, volatilityTarget } from './volatility.js';
