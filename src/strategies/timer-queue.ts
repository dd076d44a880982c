/**
 * A strategy's named timers. `popDue(now)` hands them out in time order (ties in the order they were set),
 * so a host that advances the clock in one jump still fires every occurrence, deterministically.
 */

import { QuantLabError } from '../core/errors.js';

interface TimerEntry {
  at: number;
  readonly everyMs: number | undefined;
  /** Set order, the tie-breaker for timers due at the same time. */
  seq: number;
}

export interface DueTimer {
  readonly name: string;
  /** When it was due (the clock may be later). */
  readonly at: number;
}

export class TimerQueue {
  private readonly timers = new Map<string, TimerEntry>();
  private seq = 0;

  /** Throws QL_ERR_INVALID_INPUT for an empty name, a non-finite time or a non-positive period. */
  static check(name: string, at: number, everyMs?: number): void {
    if (typeof name !== 'string' || name === '') {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', 'A timer needs a non-empty name.', {
        details: { name },
      });
    }
    if (typeof at !== 'number' || !Number.isFinite(at)) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `Timer '${name}': time ${at} is not a finite epoch ms.`,
        {
          details: { name, at },
        },
      );
    }
    if (everyMs !== undefined && (typeof everyMs !== 'number' || !Number.isFinite(everyMs) || everyMs <= 0)) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `Timer '${name}': period ${everyMs} must be a finite number of ms > 0.`,
        { details: { name, everyMs } },
      );
    }
  }

  /** Sets (or replaces) a timer. */
  set(name: string, at: number, everyMs?: number): void {
    TimerQueue.check(name, at, everyMs);
    this.timers.set(name, { at, everyMs, seq: this.seq++ });
  }

  clear(name: string): void {
    this.timers.delete(name);
  }

  get size(): number {
    return this.timers.size;
  }

  /** The next timer due at or before `now` (removed, or rescheduled one period later), or undefined. */
  popDue(now: number): DueTimer | undefined {
    let bestName: string | undefined;
    let best: TimerEntry | undefined;
    for (const [name, entry] of this.timers) {
      if (entry.at > now) continue;
      if (best === undefined || entry.at < best.at || (entry.at === best.at && entry.seq < best.seq)) {
        best = entry;
        bestName = name;
      }
    }
    if (best === undefined || bestName === undefined) return undefined;
    const at = best.at;
    if (best.everyMs === undefined) this.timers.delete(bestName);
    else {
      best.at = at + best.everyMs;
      best.seq = this.seq++;
    }
    return { name: bestName, at };
  }
}
