/**
 * The mechanics of the safe wrapper: runs one strategy callback with every command it makes staged, and
 * says whether it failed. A callback fails when it throws, when one of its commands was garbage (even if
 * the strategy caught that error), or when it returns anything (callbacks are synchronous: a returned
 * promise is an `async` callback). A failed callback's staged commands are dropped; a successful one's wait
 * for `apply()`. What a failure means (counted, logged, pausing the strategy) is the host's business.
 */

import type { Strategy } from './types.js';

export type CallbackName = Exclude<keyof Strategy, 'subscriptions'>;
/** The one arguments object callback `K` receives. */
export type CallbackArgs<K extends CallbackName> = Parameters<NonNullable<Strategy[K]>>[0];

/** What `run` returns when the callback succeeded (anything else is the failure). */
export const SUCCEEDED: unique symbol = Symbol('callback succeeded');

const NONE: unique symbol = Symbol('no violation');

export class CallbackGuard {
  private running = false;
  /** The first garbage command of the running callback. */
  private violation: unknown = NONE;
  private readonly staged: Array<() => void> = [];

  /** True while a callback runs (commands are accepted only then). */
  get active(): boolean {
    return this.running;
  }

  /**
   * Runs `check` now — when it throws, the error fails the running callback and is rethrown to the
   * strategy — and stages `effect`, if any, until the callback has succeeded. Call only while `active`.
   */
  stage(check: () => void, effect?: () => void): void {
    try {
      check();
    } catch (error) {
      if (this.violation === NONE) this.violation = error;
      throw error;
    }
    if (effect !== undefined) this.staged.push(effect);
  }

  /** Calls `strategy[callback](args)`; returns SUCCEEDED, or the failure (its staged commands dropped). */
  run<K extends CallbackName>(strategy: Strategy, callback: K, args: CallbackArgs<K>): unknown {
    const fn = strategy[callback] as unknown as (this: Strategy, args: CallbackArgs<K>) => unknown;
    this.running = true;
    this.violation = NONE;
    let failure: unknown = SUCCEEDED;
    try {
      const result = fn.call(strategy, args);
      if (result !== undefined) failure = returnedValue(callback, result);
    } catch (error) {
      failure = error;
    } finally {
      this.running = false;
    }
    if (failure === SUCCEEDED && this.violation !== NONE) failure = this.violation;
    this.violation = NONE;
    if (failure !== SUCCEEDED && this.staged.length > 0) this.staged.length = 0;
    return failure;
  }

  /** Applies what the last successful callback staged, in order. */
  apply(): void {
    const staged = this.staged;
    // Most callbacks stage nothing; truncating an empty array still costs a runtime call, every bar.
    if (staged.length === 0) return;
    try {
      for (let i = 0; i < staged.length; i++) staged[i]!();
    } finally {
      staged.length = 0;
    }
  }
}

function returnedValue(callback: string, result: unknown): Error {
  const isPromise = typeof (result as { then?: unknown })?.then === 'function';
  // An async callback's rejection is part of this failure, not an unhandled rejection of the process.
  if (isPromise) (result as Promise<unknown>).then(undefined, () => {});
  return new Error(
    isPromise
      ? `${callback} returned a promise: callbacks must be synchronous (no async)`
      : `${callback} returned a value (${typeof result}); callbacks must return nothing`,
  );
}
