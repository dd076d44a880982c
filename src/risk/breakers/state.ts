/**
 * The breakers' running state as plain JSON (`BreakerBoard.exportState` / `importState`), so a restart
 * keeps the day's baseline, the drawdown peak, loss streaks and reject windows: without it a restart
 * would hand out a fresh allowance. Trips are not part of it (`restore` carries them).
 *
 * Imported state comes from storage, so every part is validated here and a part that does not parse is
 * ignored on its own (a bad target does not drop the others).
 */

import { z } from 'zod';
import type { BreakerKind, PauseTarget } from './types.js';

interface TargetStateBase {
  readonly target: PauseTarget;
}

export interface DailyLossTargetState extends TargetStateBase {
  /** The UTC day of the baseline, `YYYY-MM-DD`; another day's baseline is dropped on import. */
  readonly day: string;
  readonly baseline: number;
  /** The account equity when the baseline was taken (the base of maxLossFraction), when known. */
  readonly dayStartEquity?: number;
}

export interface MaxDrawdownTargetState extends TargetStateBase {
  readonly peak: number;
  /** Strategy targets: the account equity when the peak was set (the drawdown's denominator). */
  readonly equityAtPeak?: number;
}

export interface ConsecutiveLossesTargetState extends TargetStateBase {
  readonly streak: number;
  /** Sum of the streak's losses (negative). */
  readonly streakPnl: number;
}

export interface RejectStormTargetState extends TargetStateBase {
  /** Reject times inside the window at export, oldest first. */
  readonly rejectTimes: readonly number[];
}

/** One configured breaker: its identity (what `reconfigure` matches on) and the state of each target. */
interface EntryOf<K extends BreakerKind, T> {
  readonly kind: K;
  readonly pause: 'account' | 'strategy';
  /** Sorted; absent: every strategy. */
  readonly strategies?: readonly string[];
  /** Only targets with running state. */
  readonly targets: readonly T[];
}

export type BreakerStateEntry =
  | EntryOf<'daily-loss', DailyLossTargetState>
  | EntryOf<'max-drawdown', MaxDrawdownTargetState>
  | EntryOf<'consecutive-losses', ConsecutiveLossesTargetState>
  | EntryOf<'reject-storm', RejectStormTargetState>
  // Nothing of stale-data outlives the process: see README.md.
  | EntryOf<'stale-data', never>;

export interface BreakerState {
  readonly version: 1;
  readonly breakers: readonly BreakerStateEntry[];
}

// z.number() refuses NaN and ±Infinity, which JSON cannot carry anyway.
const target: z.ZodType<PauseTarget> = z.union([
  z.object({ kind: z.literal('account') }),
  z.object({ kind: z.literal('strategy'), strategyId: z.string().min(1) }),
]);

export const STATE_SCHEMA = z.object({
  version: z.literal(1),
  breakers: z.array(z.unknown()),
});

export const ENTRY_SCHEMA = z.object({
  kind: z.string(),
  pause: z.enum(['account', 'strategy']),
  strategies: z.array(z.string()).optional(),
  targets: z.array(z.unknown()),
});

export const DAILY_LOSS_TARGET: z.ZodType<DailyLossTargetState> = z.object({
  target,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  baseline: z.number(),
  dayStartEquity: z.number().optional(),
});

export const MAX_DRAWDOWN_TARGET: z.ZodType<MaxDrawdownTargetState> = z.object({
  target,
  peak: z.number(),
  equityAtPeak: z.number().optional(),
});

export const CONSECUTIVE_LOSSES_TARGET: z.ZodType<ConsecutiveLossesTargetState> = z.object({
  target,
  streak: z.number().int().min(0),
  streakPnl: z.number().max(0),
});

export const REJECT_STORM_TARGET: z.ZodType<RejectStormTargetState> = z.object({
  target,
  rejectTimes: z.array(z.number()),
});
