import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './ccxt-test-kit.js';
import { RateLimiter } from './rate-limiter.js';
import { TokenBucket } from './token-bucket.js';
import { OKX_RATE_LIMITS } from './venue-rate-limits.js';

/** Fires `count` acquires at once and records when each resolved. */
function fire(acquire: () => Promise<void>, count: number, clock: ManualClock): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) void acquire().then(() => times.push(clock.now()));
  return times;
}

describe('TokenBucket', () => {
  it('OKX 60 per 2 s: 60 calls pass within 2 s, the 61st waits', async () => {
    const clock = new ManualClock(0);
    const bucket = TokenBucket.forWindow('cancel', 60, 2_000, clock);
    const times = fire(() => bucket.acquire(), 61, clock);
    await clock.advance(0);
    expect(times.length).toBe(30); // the burst: half the window's allowance
    await clock.advance(2_000);
    expect(times.length).toBe(60);
    expect(Math.max(...times)).toBeLessThanOrEqual(2_000);
    await clock.advance(100);
    expect(times.length).toBe(61);
    expect(times[60]).toBeGreaterThan(2_000);
  });

  it('never admits more than the limit in any window of the venue (rolling or fixed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 120 }),
        fc.integer({ min: 100, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 150 }),
        async (limit, windowMs, gaps) => {
          // A greedy client: asks again a random pause after each admission.
          const clock = new ManualClock(0);
          const bucket = TokenBucket.forWindow('b', limit, windowMs, clock);
          const admitted: number[] = [];
          for (const gap of gaps) {
            await clock.advance(gap);
            let done = false;
            void bucket.acquire().then(() => {
              done = true;
              admitted.push(clock.now());
            });
            while (!done) await clock.advance(1);
          }
          return admitted.every(
            (start) => admitted.filter((t) => t >= start && t < start + windowMs).length <= limit,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('serves waiters in arrival order with a single timer', async () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket('b', { capacity: 1, refillPerMs: 0.01 }, clock);
    const order: number[] = [];
    await bucket.acquire();
    const waits = [1, 2, 3].map((n) => bucket.acquire().then(() => order.push(n)));
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(300);
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
  });

  it('pause drains and holds everything until the pause ends', async () => {
    const clock = new ManualClock(0);
    const bucket = TokenBucket.forWindow('b', 60, 2_000, clock);
    bucket.pause(5_000);
    const times = fire(() => bucket.acquire(), 3, clock);
    await clock.advance(4_999);
    expect(times).toEqual([]);
    await clock.advance(1_000);
    expect(times.length).toBe(3);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(5_000);
  });
});

describe('RateLimiter', () => {
  it('an OKX storm of 50011 refusals pauses the endpoint longer each time, Retry-After wins', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter(OKX_RATE_LIMITS, { timers: clock, random: () => 0.999 });
    const pauses = [1, 2, 3, 4].map(() => limiter.penalize('order'));
    expect(pauses[0]).toBeGreaterThanOrEqual(999);
    for (let i = 1; i < pauses.length; i++) expect(pauses[i]!).toBeGreaterThan(pauses[i - 1]!);
    expect(limiter.bucket('order-details')!.pausedUntil).toBe(Math.max(...pauses));

    const resolved: number[] = [];
    void limiter.acquire('order').then(() => resolved.push(clock.now()));
    // Other endpoints keep going.
    await limiter.acquire('balance');
    await clock.advance(Math.max(...pauses) - 1);
    expect(resolved).toEqual([]);
    await clock.advance(100);
    expect(resolved.length).toBe(1);

    limiter.succeeded('order');
    expect(limiter.penalize('order', 250)).toBe(250);
  });

  it('a class draws on all its buckets: an OKX create spends a batch-orders and an account-orders token', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter(OKX_RATE_LIMITS, { timers: clock });
    const before = limiter.bucket('account-orders')!.available;
    await limiter.acquire('create');
    await limiter.acquire('create-algo');
    expect(limiter.bucket('account-orders')!.available).toBeCloseTo(before - 2);
    expect(limiter.bucket('batch-orders')!.available).toBeCloseTo(149);
    expect(limiter.bucket('algo-orders')!.available).toBeCloseTo(9);
  });
});
