/**
 * The built-in strategies, each a Strategy API v1 definition. The registry serves them by name; their
 * parameters and rules are documented in each module.
 */

import type { StrategyDefinition } from '../types.js';
import { cashCarry } from './cash-carry.js';
import { grid } from './grid.js';
import { emaCross, smaCross } from './ma-cross.js';
import { macdBb } from './macd-bb.js';
import { momentumBreakout } from './momentum-breakout.js';
import { pairs } from './pairs.js';
import { rsiReversion } from './rsi-reversion.js';

export {
  annualizedBasis,
  annualizedFunding,
  CASH_CARRY_PARAMS,
  cashCarry,
  matchedLegQuantities,
} from './cash-carry.js';
export { GRID_PARAMS, grid, gridLevels } from './grid.js';
export { LegExecutor, type LegOrder, type LegPurpose } from './legs.js';
export { emaCross, smaCross } from './ma-cross.js';
export { MACD_BB_PARAMS, macdBb, macdBbTarget } from './macd-bb.js';
export { MOMENTUM_BREAKOUT_PARAMS, momentumBreakout } from './momentum-breakout.js';
export { PAIRS_PARAMS, pairs } from './pairs.js';
export { RSI_REVERSION_PARAMS, rsiReversion } from './rsi-reversion.js';

/** Every built-in, in the order `strategy list` shows them. */
export const BUILTIN_STRATEGIES: readonly StrategyDefinition[] = Object.freeze([
  smaCross,
  emaCross,
  rsiReversion,
  macdBb,
  grid,
  momentumBreakout,
  pairs,
  cashCarry,
]);
