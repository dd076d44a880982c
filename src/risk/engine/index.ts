/** The risk engine of one account: stored rules as a gate, breakers, automatic reduction. */

export { type PlannedReduction, planReductions } from './position-reducer.js';
export { type LoadResult, RiskEngine, type RiskEngineEvent, type RiskEngineOptions } from './risk-engine.js';
export { type ScopedPreTradeRule, ScopedRiskGate } from './scoped-gate.js';
export { TradeTracker } from './trade-tracker.js';
