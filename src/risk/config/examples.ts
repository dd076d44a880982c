/**
 * Every rule of the catalogue at once, with limits a careful account of about 100,000 USDT trading BTC
 * might store: what the benchmark and the gate-cost test run, and a starting point for users
 * (`docs/risk.md`). Generous enough that ordinary trading passes every one of them.
 */

import type { RiskRuleRecord } from '../../storage/index.js';

export function everyRule(strategyId: string): RiskRuleRecord[] {
  const params: Record<string, unknown> = {
    'max-order-notional': { limit: 50_000 },
    'max-order-qty': { limit: 10 },
    'price-band': { band: 0.05 },
    'max-leverage': { limit: 5 },
    'margin-available': { defaultLeverage: 5 },
    'min-size-precision': {},
    'max-open-orders': { perStrategy: 50, perAccount: 200 },
    'position-limit': { perSymbol: 400_000, total: 500_000 },
    'gross-exposure': { limit: 5 },
    'net-exposure': { limit: 5 },
    concentration: { maxShare: 1 },
    'correlated-exposure': { limit: 5, groups: [['BTC', 'ETH']] },
    'portfolio-heat': { limit: 1, defaultStopDistance: 0.05 },
    'risk-budget': { perStrategy: { [strategyId]: 1 } },
    'order-rate': { perStrategy: { count: 1_000_000, windowMs: 1_000 } },
    'daily-loss': { maxLossFraction: 0.5 },
    'max-drawdown': { maxDrawdown: 0.5 },
    'consecutive-losses': { maxLosses: 1_000_000 },
    'reject-storm': { maxRejects: 1_000_000, windowMs: 1_000 },
    'stale-data': { maxAgeMs: 60_000 },
    'auto-reduce': { perSymbolNotional: 450_000 },
  };
  return Object.entries(params).map(([rule, p]) => ({
    scope: 'global',
    scopeId: '',
    rule,
    params: p,
    enabled: true,
    updatedAt: 0,
  }));
}
