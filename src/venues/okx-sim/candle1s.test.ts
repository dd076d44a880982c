/**
 * `candle1s` on the business socket, as OKX serves it: one push per second's candle
 * (`{"arg":{"channel":"candle1s","instId":…},"data":[[ts,o,h,l,c,vol,volCcy,volCcyQuote,confirm]]}`),
 * here cut from each replayed 1 m candle along the path the matching engine walks.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OkxSimulator } from './simulator.js';
import { sliceVolume, subCandle } from './sub-candles.js';
import { candleSegments, type TapeCandle } from './tape.js';
import { candle, openWs, startSimulator } from './test-kit.js';

const SWAP = 'BTC-USDT-SWAP';
type Row = Record<string, unknown>;

describe('candle1s', () => {
  let sim: OkxSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ symbols: [SWAP] });
  });
  afterAll(() => sim.close());

  it('pushes sixty well-formed 1 s candles per replayed minute on the business socket', async () => {
    const client = await openWs(sim, 'business');
    const arg = { channel: 'candle1s', instId: SWAP };
    client.send({ op: 'subscribe', args: [arg] });
    expect(await client.next((f) => typeof f === 'object' && f.event === 'subscribe')).toMatchObject({ arg });
    const played = candle(60_000, 60_300, 59_900, 60_100, 12);
    sim.playCandle(SWAP, played);
    const pushes: Row[] = [];
    for (let i = 0; i < 60; i++)
      pushes.push((await client.next((f) => typeof f === 'object' && 'data' in f)) as Row);
    client.close();

    for (const push of pushes) {
      expect(push.arg).toEqual(arg);
      expect(push.data).toHaveLength(1);
    }
    const rows = pushes.map((p) => (p.data as string[][])[0]!);
    for (const row of rows) {
      expect(row).toHaveLength(9);
      expect(row.every((x) => typeof x === 'string')).toBe(true);
      const [, open, high, low, close] = row.map(Number);
      expect(high).toBeGreaterThanOrEqual(Math.max(open!, close!));
      expect(low).toBeLessThanOrEqual(Math.min(open!, close!));
      expect(row[8]).toBe('1');
    }
    const ts = rows.map((r) => Number(r[0]));
    expect(ts[0]! % 60_000).toBe(0);
    expect(ts.slice(1).map((t, i) => t - ts[i]!)).toEqual(Array(59).fill(1000));
    // Together they are the replayed minute: its open, close, extremes and volume (contracts: ctVal 0.01).
    expect(Number(rows[0]![1])).toBe(played.open);
    expect(Number(rows[59]![4])).toBe(played.close);
    expect(Math.max(...rows.map((r) => Number(r[2])))).toBe(played.high);
    expect(Math.min(...rows.map((r) => Number(r[3])))).toBe(played.low);
    expect(rows.reduce((sum, r) => sum + Number(r[6]), 0)).toBeCloseTo(played.volume, 9);
    // Consecutive candles meet: each opens where the one before closed.
    for (let i = 1; i < 60; i++) expect(rows[i]![1]).toBe(rows[i - 1]![4]);
  });

  it('cuts the volume on the lot grid, the last second taking the remainder: the seconds add up to the minute', async () => {
    const client = await openWs(sim, 'business');
    const arg = { channel: 'candle1s', instId: SWAP };
    client.send({ op: 'subscribe', args: [arg] });
    await client.next((f) => typeof f === 'object' && f.event === 'subscribe');
    // 12.3457 BTC = 1234.57 contracts (ctVal 0.01, lot 0.01): 20.5761… a second does not fit the grid.
    sim.playCandle(SWAP, candle(60_000, 60_300, 59_900, 60_100, 12.3457));
    // (A subscription first gets the latest second of the minute before: skipped.)
    const rows: string[][] = [];
    while (rows.length < 60) {
      const push = (await client.next((f) => typeof f === 'object' && 'data' in f)) as Row;
      const row = (push.data as string[][])[0]!;
      if (rows.length > 0 || Number(row[0]) % 60_000 === 0) rows.push(row);
    }
    client.close();
    const lots = rows.map((r) => Number(r[5]) / 0.01);
    for (const units of lots) expect(Math.abs(units - Math.round(units))).toBeLessThan(1e-6);
    expect(lots.reduce((sum, units) => sum + Math.round(units), 0)).toBe(123_457);
    expect(rows.slice(0, 59).every((r) => r[5] === '20.57')).toBe(true);
    expect(rows[59]![5]).toBe('20.94'); // 1234.57 − 59 × 20.57
    expect(rows.slice(0, 59).every((r) => r[6] === '0.2057')).toBe(true);
    expect(rows[59]![6]).toBe('0.2094');
  });

  it('follows the engine path (tape.ts candleSegments): the nearer extreme first, the high on a tie', () => {
    const path = (c: TapeCandle) => {
      const played = { ...c, ts: 0 };
      const slices = Array.from({ length: 60 }, (_, k) => subCandle(played, k, 60, 1000, 0.1, 0.0001));
      const highAt = slices.findIndex((s) => s.high === c.high);
      const lowAt = slices.findIndex((s) => s.low === c.low);
      return highAt < lowAt ? 'high first' : 'low first';
    };
    const order = (c: TapeCandle) =>
      candleSegments(c.open, c)[1]![1] === c.high ? 'high first' : 'low first';
    for (const c of [
      candle(100, 110, 80, 95), // high nearer
      candle(100, 130, 95, 105), // low nearer
      candle(100, 110, 90, 100), // a tie
    ]) {
      expect(path(c)).toBe(order(c));
    }
    expect(path(candle(100, 110, 90, 100))).toBe('high first');
    // Volumes: an even share on the grid and the remainder; without a grid, even shares.
    expect(Array.from({ length: 3 }, (_, k) => sliceVolume(1, k, 3, 0.01))).toEqual([0.33, 0.33, 0.34]);
    expect(sliceVolume(0.005, 0, 3, 0.01)).toBe(0);
    expect(sliceVolume(0.005, 2, 3, 0.01)).toBe(0.005); // off the grid already: the remainder as it is
  });

  it('serves the same candles over REST (/market/candles?bar=1s), newest first', async () => {
    const response = await fetch(`${sim.restUrl}/api/v5/market/candles?instId=${SWAP}&bar=1s&limit=3`);
    const body = (await response.json()) as { code: string; data: string[][] };
    expect(body.code).toBe('0');
    const ts = body.data.map((r) => Number(r[0]));
    expect(ts).toEqual([ts[0]!, ts[0]! - 1000, ts[0]! - 2000]);
  });
});
