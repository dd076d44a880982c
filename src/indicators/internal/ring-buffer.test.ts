import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the last capacity values in order and reports what each push evicted', () => {
    const ring = new RingBuffer(3);
    expect([ring.size, ring.full, ring.oldest(), ring.newest()]).toEqual([0, false, Number.NaN, Number.NaN]);
    expect([ring.push(1), ring.push(2), ring.push(3)]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(ring.full).toBe(true);
    expect(ring.push(4)).toBe(1);
    expect(ring.push(5)).toBe(2);
    expect([ring.at(0), ring.at(1), ring.at(2)]).toEqual([3, 4, 5]);
    expect([ring.ago(0), ring.ago(1), ring.ago(2)]).toEqual([5, 4, 3]);
    expect([ring.oldest(), ring.newest(), ring.size]).toEqual([3, 5, 3]);
  });

  it('answers NaN outside the held values and empties on reset', () => {
    const ring = new RingBuffer(2);
    ring.push(7);
    expect([ring.at(-1), ring.at(1), ring.ago(1)]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    ring.reset();
    expect([ring.size, ring.newest()]).toEqual([0, Number.NaN]);
    ring.push(8);
    expect(ring.oldest()).toBe(8);
  });

  it('works with capacity 1 and rejects a non-positive capacity', () => {
    const ring = new RingBuffer(1);
    ring.push(1);
    expect(ring.push(2)).toBe(1);
    expect(ring.oldest()).toBe(2);
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});
