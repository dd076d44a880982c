import { describe, expect, it } from 'vitest';
import { QuantLabError } from '../../core/errors.js';
import { loadCcxt } from '../exchanges.js';
import { DownloadAbortedError, parseRetryAfter, type RetryPolicy, withRetry } from './retry.js';
import { isRetryable, toVenueError } from './venue-errors.js';

const ccxt = await loadCcxt();
const context = { exchange: 'okx', operation: 'fetchOHLCV BTC/USDT 1m' };
const FAST: RetryPolicy = { retries: 3, baseDelayMs: 4, maxDelayMs: 16, maxRetryAfterMs: 1_000 };

/** A call that fails with the given errors in turn, then returns 'ok'. */
function failing(...errors: Error[]) {
  let calls = 0;
  const run = async () => {
    calls += 1;
    const error = errors[calls - 1];
    if (error !== undefined) throw error;
    return 'ok';
  };
  return { run, calls: () => calls };
}

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter(' 1.5 ')).toBe(1_500);
    const now = Date.UTC(2024, 0, 1);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 00:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is absent or unreadable', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('retries rate limits, timeouts and outages with growing, bounded pauses', async () => {
    const call = failing(
      new ccxt.RateLimitExceeded('okx {"code":"50011"}'),
      new ccxt.RequestTimeout('timed out'),
      new ccxt.ExchangeNotAvailable('502'),
    );
    const delays: number[] = [];
    const result = await withRetry(call.run, context, FAST, {
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    expect(result).toBe('ok');
    expect(call.calls()).toBe(4);
    // Half fixed, half jitter: retry n waits between base·2ⁿ/2 and base·2ⁿ, capped at maxDelayMs.
    expect(delays[0]).toBeGreaterThanOrEqual(2);
    expect(delays[0]).toBeLessThanOrEqual(4);
    expect(delays[2]).toBeGreaterThanOrEqual(8);
    expect(delays[2]).toBeLessThanOrEqual(16);
  });

  it('waits at least what Retry-After asks after a rate limit', async () => {
    const call = failing(new ccxt.RateLimitExceeded('429'));
    const delays: number[] = [];
    const started = Date.now();
    await withRetry(call.run, context, FAST, {
      retryAfterMs: () => 150,
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    expect(delays).toEqual([150]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('does not wait out a Retry-After longer than the policy allows', async () => {
    const call = failing(new ccxt.DDoSProtection('418 banned'));
    const error = await withRetry(call.run, context, FAST, { retryAfterMs: () => 3_600_000 }).catch((e) => e);
    expect(error).toMatchObject({ code: 'QL_ERR_VENUE_RATE_LIMITED', details: { retryAfterMs: 3_600_000 } });
    expect(call.calls()).toBe(1);
  });

  it('gives up after the last retry and says how many attempts were made', async () => {
    const outage = () => new ccxt.ExchangeNotAvailable('okx 503');
    const call = failing(outage(), outage(), outage(), outage(), outage());
    const error = await withRetry(call.run, context, FAST).catch((e) => e);
    expect(error).toBeInstanceOf(QuantLabError);
    expect(error).toMatchObject({ code: 'QL_ERR_VENUE_UNAVAILABLE', details: { attempts: 4 } });
    expect(error.message).toContain('gave up after 4 attempts');
    expect(call.calls()).toBe(4);
  });

  it('throws a definitive error at once', async () => {
    const call = failing(new ccxt.BadSymbol('okx does not have market symbol X'));
    await expect(withRetry(call.run, context, FAST)).rejects.toMatchObject({
      code: 'QL_ERR_INSTRUMENT_UNKNOWN',
    });
    expect(call.calls()).toBe(1);
  });

  it('stops waiting when aborted, during a pause or a call', async () => {
    const stop = new AbortController();
    const call = failing(new ccxt.RequestTimeout('t'));
    const pending = withRetry(
      call.run,
      context,
      { ...FAST, baseDelayMs: 10_000, maxDelayMs: 10_000 },
      { signal: stop.signal },
    );
    setTimeout(() => stop.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(DownloadAbortedError);

    const hanging = new AbortController();
    const never = withRetry(() => new Promise<string>(() => {}), context, FAST, { signal: hanging.signal });
    hanging.abort();
    await expect(never).rejects.toBeInstanceOf(DownloadAbortedError);
  });
});

describe('toVenueError', () => {
  it('maps ccxt error classes by what the caller must do', () => {
    const cases: Array<[Error, string]> = [
      [new ccxt.RateLimitExceeded('x'), 'QL_ERR_VENUE_RATE_LIMITED'],
      [new ccxt.DDoSProtection('x'), 'QL_ERR_VENUE_RATE_LIMITED'],
      [new ccxt.RequestTimeout('x'), 'QL_ERR_VENUE_UNAVAILABLE'],
      [new ccxt.OnMaintenance('x'), 'QL_ERR_VENUE_UNAVAILABLE'],
      [new ccxt.NetworkError('x'), 'QL_ERR_VENUE_UNAVAILABLE'],
      [new ccxt.BadSymbol('x'), 'QL_ERR_INSTRUMENT_UNKNOWN'],
      [new ccxt.NullResponse('x'), 'QL_ERR_DATA_FORMAT'],
      [new ccxt.AuthenticationError('x'), 'QL_ERR_VENUE_REJECTED'],
      [new ccxt.ExchangeError('x'), 'QL_ERR_VENUE_REJECTED'],
    ];
    for (const [error, code] of cases) {
      const mapped = toVenueError(error, context) as QuantLabError;
      expect(mapped.code, error.constructor.name).toBe(code);
      expect(mapped.details).toMatchObject({ exchange: 'okx', ccxtError: error.constructor.name });
    }
    expect(isRetryable(toVenueError(new ccxt.RequestTimeout('x'), context))).toBe(true);
    expect(isRetryable(toVenueError(new ccxt.BadSymbol('x'), context))).toBe(false);
  });

  it('passes our own errors and bugs through, and keeps signatures out of messages', () => {
    const bug = new TypeError('undefined is not a function');
    expect(toVenueError(bug, context)).toBe(bug);
    const ours = new QuantLabError('QL_ERR_INVALID_INPUT', 'no');
    expect(toVenueError(ours, context)).toBe(ours);
    const signed = new ccxt.ExchangeError(
      'binanceusdm GET https://x/fapi/v1/order?timestamp=1&signature=abcdef0123 400',
    );
    const mapped = toVenueError(signed, context) as QuantLabError;
    expect(mapped.message).toContain('signature=***');
    expect(mapped.message).not.toContain('abcdef0123');
  });
});
