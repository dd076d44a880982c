import { describe, expect, it } from 'vitest';
import { nextBucket, type Timeframe } from '../../core/timeframe.js';
import type { Exchange } from '../exchanges.js';
import { CLOSE_GRACE_MS, candlePages, ceilAlign, lastClosedStart } from './pages.js';

const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

interface FakeOptions {
  /** Rows the venue returns at most, whatever is asked (below our page size, as some venues do). */
  cap: number;
  /** Raw rows appended to the first answer (a later row for the same ts replaces the earlier one). */
  extra?: unknown[][];
}

/** A ccxt-shaped exchange the profiles do not know: oldest first from `since`, short pages when it caps. */
function fakeExchange({ cap, extra = [] }: FakeOptions) {
  const calls: Array<{ since: number; limit: number }> = [];
  const exchange = {
    id: 'fakex',
    timeframes: { '1m': '1m', '1h': '1h', '1M': '1M' },
    last_response_headers: undefined,
    loadMarkets: async () => ({ 'BTC/USD': { type: 'spot', spot: true, contract: false, swap: false } }),
    fetchOHLCV: async (_symbol: string, timeframe: Timeframe, since: number, limit: number) => {
      calls.push({ since, limit });
      const rows: unknown[][] = [];
      for (
        let ts = ceilAlign(since, timeframe);
        rows.length < Math.min(limit, cap);
        ts = nextBucket(ts, timeframe)
      ) {
        if (ts > Date.UTC(2024, 5, 1)) break; // the venue's last candle
        rows.push([ts, 10, 12, 9, 11, 5]);
      }
      return calls.length === 1 ? [...rows, ...extra] : rows;
    },
  };
  return { exchange: exchange as unknown as Exchange, calls };
}

async function collect(pages: ReturnType<typeof candlePages>) {
  const out = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('candlePages on an exchange without a profile', () => {
  it('keeps going after pages shorter than asked, and ends on an empty one', async () => {
    const { exchange, calls } = fakeExchange({ cap: 200 });
    const to = T0 + 999 * MINUTE;
    const pages = await collect(
      candlePages({ exchange, symbol: 'BTC/USD', timeframe: '1m', kind: 'candles', from: T0, to }),
    );
    const rows = pages.flatMap((p) => p.rows);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((c) => c.ts)).size).toBe(1000);
    expect(calls.map((c) => (c.since - T0) / MINUTE)).toEqual([0, 200, 400, 600, 800]);
    expect(calls.map((c) => c.limit)).toEqual([500, 500, 500, 400, 200]);
    expect(pages.at(-1)?.nextTs).toBe(to + 1);
  });

  it('pages calendar months', async () => {
    const { exchange, calls } = fakeExchange({ cap: 1000 });
    const pages = await collect(
      candlePages({
        exchange,
        symbol: 'BTC/USD',
        timeframe: '1M',
        kind: 'candles',
        from: Date.UTC(2023, 0, 15),
        to: Date.UTC(2024, 11, 31),
        pageSize: 5,
        now: () => Date.UTC(2024, 6, 10),
      }),
    );
    const months = pages.flatMap((p) => p.rows).map((c) => new Date(c.ts).toISOString().slice(0, 7));
    // From the first month start after `from` to the venue's last candle (June 2024 is closed by July).
    expect(months[0]).toBe('2023-02');
    expect(months.at(-1)).toBe('2024-06');
    expect(months).toHaveLength(17);
    expect(calls.map((c) => new Date(c.since).toISOString().slice(0, 10))).toEqual([
      '2023-02-01',
      '2023-07-01',
      '2023-12-01',
      '2024-05-01',
    ]);
  });

  it('rejects broken rows with their rules, keeps one candle per timestamp, never the forming one', async () => {
    const { exchange } = fakeExchange({
      cap: 100,
      extra: [
        ['not a time', 1, 1, 1, 1, 1],
        [T0 + 30_000, 10, 12, 9, 11, 5],
        [T0 + MINUTE, 10, 8, 9, 11, 5],
      ],
    });
    const now = T0 + 10 * MINUTE + CLOSE_GRACE_MS;
    const pages = await collect(
      candlePages({
        exchange,
        symbol: 'BTC/USD',
        timeframe: '1m',
        kind: 'candles',
        from: T0,
        to: T0 + 60 * MINUTE,
        now: () => now,
      }),
    );
    const rows = pages.flatMap((p) => p.rows);
    // 00:00 … 00:09 are closed (00:09 ended a grace period ago); 00:10 is forming; 00:01 came again, broken.
    expect(rows.map((c) => (c.ts - T0) / MINUTE)).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 9]);
    const rejected = pages.flatMap((p) => p.rejected);
    expect(rejected.map((r) => [r.ts, r.reason])).toEqual([
      [null, 'ts-invalid'],
      [T0 + MINUTE, 'high-below-low,open-outside-range,close-outside-range'],
      [T0 + 30_000, 'ts-not-aligned'],
    ]);
    expect(pages.at(-1)?.nextTs).toBe(T0 + 9 * MINUTE + 1);
  });
});

describe('bucket helpers', () => {
  it('finds the newest closed candle and the next bucket start', () => {
    expect(lastClosedStart(T0 + 90 * MINUTE + 5, '1h')).toBe(T0);
    expect(lastClosedStart(T0 + 2 * 3_600_000, '1h')).toBe(T0 + 3_600_000);
    expect(lastClosedStart(Date.UTC(2024, 2, 10), '1M')).toBe(Date.UTC(2024, 1, 1));
    expect(ceilAlign(T0, '1h')).toBe(T0);
    expect(ceilAlign(T0 + 1, '1h')).toBe(T0 + 3_600_000);
    expect(ceilAlign(Date.UTC(2024, 0, 31), '1M')).toBe(Date.UTC(2024, 1, 1));
  });
});
