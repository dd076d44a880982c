import type { RiskView } from '../../src/engine/risk-gate.js';

/** A RiskView for rule tests: flat account, no open orders, the given values where stated. */
export function fixedRiskView(values: Partial<RiskView> = {}): RiskView {
  return {
    lastPrice: () => Number.NaN,
    equity: () => 0,
    positionQty: () => 0,
    now: () => 0,
    openOrders: () => [],
    instruments: () => [],
    accountPositionQty: () => 0,
    strategyPositionQty: () => 0,
    freeBalance: () => 0,
    ...values,
  };
}
