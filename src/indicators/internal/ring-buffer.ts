/**
 * A fixed-capacity ring of numbers over a preallocated `Float64Array`: the window store of every streaming
 * indicator. Pushing never allocates, so per-bar updates stay O(1) and garbage-free (DESIGN.md §1.6).
 */
export class RingBuffer {
  readonly capacity: number;
  private readonly data: Float64Array;
  /** Slot the next push writes to. */
  private head = 0;
  private length = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.data = new Float64Array(capacity);
  }

  /** How many values are held (at most `capacity`). */
  get size(): number {
    return this.length;
  }

  /** True once `capacity` values have been pushed (and every further push evicts the oldest). */
  get full(): boolean {
    return this.length === this.capacity;
  }

  /** Appends `value`; returns the value it evicted, or NaN while the ring was not yet full. */
  push(value: number): number {
    const slot = this.head;
    const evicted = this.length === this.capacity ? this.data[slot]! : Number.NaN;
    this.data[slot] = value;
    this.head = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.length < this.capacity) this.length += 1;
    return evicted;
  }

  /** The value `i` places after the oldest (`at(0)` is the oldest, `at(size - 1)` the newest). */
  at(i: number): number {
    if (i < 0 || i >= this.length) return Number.NaN;
    let slot = this.head - this.length + i;
    if (slot < 0) slot += this.capacity;
    return this.data[slot]!;
  }

  /** The value pushed `k` pushes ago (`ago(0)` is the newest). */
  ago(k: number): number {
    if (k < 0 || k >= this.length) return Number.NaN;
    let slot = this.head - 1 - k;
    if (slot < 0) slot += this.capacity;
    return this.data[slot]!;
  }

  /** The oldest value held (NaN when empty). */
  oldest(): number {
    return this.at(0);
  }

  /** The newest value held (NaN when empty). */
  newest(): number {
    return this.ago(0);
  }

  /** Empties the ring (the storage is kept). */
  reset(): void {
    this.head = 0;
    this.length = 0;
  }
}
