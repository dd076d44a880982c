/** A growable column of doubles: events recorded without an object each (fills, trades of a sweep trial). */
export class F64List {
  #data: Float64Array;
  length = 0;

  constructor(capacity = 256) {
    this.#data = new Float64Array(Math.max(1, capacity));
  }

  push(x: number): void {
    if (this.length === this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.length] = x;
    this.length += 1;
  }

  at(i: number): number {
    return this.#data[i]!;
  }
}
