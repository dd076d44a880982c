/**
 * Rolling maximum or minimum of the last `window` values in amortised O(1) per push: a monotonic deque
 * kept in fixed-capacity typed arrays, so pushing never allocates (DESIGN.md §1.6).
 *
 * Ties resolve to the most recent index, as TA-Lib's AROON does (`>=` / `<=` when it scans): an older
 * value equal to a newer one can never be the extreme again and is dropped on push.
 */
export class RollingExtreme {
  readonly window: number;
  private readonly keepMax: boolean;
  private readonly capacity: number;
  private readonly indices: Float64Array;
  private readonly values: Float64Array;
  /** Slot of the front (the extreme) and number of entries. */
  private head = 0;
  private length = 0;

  constructor(window: number, kind: 'max' | 'min') {
    if (!Number.isInteger(window) || window < 1) {
      throw new RangeError(`RollingExtreme window must be a positive integer, got ${window}`);
    }
    this.window = window;
    this.keepMax = kind === 'max';
    // One more than the window: the new entry is appended before the expired front is evicted.
    this.capacity = window + 1;
    this.indices = new Float64Array(this.capacity);
    this.values = new Float64Array(this.capacity);
  }

  /** Adds the value of bar `index` (indices must increase by one per push) and drops expired entries. */
  push(index: number, value: number): void {
    const cap = this.capacity;
    // Pop from the back every entry the new value dominates (or equals: the newer index wins ties).
    while (this.length > 0) {
      let back = this.head + this.length - 1;
      if (back >= cap) back -= cap;
      const v = this.values[back]!;
      if (this.keepMax ? v <= value : v >= value) this.length -= 1;
      else break;
    }
    let tail = this.head + this.length;
    if (tail >= cap) tail -= cap;
    this.indices[tail] = index;
    this.values[tail] = value;
    this.length += 1;
    const oldest = index - this.window;
    while (this.indices[this.head]! <= oldest) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.length -= 1;
    }
  }

  /** The extreme of the window (NaN when empty). */
  get value(): number {
    return this.length > 0 ? this.values[this.head]! : Number.NaN;
  }

  /** The bar index of the extreme, the most recent one on ties (-1 when empty). */
  get index(): number {
    return this.length > 0 ? this.indices[this.head]! : -1;
  }

  reset(): void {
    this.head = 0;
    this.length = 0;
  }
}
