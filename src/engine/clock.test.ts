import { afterEach, describe, expect, it, vi } from 'vitest';
import { isQuantLabError } from '../core/errors.js';
import { SimulatedClock, WallClock } from './clock.js';

describe('SimulatedClock', () => {
  it('moves forward or stays, and refuses to go back (QL_ERR_INTERNAL)', () => {
    const clock = new SimulatedClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.set(1_000);
    clock.set(2_000);
    expect(clock.now()).toBe(2_000);
    let caught: unknown;
    try {
      clock.set(1_999);
    } catch (error) {
      caught = error;
    }
    expect(isQuantLabError(caught) && caught.code).toBe('QL_ERR_INTERNAL');
    expect(clock.now()).toBe(2_000);
  });
});

describe('WallClock', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('never goes back when the system clock steps back', () => {
    const now = vi.spyOn(Date, 'now');
    const clock = new WallClock();
    now.mockReturnValue(5_000);
    expect(clock.now()).toBe(5_000);
    now.mockReturnValue(4_000);
    expect(clock.now()).toBe(5_000);
    now.mockReturnValue(6_000);
    expect(clock.now()).toBe(6_000);
  });
});
