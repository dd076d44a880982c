/**
 * Stale data: a watched symbol whose last market event is more than `maxAgeMs` old trips (exactly
 * maxAgeMs old is still fresh); a symbol with no event yet counts from when this breaker started. The
 * inputs do not say which strategy uses which symbol, so with pause 'strategy' every watched strategy is
 * paused on its own. Auto resume once every watched symbol is fresh again, `cooldownMs` (default 0)
 * after the first evaluation that saw it fresh; a manual resume while data is still stale trips again.
 */

import type { BoardHost } from './monitor.js';
import { describeTarget, Monitor, type Watch } from './monitor.js';
import type { BreakerStateEntry } from './state.js';
import type { BreakerTrip, PauseTarget, StaleDataConfig } from './types.js';

interface StaleWatch extends Watch {
  /** The first evaluation, after the trip, that found all data fresh; NaN while stale. */
  freshSince: number;
}

export class StaleDataMonitor extends Monitor<StaleDataConfig, StaleWatch> {
  protected readonly checksOnEvaluate = true;
  /** Symbols with no event yet are aged from here. */
  private readonly startedAt: number;
  // The stalest symbol of the last evaluation, kept in fields so evaluating allocates nothing.
  private stalest: string | undefined;
  private stalestAge = 0;
  private stalestTs: number | undefined;

  constructor(config: StaleDataConfig, host: BoardHost) {
    super(config, host);
    this.startedAt = host.inputs.now();
  }

  protected createWatch(target: PauseTarget): StaleWatch {
    return { target, trip: undefined, freshSince: Number.NaN };
  }

  protected override observe(now: number): void {
    const inputs = this.host.inputs;
    const symbols = inputs.watchedSymbols();
    this.stalest = undefined;
    this.stalestAge = 0;
    this.stalestTs = undefined;
    for (let i = 0; i < symbols.length; i++) {
      const symbol = symbols[i]!;
      const last = inputs.lastMarketDataTs(symbol);
      // A time that is not finite is no event: NaN would make the symbol fresh for ever.
      const ts = last !== undefined && Number.isFinite(last) ? last : undefined;
      const age = now - (ts ?? this.startedAt);
      if (age > this.config.maxAgeMs && (this.stalest === undefined || age > this.stalestAge)) {
        this.stalest = symbol;
        this.stalestAge = age;
        this.stalestTs = ts;
      }
    }
  }

  protected override check(watch: StaleWatch, now: number): void {
    if (this.stalest === undefined) return;
    const maxAgeMs = this.config.maxAgeMs;
    const seen =
      this.stalestTs === undefined
        ? 'has had no market data'
        : `last had market data ${this.stalestAge} ms ago`;
    this.trip(
      watch,
      now,
      `${this.stalest} ${seen}, older than ${maxAgeMs} ms: pausing ${describeTarget(watch.target)}`,
      {
        symbol: this.stalest,
        ageMs: this.stalestAge,
        limit: maxAgeMs,
        lastDataTs: this.stalestTs ?? 'none',
      },
    );
  }

  rearm(watch: StaleWatch): void {
    watch.freshSince = Number.NaN;
  }

  /**
   * Nothing to carry over: the data clocks are the inputs' and restart with the new process's feed, and
   * aging unseen symbols (or a resume wait) from before the restart would count the downtime.
   */
  exportEntry(): BreakerStateEntry {
    return { kind: 'stale-data', ...this.entryHead(), targets: [] };
  }

  /** Not by time: data decides. */
  protected override resumeAtFor(): undefined {
    return undefined;
  }

  protected override autoResume(watch: StaleWatch, trip: BreakerTrip, now: number): void {
    if (trip.resume !== 'auto') return;
    if (this.stalest !== undefined) {
      watch.freshSince = Number.NaN;
      return;
    }
    if (Number.isNaN(watch.freshSince)) watch.freshSince = now;
    if (now - watch.freshSince >= (this.config.cooldownMs ?? 0)) this.host.resume(this, watch, 'auto', now);
  }
}
