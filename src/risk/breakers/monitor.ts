/**
 * The machinery every breaker shares: one watch per pause target (the account, or each strategy created
 * lazily), trips with their resume terms, auto resume by time, and the hooks a breaker fills in. The
 * evaluation path only reads numbers and compares them: allocation happens when something trips.
 */

import type { z } from 'zod';
import { SLACK } from '../../engine/risk-gate.js';
import type { BreakerStateEntry } from './state.js';
import type {
  BreakerConfig,
  BreakerInputs,
  BreakerKind,
  BreakerTrip,
  PauseTarget,
  TripDetails,
} from './types.js';

export const ACCOUNT: PauseTarget = Object.freeze({ kind: 'account' });

/**
 * `value` has reached `limit`: at the limit trips (the opposite of the gate's `beyond`, where at the
 * limit passes), with the same float slack so 0.1 × 1000 reaches 100. NaN never does.
 */
export function reached(value: number, limit: number): boolean {
  return value >= limit - Math.abs(limit) * SLACK;
}

/** The state of one pause target; breakers extend it with their running numbers. */
export interface Watch {
  readonly target: PauseTarget;
  trip: BreakerTrip | undefined;
}

/** What a breaker asks of the board that owns it. */
export interface BoardHost {
  readonly inputs: BreakerInputs;
  /** Records and announces a trip unless the same breaker kind already pauses the same target. */
  trip(watch: Watch, trip: BreakerTrip): void;
  /** Another breaker of this kind already pauses the target (its checks would be wasted work). */
  held(kind: BreakerKind, target: PauseTarget): boolean;
  /** Lifts a trip, announces it and re-arms the watch. */
  resume(monitor: Monitor, watch: Watch, by: 'auto' | 'manual', at: number): void;
}

export abstract class Monitor<
  C extends BreakerConfig = BreakerConfig,
  W extends Watch = Watch,
  S extends { readonly target: PauseTarget } = { readonly target: PauseTarget },
> {
  readonly kind: BreakerKind;
  readonly account: W | undefined;
  /** Every watch, for index loops on the evaluation path (a Map iterator would allocate). */
  readonly watches: W[] = [];
  private readonly byStrategy = new Map<string, W>();
  private readonly only: ReadonlySet<string> | undefined;

  constructor(
    protected config: C,
    protected readonly host: BoardHost,
  ) {
    this.kind = config.kind;
    this.only = config.strategies === undefined ? undefined : new Set(config.strategies);
    this.account = config.pause === 'account' ? this.add(ACCOUNT) : undefined;
  }

  get pause(): 'account' | 'strategy' {
    return this.config.pause;
  }

  identity(): string {
    return breakerIdentity(this.config);
  }

  /** New limits for the same identity; running state and trips stay. */
  setConfig(config: C): void {
    this.config = config;
  }

  applies(strategyId: string): boolean {
    return this.only === undefined || this.only.has(strategyId);
  }

  /** The watch an event of this strategy counts in (created lazily), or undefined when not watched. */
  watchFor(strategyId: string): W | undefined {
    if (!this.applies(strategyId)) return undefined;
    if (this.account !== undefined) return this.account;
    return this.byStrategy.get(strategyId) ?? this.add({ kind: 'strategy', strategyId });
  }

  /** The existing watch of a target, never creating one. */
  existing(target: PauseTarget): W | undefined {
    if (target.kind === 'account') return this.account;
    return this.config.pause === 'strategy' ? this.byStrategy.get(target.strategyId) : undefined;
  }

  /** The trip pausing this strategy, if this breaker holds one. */
  pausing(strategyId: string): BreakerTrip | undefined {
    if (this.account !== undefined) return this.account.trip;
    return this.byStrategy.get(strategyId)?.trip;
  }

  evaluate(now: number): void {
    this.observe(now);
    const watches = this.watches;
    for (let i = 0; i < watches.length; i++) {
      const watch = watches[i]!;
      if (watch.trip !== undefined) this.autoResume(watch, watch.trip, now);
    }
    if (!this.checksOnEvaluate) return;
    if (this.account !== undefined) {
      if (this.checkable(this.account)) this.check(this.account, now);
      return;
    }
    const ids = this.host.inputs.strategyIds();
    for (let i = 0; i < ids.length; i++) {
      const watch = this.watchFor(ids[i]!);
      if (watch !== undefined && this.checkable(watch)) this.check(watch, now);
    }
  }

  private checkable(watch: W): boolean {
    return watch.trip === undefined && !this.host.held(this.kind, watch.target);
  }

  /** This breaker's identity and the running state of its targets, for `BreakerBoard.exportState`. */
  abstract exportEntry(now: number): BreakerStateEntry;

  /** Applies saved targets of this identity; one that does not parse or is not watched here is ignored. */
  importTargets(targets: readonly unknown[], now: number): void {
    const schema = this.stateSchema;
    if (schema === undefined) return;
    for (const raw of targets) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) continue;
      const watch = this.watchOf(parsed.data.target);
      if (watch !== undefined) this.load(watch, parsed.data, now);
    }
  }

  tradeClosed(_strategyId: string, _pnl: number, _now: number): void {}
  orderRejected(_strategyId: string, _now: number): void {}

  /** Whether `check` runs on evaluate (event-driven breakers only resume there). */
  protected abstract readonly checksOnEvaluate: boolean;
  protected abstract createWatch(target: PauseTarget): W;
  /** Compares the watch's numbers to the limit and trips; called only while the watch is not tripped. */
  protected check(_watch: W, _now: number): void {}
  /** Resets the running numbers after a resume, so the same condition does not trip again at once. */
  abstract rearm(watch: W, now: number): void;
  /** Per-evaluation work shared by all watches (before resumes and checks). */
  protected observe(_now: number): void {}
  /** The saved form of a target's state (undefined: no state); importTargets ignores it. */
  protected readonly stateSchema: z.ZodType<S> | undefined = undefined;
  /** Sets a watch's running numbers from a saved target that parsed. */
  protected load(_watch: W, _saved: S, _now: number): void {}

  /** The identity fields of an exported entry. */
  protected entryHead(): { pause: 'account' | 'strategy'; strategies?: string[] } {
    const only = this.config.strategies;
    return { pause: this.config.pause, ...(only === undefined ? {} : { strategies: [...only].sort() }) };
  }

  /** The saved state of every watch that has some. */
  protected saveAll(save: (watch: W) => S | undefined): S[] {
    const saved: S[] = [];
    for (const watch of this.watches) {
      const state = save(watch);
      if (state !== undefined) saved.push(state);
    }
    return saved;
  }

  /** When an auto trip at `at` resumes; undefined: not by time. */
  protected resumeAtFor(at: number): number | undefined {
    return at + (this.config.cooldownMs ?? 0);
  }

  protected autoResume(watch: W, trip: BreakerTrip, now: number): void {
    if (trip.resumeAt !== undefined && now >= trip.resumeAt) this.host.resume(this, watch, 'auto', now);
  }

  /** Builds the trip with this breaker's resume terms and hands it to the board. */
  protected trip(watch: W, at: number, reason: string, details: TripDetails): void {
    const auto = this.config.resume === 'auto';
    const resumeAt = auto ? this.resumeAtFor(at) : undefined;
    const trip: BreakerTrip = {
      breaker: this.kind,
      target: watch.target,
      reason,
      details,
      at,
      resume: this.config.resume,
      ...(resumeAt === undefined ? {} : { resumeAt }),
    };
    this.host.trip(watch, trip);
  }

  /** The watch of a saved target, created if this breaker watches it; undefined otherwise. */
  private watchOf(target: PauseTarget): W | undefined {
    if (target.kind === 'account') return this.account;
    return this.config.pause === 'strategy' ? this.watchFor(target.strategyId) : undefined;
  }

  private add(target: PauseTarget): W {
    const watch = this.createWatch(target);
    this.watches.push(watch);
    if (target.kind === 'strategy') this.byStrategy.set(target.strategyId, watch);
    return watch;
  }
}

/** Identity kept across `reconfigure`: limits may change, what is watched may not. */
export function breakerIdentity(config: BreakerConfig): string {
  return identityOf(config.kind, config.pause, config.strategies);
}

/** The identity of a config or of a saved state entry (strategies in any order). */
export function identityOf(kind: string, pause: string, strategies: readonly string[] | undefined): string {
  const only = strategies === undefined ? '*' : [...strategies].sort().join(',');
  return `${kind}|${pause}|${only}`;
}

/** "strategy s1" or "the account", for reasons. */
export function describeTarget(target: PauseTarget): string {
  return target.kind === 'account' ? 'the account' : `strategy ${target.strategyId}`;
}

export function money(value: number): string {
  return value.toFixed(2);
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}
