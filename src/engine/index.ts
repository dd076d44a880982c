/** The kernel shared by backtest, paper and live: clock, order management, portfolio, risk gate. */

export { SimulatedClock, WallClock } from './clock.js';
export { type AddStrategyOptions, Kernel, type KernelOptions } from './kernel.js';
export {
  OrderManager,
  type OrderManagerObserver,
  type OrderManagerOptions,
  type OrderOwner,
} from './order-manager.js';
export { Portfolio, type PortfolioOptions } from './portfolio.js';
export {
  maxLeverage,
  maxOrderNotional,
  type PreTradeRule,
  priceBand,
  type RiskDenial,
  type RiskGate,
  type RiskView,
  RuleRiskGate,
} from './risk-gate.js';
export type * from './venue.js';
