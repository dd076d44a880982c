import { z } from 'zod';
import { validateParams } from './validate.js';

/**
 * Automatic position reduction: limits that market moves (not orders: the gate stops those) can push a
 * held position past. Past a limit by more than `tolerance`, reduce-only market orders bring it back.
 */
export interface AutoReduceConfig {
  /** Max |quote notional| of the account's position per symbol: one number for all, or by symbol. */
  readonly perSymbolNotional?: number | Readonly<Record<string, number>>;
  /** Max Σ |position value| (settle currency) as a multiple of equity. */
  readonly grossExposure?: number;
  /** Relative overshoot tolerated before reducing (0.02 = 2 %): no churn on every tick at the limit. */
  readonly tolerance: number;
}

const positive = z.number().finite().positive();

const schema = z
  .strictObject({
    perSymbolNotional: z.union([positive, z.record(z.string().min(1), positive)]).optional(),
    grossExposure: positive.optional(),
    tolerance: z.number().finite().min(0).max(1).default(0.02),
  })
  .refine(
    (p) => p.perSymbolNotional !== undefined || p.grossExposure !== undefined,
    'give perSymbolNotional or grossExposure',
  );

export function parseAutoReduce(params: unknown): AutoReduceConfig {
  const parsed = validateParams('auto-reduce', schema, params);
  return {
    tolerance: parsed.tolerance,
    ...(parsed.perSymbolNotional === undefined ? {} : { perSymbolNotional: parsed.perSymbolNotional }),
    ...(parsed.grossExposure === undefined ? {} : { grossExposure: parsed.grossExposure }),
  };
}
