/** Circuit breakers: pure, environment-agnostic (see README.md). */

export { BreakerBoard } from './board.js';
export { type BreakerConfigIssue, parseBreakerConfig, validateBreakerConfig } from './parse.js';
export { breakerRule } from './rule.js';
export type {
  BreakerState,
  BreakerStateEntry,
  ConsecutiveLossesTargetState,
  DailyLossTargetState,
  MaxDrawdownTargetState,
  RejectStormTargetState,
} from './state.js';
export {
  BREAKER_KINDS,
  type BreakerConfig,
  type BreakerConfigBase,
  type BreakerEvent,
  type BreakerInputs,
  type BreakerKind,
  type BreakerTrip,
  type ConsecutiveLossesConfig,
  type DailyLossConfig,
  type MaxDrawdownConfig,
  type PauseTarget,
  type RejectStormConfig,
  type ResumeCause,
  type StaleDataConfig,
  type TripDetails,
} from './types.js';
