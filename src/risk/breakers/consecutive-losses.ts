/**
 * Consecutive losses: `maxLosses` closed round trips in a row with pnl < 0 trip. A win (pnl > 0) resets
 * the streak; a break-even trade (pnl === 0) or a pnl that is not finite neither counts nor resets. With pause 'account' the streak
 * runs across the watched strategies' trades in the order they close. A resume resets the streak.
 */

import { describeTarget, Monitor, money, type Watch } from './monitor.js';
import {
  type BreakerStateEntry,
  CONSECUTIVE_LOSSES_TARGET,
  type ConsecutiveLossesTargetState,
} from './state.js';
import type { ConsecutiveLossesConfig, PauseTarget } from './types.js';

interface StreakWatch extends Watch {
  streak: number;
  /** Sum of the streak's losses (negative). */
  streakPnl: number;
}

export class ConsecutiveLossesMonitor extends Monitor<
  ConsecutiveLossesConfig,
  StreakWatch,
  ConsecutiveLossesTargetState
> {
  protected readonly checksOnEvaluate = false;
  protected override readonly stateSchema = CONSECUTIVE_LOSSES_TARGET;

  protected createWatch(target: PauseTarget): StreakWatch {
    return { target, trip: undefined, streak: 0, streakPnl: 0 };
  }

  override tradeClosed(strategyId: string, pnl: number, now: number): void {
    const watch = this.watchFor(strategyId);
    if (watch === undefined || watch.trip !== undefined) return;
    if (!Number.isFinite(pnl)) return;
    if (pnl > 0) {
      this.rearm(watch);
      return;
    }
    if (!(pnl < 0)) return;
    watch.streak += 1;
    watch.streakPnl += pnl;
    const limit = this.config.maxLosses;
    if (watch.streak < limit) return;
    this.trip(
      watch,
      now,
      `${describeTarget(watch.target)} closed ${watch.streak} losing trades in a row (total ${money(watch.streakPnl)}), reaching the limit ${limit}`,
      { losses: watch.streak, limit, streakPnl: watch.streakPnl, lastPnl: pnl, strategyId },
    );
  }

  rearm(watch: StreakWatch): void {
    watch.streak = 0;
    watch.streakPnl = 0;
  }

  exportEntry(): BreakerStateEntry {
    return {
      kind: 'consecutive-losses',
      ...this.entryHead(),
      targets: this.saveAll((watch) =>
        watch.streak === 0
          ? undefined
          : { target: watch.target, streak: watch.streak, streakPnl: watch.streakPnl },
      ),
    };
  }

  protected override load(watch: StreakWatch, state: ConsecutiveLossesTargetState): void {
    watch.streak = state.streak;
    watch.streakPnl = state.streakPnl;
  }
}
