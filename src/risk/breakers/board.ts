/**
 * The board of circuit breakers: it owns one monitor per configured breaker, takes its time and numbers
 * from `BreakerInputs` and reports trips and resumes through `onEvent`, so the same code runs on a
 * backtest's simulated clock and in paper and live sessions. A breaker kind pauses a target at most once:
 * while tripped it does not trip again, whichever config of that kind would.
 */

import { ConsecutiveLossesMonitor } from './consecutive-losses.js';
import { DailyLossMonitor } from './daily-loss.js';
import { MaxDrawdownMonitor } from './max-drawdown.js';
import { type BoardHost, breakerIdentity, identityOf, type Monitor, type Watch } from './monitor.js';
import { validateBreakerConfig } from './parse.js';
import { RejectStormMonitor } from './reject-storm.js';
import { StaleDataMonitor } from './stale-data.js';
import { type BreakerState, ENTRY_SCHEMA, STATE_SCHEMA } from './state.js';
import type {
  BreakerConfig,
  BreakerEvent,
  BreakerInputs,
  BreakerKind,
  BreakerTrip,
  PauseTarget,
  ResumeCause,
} from './types.js';

function createMonitor(config: BreakerConfig, host: BoardHost): Monitor {
  switch (config.kind) {
    case 'daily-loss':
      return new DailyLossMonitor(config, host);
    case 'max-drawdown':
      return new MaxDrawdownMonitor(config, host);
    case 'consecutive-losses':
      return new ConsecutiveLossesMonitor(config, host);
    case 'reject-storm':
      return new RejectStormMonitor(config, host);
    case 'stale-data':
      return new StaleDataMonitor(config, host);
  }
}

export class BreakerBoard {
  private monitors: Monitor[];
  private readonly host: BoardHost;

  /** Configs are validated as stored ones are (`parseBreakerConfig`); an invalid one throws. */
  constructor(
    configs: readonly BreakerConfig[],
    private readonly inputs: BreakerInputs,
    private readonly onEvent: (event: BreakerEvent) => void,
  ) {
    this.host = {
      inputs,
      trip: (watch, trip) => this.record(watch, trip),
      held: (kind, target) => this.tripOf(kind, target) !== undefined,
      resume: (monitor, watch, by, at) => this.lift(monitor, watch, by, at),
    };
    this.monitors = configs.map((config) => createMonitor(validateBreakerConfig(config), this.host));
  }

  /** Re-evaluates the equity, drawdown, daily-loss and stale-data breakers and auto resumes; call on every time step. */
  evaluate(): void {
    const monitors = this.monitors;
    if (monitors.length === 0) return;
    const now = this.inputs.now();
    for (let i = 0; i < monitors.length; i++) monitors[i]!.evaluate(now);
  }

  /** A strategy closed a round trip (position back to flat or flipped) with this net PnL. */
  tradeClosed(strategyId: string, pnl: number): void {
    const now = this.inputs.now();
    for (const monitor of this.monitors) monitor.tradeClosed(strategyId, pnl, now);
  }

  /** The venue rejected one of the strategy's orders (not a risk denial). */
  orderRejected(strategyId: string): void {
    const now = this.inputs.now();
    for (const monitor of this.monitors) monitor.orderRejected(strategyId, now);
  }

  /** The trip pausing this strategy (a strategy trip or an account trip), or undefined. */
  pausedBy(strategyId: string): BreakerTrip | undefined {
    const monitors = this.monitors;
    for (let i = 0; i < monitors.length; i++) {
      const trip = monitors[i]!.pausing(strategyId);
      if (trip !== undefined) return trip;
    }
    return undefined;
  }

  /** Every trip in force. */
  trips(): readonly BreakerTrip[] {
    const trips: BreakerTrip[] = [];
    for (const monitor of this.monitors) {
      for (const watch of monitor.watches) if (watch.trip !== undefined) trips.push(watch.trip);
    }
    return trips;
  }

  /** Manual (or early) resume; false when nothing matched. Emits 'resumed' by 'manual'. */
  resume(breaker: BreakerKind, target: PauseTarget, at: number = this.inputs.now()): boolean {
    let matched = false;
    for (const monitor of this.monitors) {
      if (monitor.kind !== breaker) continue;
      const watch = monitor.existing(target);
      if (watch?.trip === undefined) continue;
      this.lift(monitor, watch, 'manual', at);
      matched = true;
    }
    return matched;
  }

  /**
   * Re-arms trips recorded before a restart, without events. Returns the trips no configured breaker
   * matches (kind and pause target), which are not re-armed. An auto trip whose time has passed resumes
   * at the next evaluate.
   */
  restore(trips: readonly BreakerTrip[]): readonly BreakerTrip[] {
    const unmatched: BreakerTrip[] = [];
    for (const trip of trips) {
      if (this.tripOf(trip.breaker, trip.target) !== undefined) continue;
      const watch = this.watchToRestore(trip);
      if (watch === undefined) unmatched.push(trip);
      else watch.trip = trip;
    }
    return unmatched;
  }

  /**
   * The running state of every configured breaker (day baselines, peaks, loss streaks, reject windows),
   * as plain JSON to store and hand to `importState` after a restart. Trips are not in it (`restore`).
   */
  exportState(): BreakerState {
    const now = this.inputs.now();
    return { version: 1, breakers: this.monitors.map((monitor) => monitor.exportEntry(now)) };
  }

  /**
   * Applies a snapshot of `exportState` to the configured breakers, so a restart does not reset the
   * limits: call it after the configs are set (constructor or `reconfigure`), before the first
   * `evaluate`. An entry goes to the breaker of the same identity (kind, pause, strategies; entries of
   * one identity in order); entries, targets and values it does not recognise are ignored, and a day
   * baseline of another UTC day is dropped. No events.
   */
  importState(state: BreakerState): void {
    const parsed = STATE_SCHEMA.safeParse(state);
    if (!parsed.success) return;
    const now = this.inputs.now();
    const unused = this.monitors.slice();
    for (const raw of parsed.data.breakers) {
      const entry = ENTRY_SCHEMA.safeParse(raw);
      if (!entry.success) continue;
      const { kind, pause, strategies, targets } = entry.data;
      const identity = identityOf(kind, pause, strategies);
      const index = unused.findIndex((monitor) => monitor.identity() === identity);
      if (index >= 0) unused.splice(index, 1)[0]!.importTargets(targets, now);
    }
  }

  /**
   * New configuration while running. A breaker with the same kind, pause and strategies keeps its running
   * state (peaks, day start, loss streaks, reject windows) and its trips, under the new limits; the trips
   * of breakers removed or whose identity changed are lifted ('resumed' by 'reconfigured').
   */
  reconfigure(configs: readonly BreakerConfig[]): void {
    const validated = configs.map(validateBreakerConfig);
    const unused = this.monitors.slice();
    this.monitors = validated.map((config) => {
      const index = unused.findIndex((monitor) => monitor.identity() === breakerIdentity(config));
      if (index < 0) return createMonitor(config, this.host);
      const kept = unused.splice(index, 1)[0]!;
      kept.setConfig(config);
      return kept;
    });
    const now = this.inputs.now();
    for (const removed of unused) {
      for (const watch of removed.watches)
        if (watch.trip !== undefined) this.lift(removed, watch, 'reconfigured', now);
    }
  }

  private tripOf(breaker: BreakerKind, target: PauseTarget): BreakerTrip | undefined {
    const monitors = this.monitors;
    for (let i = 0; i < monitors.length; i++) {
      const monitor = monitors[i]!;
      if (monitor.kind !== breaker) continue;
      const trip = monitor.existing(target)?.trip;
      if (trip !== undefined) return trip;
    }
    return undefined;
  }

  private watchToRestore(trip: BreakerTrip): Watch | undefined {
    const target = trip.target;
    for (const monitor of this.monitors) {
      if (monitor.kind !== trip.breaker || monitor.pause !== target.kind) continue;
      const watch = target.kind === 'account' ? monitor.account : monitor.watchFor(target.strategyId);
      if (watch !== undefined) return watch;
    }
    return undefined;
  }

  private record(watch: Watch, trip: BreakerTrip): void {
    if (this.tripOf(trip.breaker, trip.target) !== undefined) return;
    watch.trip = trip;
    this.onEvent({ type: 'tripped', trip });
  }

  private lift(monitor: Monitor, watch: Watch, by: ResumeCause, at: number): void {
    const trip = watch.trip;
    if (trip === undefined) return;
    watch.trip = undefined;
    monitor.rearm(watch, at);
    this.onEvent({ type: 'resumed', trip, by, at });
  }
}
