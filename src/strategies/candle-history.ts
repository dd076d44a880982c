/**
 * The closed candles of one series, as a fixed-capacity ring buffer of columns (one Float64Array per field).
 *
 * Appending copies six numbers into preallocated columns: nothing is allocated per candle (DESIGN.md §1.6),
 * and a strategy holding the history can never change it. Only closed candles ever enter (the host checks
 * that), so whatever a strategy reads through it is the past.
 */

import type { Candle } from '../core/market.js';
import type { CandleHistory } from './types.js';

export class CandleRing implements CandleHistory {
  readonly capacity: number;
  private readonly tsCol: Float64Array;
  private readonly openCol: Float64Array;
  private readonly highCol: Float64Array;
  private readonly lowCol: Float64Array;
  private readonly closeCol: Float64Array;
  private readonly volumeCol: Float64Array;
  /** Slot the next candle goes to. */
  private head = 0;
  private size = 0;
  /** Candles appended since creation (also those that have dropped out of the window). */
  private total = 0;

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`candle history capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.tsCol = new Float64Array(capacity);
    this.openCol = new Float64Array(capacity);
    this.highCol = new Float64Array(capacity);
    this.lowCol = new Float64Array(capacity);
    this.closeCol = new Float64Array(capacity);
    this.volumeCol = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Every candle ever appended, including those no longer in the window. */
  get appended(): number {
    return this.total;
  }

  /** Open time of the latest candle, or -Infinity when empty. */
  get lastTs(): number {
    return this.size === 0 ? Number.NEGATIVE_INFINITY : this.tsCol[this.slot(this.size - 1)]!;
  }

  push(candle: Candle): void {
    const at = this.head;
    this.tsCol[at] = candle.ts;
    this.openCol[at] = candle.open;
    this.highCol[at] = candle.high;
    this.lowCol[at] = candle.low;
    this.closeCol[at] = candle.close;
    this.volumeCol[at] = candle.volume;
    this.head = (at + 1) % this.capacity;
    if (this.size < this.capacity) this.size += 1;
    this.total += 1;
  }

  /** Buffer slot of logical index `i` (0 = oldest, -1 = latest), or -1 outside the window. */
  private index(i: number): number {
    if (!Number.isInteger(i)) return -1;
    const logical = i < 0 ? this.size + i : i;
    if (logical < 0 || logical >= this.size) return -1;
    return this.slot(logical);
  }

  private slot(logical: number): number {
    return (this.head - this.size + logical + this.capacity) % this.capacity;
  }

  at(i: number): Candle | undefined {
    const s = this.index(i);
    if (s < 0) return undefined;
    return Object.freeze({
      ts: this.tsCol[s]!,
      open: this.openCol[s]!,
      high: this.highCol[s]!,
      low: this.lowCol[s]!,
      close: this.closeCol[s]!,
      volume: this.volumeCol[s]!,
    });
  }

  private read(column: Float64Array, i: number): number {
    const s = this.index(i);
    return s < 0 ? Number.NaN : column[s]!;
  }

  close(i = -1): number {
    return this.read(this.closeCol, i);
  }
  open(i = -1): number {
    return this.read(this.openCol, i);
  }
  high(i = -1): number {
    return this.read(this.highCol, i);
  }
  low(i = -1): number {
    return this.read(this.lowCol, i);
  }
  volume(i = -1): number {
    return this.read(this.volumeCol, i);
  }
  ts(i = -1): number {
    return this.read(this.tsCol, i);
  }
}
