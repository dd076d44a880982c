/**
 * `ctx.state`: a strategy's persisted key-value state. Values must be JSON (they survive a restart through
 * the state store), so they are checked and copied on `set` and `get`: a strategy can never change stored
 * state by mutating an object it holds.
 *
 * Changes made during a callback are staged and become real only when the callback succeeds (the host
 * commits them); a failed callback leaves the state as it was.
 */

import { QuantLabError } from '../core/errors.js';
import type { PersistedState } from './ports.js';
import type { StrategyState } from './types.js';

const DELETED = Symbol('deleted');

/** Why `value` is not plain JSON (undefined when it is). Rejects NaN/Infinity, which JSON would turn into null. */
export function jsonProblem(value: unknown, path = 'value', seen = new Set<object>()): string | undefined {
  const problem = findJsonProblem(value, seen);
  if (problem === undefined) return undefined;
  // The path is assembled only when something is wrong: payloads are checked on every signal.
  let where = path;
  for (let i = problem.path.length - 1; i >= 0; i--) {
    const step = problem.path[i]!;
    where += typeof step === 'number' ? `[${step}]` : `.${step}`;
  }
  return `${where} ${problem.what}`;
}

interface JsonProblem {
  /** From the offending value up to the root (reversed). */
  readonly path: Array<string | number>;
  readonly what: string;
}

function findJsonProblem(value: unknown, seen: Set<object>): JsonProblem | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : { path: [], what: `is ${value}` };
  if (typeof value !== 'object') return { path: [], what: `is a ${typeof value}` };
  if (seen.has(value)) return { path: [], what: 'is a circular reference' };
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = findJsonProblem(value[i], seen);
        if (problem !== undefined) {
          problem.path.push(i);
          return problem;
        }
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      return { path: [], what: 'is not a plain object or array' };
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const problem = findJsonProblem((value as Record<string, unknown>)[key], seen);
      if (problem !== undefined) {
        problem.path.push(key);
        return problem;
      }
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
}

function copy<T>(value: T): T {
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export class StagedStrategyState implements StrategyState {
  private committed = new Map<string, unknown>();
  private readonly staged = new Map<string, unknown>();

  /** Replaces everything with what the store loaded (no staging). Throws QL_ERR_INVALID_INPUT for non-JSON. */
  restore(saved: PersistedState | undefined): void {
    this.staged.clear();
    this.committed = new Map();
    if (saved === undefined) return;
    const problem = jsonProblem(saved, 'state');
    if (problem !== undefined) {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `Stored strategy state is not JSON: ${problem}.`);
    }
    for (const [key, value] of Object.entries(saved)) this.committed.set(key, copy(value));
  }

  get<T = unknown>(key: string): T | undefined {
    const value = this.staged.has(key) ? this.staged.get(key) : this.committed.get(key);
    return value === DELETED ? undefined : (copy(value) as T | undefined);
  }

  set(key: string, value: unknown): void {
    if (typeof key !== 'string' || key === '') {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', 'ctx.state keys must be non-empty strings.');
    }
    const problem = jsonProblem(value, `state.${key}`);
    if (problem !== undefined) {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `ctx.state.set: ${problem}; values must be JSON.`, {
        details: { key },
      });
    }
    this.staged.set(key, copy(value));
  }

  delete(key: string): void {
    this.staged.set(key, DELETED);
  }

  keys(): string[] {
    const keys = new Set(this.committed.keys());
    for (const [key, value] of this.staged) {
      if (value === DELETED) keys.delete(key);
      else keys.add(key);
    }
    return [...keys];
  }

  /** Applies the staged changes; returns true when there were any. */
  commit(): boolean {
    if (this.staged.size === 0) return false;
    for (const [key, value] of this.staged) {
      if (value === DELETED) this.committed.delete(key);
      else this.committed.set(key, value);
    }
    this.staged.clear();
    return true;
  }

  rollback(): void {
    this.staged.clear();
  }

  /** A fresh JSON copy of the committed state, for the store. */
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of this.committed) out[key] = copy(value);
    return out;
  }
}
