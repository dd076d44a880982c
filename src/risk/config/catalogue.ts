/**
 * The catalogue of risk rules a user can store in `risk_rules`: each name with its parameter schema and
 * what it becomes. One table for the CLI, the API, sessions and backtests, so a limit means the same
 * thing everywhere and a typo is refused before it is stored, never discovered while trading.
 */

import { z } from 'zod';
import { maxLeverage, maxOrderNotional, type PreTradeRule, priceBand } from '../../engine/risk-gate.js';
import {
  concentration,
  correlatedExposure,
  grossExposure,
  marginAvailable,
  maxOpenOrders,
  maxOrderQty,
  minSizeAndPrecision,
  netExposure,
  orderRate,
  portfolioHeat,
  positionLimit,
  riskBudget,
} from '../rules/index.js';

const positive = z.number().finite().positive();
const fraction = z.number().finite().positive().max(1);
const count = z.number().int().positive();
const rate = z.strictObject({ count, windowMs: count });
const byName = z.record(z.string().min(1), positive);

/** A pre-trade rule: its parameters, and the rule they make. `stateful` rules run last (see orderRate). */
export interface PreTradeEntry {
  readonly kind: 'pre-trade';
  readonly summary: string;
  readonly schema: z.ZodType;
  readonly stateful?: boolean;
  readonly build: (params: never) => PreTradeRule;
}

function entry<S extends z.ZodType>(
  summary: string,
  schema: S,
  build: (params: z.infer<S>) => PreTradeRule,
  stateful = false,
): PreTradeEntry {
  return { kind: 'pre-trade', summary, schema, build: build as (params: never) => PreTradeRule, stateful };
}

export const PRE_TRADE_RULES: Readonly<Record<string, PreTradeEntry>> = {
  'max-order-notional': entry(
    'order notional in the quote currency',
    z.strictObject({ limit: positive }),
    (p) => maxOrderNotional(p.limit),
  ),
  'max-order-qty': entry('contracts per order', z.strictObject({ limit: positive }), (p) =>
    maxOrderQty(p.limit),
  ),
  'price-band': entry(
    'limit or trigger price within band (0.05 = 5 %) of the last price',
    z.strictObject({ band: fraction }),
    (p) => priceBand(p.band),
  ),
  'max-leverage': entry(
    "the strategy's position after the order ≤ limit × equity",
    z.strictObject({ limit: positive }),
    (p) => maxLeverage(p.limit),
  ),
  'margin-available': entry(
    'initial margin of the order ≤ free balance',
    z.strictObject({ leverage: byName.optional(), defaultLeverage: positive.optional() }),
    (p) => marginAvailable(p),
  ),
  'min-size-precision': entry('minimum size, lot and tick grids, minimum notional', z.strictObject({}), () =>
    minSizeAndPrecision(),
  ),
  'max-open-orders': entry(
    'working orders per strategy and per account',
    z
      .strictObject({ perStrategy: count.optional(), perAccount: count.optional() })
      .refine(
        (p) => p.perStrategy !== undefined || p.perAccount !== undefined,
        'give perStrategy or perAccount',
      ),
    (p) => maxOpenOrders(p),
  ),
  'position-limit': entry(
    'position notional (quote) per symbol and in total',
    z
      .strictObject({ perSymbol: z.union([positive, byName]).optional(), total: positive.optional() })
      .refine((p) => p.perSymbol !== undefined || p.total !== undefined, 'give perSymbol or total'),
    (p) => positionLimit(p),
  ),
  'gross-exposure': entry('Σ |position value| ≤ limit × equity', z.strictObject({ limit: positive }), (p) =>
    grossExposure(p.limit),
  ),
  'net-exposure': entry('|Σ position value| ≤ limit × equity', z.strictObject({ limit: positive }), (p) =>
    netExposure(p.limit),
  ),
  concentration: entry(
    "one base asset's share of gross exposure",
    z.strictObject({ maxShare: fraction, minGrossOfEquity: positive.optional() }),
    (p) =>
      concentration(
        p.maxShare,
        p.minGrossOfEquity === undefined ? {} : { minGrossOfEquity: p.minGrossOfEquity },
      ),
  ),
  'correlated-exposure': entry(
    'net value of correlated assets ≤ limit × equity',
    z.union([
      z.strictObject({ limit: positive, groups: z.array(z.array(z.string().min(1)).min(2)).min(1) }),
      z.strictObject({
        limit: positive,
        correlation: z.strictObject({
          assets: z.array(z.string().min(1)).min(2),
          matrix: z.array(z.array(z.number().min(-1).max(1))),
          threshold: z.number().min(-1).max(1),
        }),
      }),
    ]),
    (p) =>
      'groups' in p
        ? correlatedExposure({ limitAsMultipleOfEquity: p.limit, groups: p.groups })
        : correlatedExposure({ limitAsMultipleOfEquity: p.limit, correlation: p.correlation }),
  ),
  'portfolio-heat': entry(
    'loss to the stops of every position ≤ limit × equity',
    z.strictObject({ limit: positive, defaultStopDistance: fraction.optional() }),
    (p) =>
      portfolioHeat(
        p.limit,
        p.defaultStopDistance === undefined ? {} : { defaultStopDistance: p.defaultStopDistance },
      ),
  ),
  'risk-budget': entry(
    "a strategy's heat ≤ its budget × equity (shared across strategies)",
    z.strictObject({
      perStrategy: byName,
      default: positive.optional(),
      defaultStopDistance: fraction.optional(),
    }),
    (p) => riskBudget(p),
  ),
  'order-rate': entry(
    'orders per sliding window, per strategy and per account',
    z
      .strictObject({ perStrategy: rate.optional(), perAccount: rate.optional() })
      .refine(
        (p) => p.perStrategy !== undefined || p.perAccount !== undefined,
        'give perStrategy or perAccount',
      ),
    (p) => orderRate(p),
    true,
  ),
};

/** Rules the platform writes itself (the kill switch, breaker trips): never set through `risk rules`. */
export const CONTROL_RULES: ReadonlySet<string> = new Set(['kill-switch', 'breaker-trip']);
