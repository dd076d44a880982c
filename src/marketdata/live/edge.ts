/**
 * Edge validation helpers shared by the venue taps and the feed: strict number parsing, rejection reason
 * names, and the "timestamps never go backwards" check. A reason is `<kind>-<rule>` (e.g.
 * `book-crossed`, `candle-close-not-finite`, `trade-ts-backwards`), with the rule names of
 * `core/market-validation.ts` where a rule exists there, so counters read the same everywhere.
 */

import type { Candle } from '../../core/market.js';
import { validateCandle } from '../../core/market-validation.js';

/** Parses a venue number: numbers as they are, numeric strings strictly; anything else is NaN. */
export function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** An integer epoch-ms timestamp, or NaN. */
export function tsOf(value: unknown): number {
  const n = num(value);
  return Number.isSafeInteger(n) ? n : Number.NaN;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first broken rule of a candle, as a reason, or undefined. */
export function candleViolation(candle: Candle): string | undefined {
  const violations = validateCandle(candle);
  return violations.length > 0 ? `candle-${violations[0]!.rule}` : undefined;
}

/** `<name>-not-finite` / `<name>-not-positive` for a price that must be > 0. */
export function priceRule(name: string, value: number): string | undefined {
  if (!Number.isFinite(value)) return `${name}-not-finite`;
  if (value <= 0) return `${name}-not-positive`;
  return undefined;
}

/** `<name>-negative` (as validateTicker names it) for a size that must be finite and ≥ 0. */
export function sizeRule(name: string, value: number): string | undefined {
  return Number.isFinite(value) && value >= 0 ? undefined : `${name}-negative`;
}

/**
 * Checks raw book levels (a snapshot or a diff, so not necessarily sorted): price finite > 0, size finite
 * ≥ 0. Returns `<side>-price-invalid` / `<side>-size-invalid` like validateBook, or `<side>-malformed`.
 */
export function levelsRule(levels: unknown, side: 'bids' | 'asks'): string | undefined {
  if (!Array.isArray(levels)) return `${side}-malformed`;
  for (const level of levels) {
    if (!Array.isArray(level) || level.length < 2) return `${side}-malformed`;
    const price = num(level[0]);
    const size = num(level[1]);
    if (!Number.isFinite(price) || price <= 0) return `${side}-price-invalid`;
    if (!Number.isFinite(size) || size < 0) return `${side}-size-invalid`;
  }
  return undefined;
}

/** Remembers the latest timestamp per stream and refuses ones that go back in time. */
export class MonotonicClock {
  readonly #last = new Map<string, number>();

  /** True (and remembered) when `ts` is not before the last one seen for `key`. */
  accept(key: string, ts: number): boolean {
    const last = this.#last.get(key);
    if (last !== undefined && ts < last) return false;
    this.#last.set(key, ts);
    return true;
  }

  /** Peeks without remembering. */
  wouldAccept(key: string, ts: number): boolean {
    const last = this.#last.get(key);
    return last === undefined || ts >= last;
  }

  forget(key: string): void {
    this.#last.delete(key);
  }
}
