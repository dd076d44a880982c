import { expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { captureRequests, ManualClock, offlineBinance, offlineOkx } from './ccxt-test-kit.js';
import { ClockOffset } from './clock-offset.js';
import { REAL_TIMERS } from './options.js';

const HOUR = 3_600_000;

describeWithSharedData('ClockOffset', () => {
  it('splits the round trip: offset = venue − (send + receive) / 2', async () => {
    const exchange = await offlineOkx();
    const clock = new ManualClock(1_000_000);
    const offset = new ClockOffset(exchange, clock);
    const sample = await offset.measure(async () => {
      await clock.advance(200); // 200 ms round trip; the venue read its clock half-way, 5 s ahead of ours
      return 1_000_100 + 5_000;
    });
    expect(sample).toEqual({ offsetMs: 5_000, roundTripMs: 200 });
    expect(offset.now()).toBe(1_000_200 + 5_000);
    await expect(offset.measure(async () => undefined)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('moves the OKX OK-ACCESS-TIMESTAMP header by the offset', async () => {
    const exchange = await offlineOkx();
    const offset = new ClockOffset(exchange, REAL_TIMERS);
    const captured = captureRequests(exchange, () => ({ code: '0', data: [], msg: '' }));
    const signedAt = async () => {
      const before = Date.now();
      await exchange.fetchBalance();
      const header = captured.at(-1)!.headers['OK-ACCESS-TIMESTAMP']!;
      return Date.parse(header) - before;
    };
    const unadjusted = await signedAt();
    offset.apply(HOUR);
    const ahead = await signedAt();
    offset.apply(-HOUR);
    const behind = await signedAt();
    expect(Math.abs(unadjusted)).toBeLessThan(1_000);
    expect(ahead - unadjusted).toBeGreaterThan(HOUR - 1_000);
    expect(ahead - unadjusted).toBeLessThan(HOUR + 1_000);
    expect(unadjusted - behind).toBeGreaterThan(HOUR - 1_000);
  });

  it('moves the Binance signed timestamp parameter by the offset, through a real measurement', async () => {
    const exchange = await offlineBinance();
    const offset = new ClockOffset(exchange, REAL_TIMERS);
    const captured = captureRequests(exchange, (request) =>
      request.url.includes('/time') ? { serverTime: Date.now() - 2 * HOUR } : [],
    );
    const sample = await offset.measure();
    expect(captured[0]!.url).toContain('/fapi/v1/time');
    expect(sample.offsetMs).toBeGreaterThan(-2 * HOUR - 1_000);
    expect(sample.offsetMs).toBeLessThan(-2 * HOUR + 1_000);
    const before = Date.now();
    await exchange.fetchOpenOrders('BTC/USDT:USDT');
    const { url, body } = captured.at(-1)!;
    const timestamp = Number(new URLSearchParams(body ?? new URL(url).search).get('timestamp'));
    expect(timestamp - before).toBeGreaterThan(-2 * HOUR - 1_000);
    expect(timestamp - before).toBeLessThan(-2 * HOUR + 1_000);
  });
});
