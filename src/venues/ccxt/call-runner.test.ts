import { describe, expect, it } from 'vitest';
import { ExchangeError, type ExchangeErrorKind } from '../exchange/types.js';
import { CallRunner } from './call-runner.js';
import { ManualClock } from './ccxt-test-kit.js';
import type { ExchangeOperation } from './options.js';
import { RateLimiter } from './rate-limiter.js';
import { OKX_RATE_LIMITS } from './venue-rate-limits.js';

function harness(failures: ExchangeErrorKind[], retryAfterMs?: number) {
  const clock = new ManualClock(0);
  const limiter = new RateLimiter(OKX_RATE_LIMITS, { timers: clock, random: () => 0.5 });
  let calls = 0;
  let clockMeasurements = 0;
  const runner = new CallRunner({
    limiter,
    classify: (error) => error as ExchangeError,
    remeasureClock: async () => {
      clockMeasurements += 1;
    },
    timers: clock,
    retry: { random: () => 0.5 },
  });
  const run = (operation: ExchangeOperation) =>
    runner.run({
      operation,
      endpoint: operation === 'create' ? 'create' : 'order',
      label: 'test',
      run: async () => {
        calls += 1;
        const kind = failures.shift();
        if (kind !== undefined)
          throw new ExchangeError(kind, kind, retryAfterMs === undefined ? {} : { retryAfterMs });
        return 'ok';
      },
    });
  return { clock, limiter, run, calls: () => calls, clockMeasurements: () => clockMeasurements };
}

/** Runs `promise` while advancing the clock; returns its outcome. */
async function settle<T>(promise: Promise<T>, clock: ManualClock): Promise<T | ExchangeError> {
  let outcome: T | ExchangeError | undefined;
  let done = false;
  promise.then(
    (value) => {
      outcome = value;
      done = true;
    },
    (error: ExchangeError) => {
      outcome = error;
      done = true;
    },
  );
  for (let i = 0; i < 200 && !done; i++) await clock.advance(1_000);
  return outcome!;
}

describe('CallRunner', () => {
  it('retries a query through a storm of rate limits, waiting out the pauses', async () => {
    const h = harness(['rate-limited', 'rate-limited', 'rate-limited'], 1_500);
    const started = h.clock.now();
    expect(await settle(h.run('query'), h.clock)).toBe('ok');
    expect(h.calls()).toBe(4);
    expect(h.clock.now() - started).toBeGreaterThanOrEqual(3 * 1_500);
  });

  it('gives up after the attempt budget with the last error', async () => {
    const h = harness(['unavailable', 'unavailable', 'unavailable', 'unavailable', 'unavailable']);
    const outcome = await settle(h.run('cancel'), h.clock);
    expect(outcome).toBeInstanceOf(ExchangeError);
    expect((outcome as ExchangeError).kind).toBe('unavailable');
    expect(h.calls()).toBe(4);
  });

  it('never retries a create, whatever the failure; a clock-skew refusal still re-measures the clock', async () => {
    for (const kind of ['unknown', 'rate-limited', 'unavailable', 'clock-skew'] as const) {
      const h = harness([kind]);
      const outcome = await settle(h.run('create'), h.clock);
      expect((outcome as ExchangeError).kind).toBe(kind);
      expect(h.calls()).toBe(1);
      expect(h.clockMeasurements()).toBe(kind === 'clock-skew' ? 1 : 0);
    }
  });

  it('re-measures the clock once on clock skew and retries; a second skew is final', async () => {
    const once = harness(['clock-skew']);
    expect(await settle(once.run('query'), once.clock)).toBe('ok');
    expect(once.clockMeasurements()).toBe(1);
    const twice = harness(['clock-skew', 'clock-skew']);
    expect(((await settle(twice.run('query'), twice.clock)) as ExchangeError).kind).toBe('clock-skew');
    expect(twice.calls()).toBe(2);
  });

  it('does not retry definitive answers', async () => {
    for (const kind of ['rejected', 'not-found', 'auth', 'duplicate-id', 'unknown'] as const) {
      const h = harness([kind]);
      expect(((await settle(h.run('cancel'), h.clock)) as ExchangeError).kind).toBe(kind);
      expect(h.calls()).toBe(1);
    }
  });
});
