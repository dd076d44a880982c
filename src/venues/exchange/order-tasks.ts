/**
 * Per-order work of the exchange venue: operations on one order run one after the other (a cancel never
 * overtakes its create), timers and waits can be cut short by `close()` (a task waiting out a rate limit
 * must not hold a shutdown), and a failing task is logged, never left unhandled.
 */

import type { Timers } from './timers.js';

export class OrderTasks {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pendingTimers = new Set<unknown>();
  private readonly sleepers = new Set<() => void>();
  private closedFlag = false;

  constructor(
    private readonly timers: Timers,
    private readonly onError: (error: unknown, clientOrderId: string) => void,
  ) {}

  get closed(): boolean {
    return this.closedFlag;
  }

  /** True while an operation on the order is queued or running. */
  busy(clientOrderId: string): boolean {
    return this.chains.has(clientOrderId);
  }

  /** Runs `task` after every operation queued before it on the same order. */
  enqueue(clientOrderId: string, task: () => Promise<void>): void {
    const previous = this.chains.get(clientOrderId) ?? Promise.resolve();
    const next = previous.then(task).catch((error) => this.onError(error, clientOrderId));
    this.chains.set(clientOrderId, next);
    void next.then(() => {
      if (this.chains.get(clientOrderId) === next) this.chains.delete(clientOrderId);
    });
  }

  /** Calls `fn` after `ms`, unless closed by then. */
  later(ms: number, fn: () => void): void {
    if (this.closedFlag) return;
    const handle = this.timers.setTimeout(() => {
      this.pendingTimers.delete(handle);
      if (!this.closedFlag) fn();
    }, ms);
    this.pendingTimers.add(handle);
  }

  /** A wait that `close()` cuts short. */
  sleep(ms: number): Promise<void> {
    if (this.closedFlag) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.pendingTimers.delete(handle);
        this.sleepers.delete(wake);
        resolve();
      };
      const handle = this.timers.setTimeout(wake, ms);
      this.pendingTimers.add(handle);
      this.sleepers.add(wake);
    });
  }

  /** Stops timers, wakes sleepers, and waits for the operations already running. */
  async close(): Promise<void> {
    this.closedFlag = true;
    for (const handle of this.pendingTimers) this.timers.clearTimeout(handle);
    this.pendingTimers.clear();
    for (const wake of [...this.sleepers]) wake();
    await Promise.allSettled([...this.chains.values()]);
  }
}
