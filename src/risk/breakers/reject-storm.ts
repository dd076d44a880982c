/**
 * Reject storm: `maxRejects` venue rejects within a sliding window (now − windowMs, now] trip — a reject
 * exactly windowMs old has left the window. Counted per strategy, or across the watched strategies with
 * pause 'account'. A resume clears the window.
 */

import { describeTarget, Monitor, type Watch } from './monitor.js';
import { type BreakerStateEntry, REJECT_STORM_TARGET, type RejectStormTargetState } from './state.js';
import type { PauseTarget, RejectStormConfig } from './types.js';

interface RejectWatch extends Watch {
  /** Reject times inside the window, oldest first. */
  readonly times: number[];
}

export class RejectStormMonitor extends Monitor<RejectStormConfig, RejectWatch, RejectStormTargetState> {
  protected readonly checksOnEvaluate = false;
  protected override readonly stateSchema = REJECT_STORM_TARGET;

  protected createWatch(target: PauseTarget): RejectWatch {
    return { target, trip: undefined, times: [] };
  }

  override orderRejected(strategyId: string, now: number): void {
    const watch = this.watchFor(strategyId);
    if (watch === undefined || watch.trip !== undefined) return;
    const { maxRejects, windowMs } = this.config;
    const times = watch.times;
    while (times.length > 0 && times[0]! <= now - windowMs) times.shift();
    times.push(now);
    if (times.length < maxRejects) return;
    this.trip(
      watch,
      now,
      `${describeTarget(watch.target)} had ${times.length} orders rejected by the venue within ${windowMs} ms, reaching the limit ${maxRejects}`,
      { rejects: times.length, limit: maxRejects, windowMs, firstRejectAt: times[0]!, strategyId },
    );
  }

  rearm(watch: RejectWatch): void {
    watch.times.length = 0;
  }

  exportEntry(now: number): BreakerStateEntry {
    return {
      kind: 'reject-storm',
      ...this.entryHead(),
      targets: this.saveAll((watch) => {
        const rejectTimes = this.inWindow(watch.times, now);
        return rejectTimes.length === 0 ? undefined : { target: watch.target, rejectTimes };
      }),
    };
  }

  protected override load(watch: RejectWatch, state: RejectStormTargetState, now: number): void {
    const times = this.inWindow(state.rejectTimes, now).sort((a, b) => a - b);
    watch.times.length = 0;
    watch.times.push(...times);
  }

  /** The times in (now − windowMs, now]: later ones cannot be (a clock set back) and are dropped. */
  private inWindow(times: readonly number[], now: number): number[] {
    const from = now - this.config.windowMs;
    return times.filter((t) => t > from && t <= now);
  }
}
