import { describe, expect, it } from 'vitest';
import type { Candle } from '../../core/market.js';
import {
  type CandleBackfill,
  type CandleObservation,
  CandleSequencer,
  type SequencedCandle,
} from './candle-sequencer.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);

function candle(i: number, close = 100 + i): Candle {
  return { ts: T0 + i * MIN, open: close - 1, high: close + 1, low: close - 2, close, volume: 10 + i };
}

function obs(i: number, closed: boolean | undefined, close?: number): CandleObservation {
  return { candle: candle(i, close), closed, tsEvent: T0 + i * MIN + 1, tsInit: T0 + i * MIN + 2 };
}

/** A REST source holding candles 0..99, recording the ranges asked for. */
function restSource(fail = 0): CandleBackfill & { calls: Array<[number, number]> } {
  let failures = fail;
  const calls: Array<[number, number]> = [];
  return {
    calls,
    async fetchClosed(_symbol, _tf, fromTs, toTs) {
      calls.push([fromTs, toTs]);
      if (failures > 0) {
        failures -= 1;
        throw new Error('HTTP 503');
      }
      // Answer a bit more than asked, unsorted, with a duplicate: the sequencer must cope.
      const out: Candle[] = [];
      for (let i = 0; i < 100; i++)
        if (T0 + i * MIN >= fromTs - MIN && T0 + i * MIN <= toTs + MIN) out.push(candle(i));
      return [...out.reverse(), out[0]!];
    },
  };
}

function setup(options: { backfill?: CandleBackfill; emitForming?: boolean } = {}) {
  const out: SequencedCandle[] = [];
  const events: string[] = [];
  const seq = new CandleSequencer('BTC/USDT', '1m', {
    emit: (u) => out.push(u),
    backfill: options.backfill,
    emitForming: options.emitForming ?? false,
    sleep: async () => {},
    retryDelayMs: () => 0,
    onBackfillStart: (from, to) => events.push(`start ${(from - T0) / MIN}-${(to - T0) / MIN}`),
    onBackfillEnd: (from, to, n, error) =>
      events.push(`end ${(from - T0) / MIN}-${(to - T0) / MIN} ${n}${error ? ' failed' : ''}`),
  });
  const closedIndexes = () => out.filter((u) => u.closed).map((u) => (u.candle.ts - T0) / MIN);
  return { seq, out, events, closedIndexes };
}

describe('CandleSequencer with a venue close flag (OKX confirm, Binance x)', () => {
  it('delivers each confirmed candle once, in order, ignoring repeats', async () => {
    const { seq, closedIndexes, out } = setup();
    for (const o of [obs(0, false), obs(0, true), obs(0, true), obs(1, false), obs(1, true), obs(0, true)]) {
      seq.observe(o);
    }
    await seq.idle();
    expect(closedIndexes()).toEqual([0, 1]);
    // A closed candle's tsEvent is the end of its interval, wherever it came from.
    expect(out.map((u) => u.tsEvent)).toEqual([T0 + MIN, T0 + 2 * MIN]);
  });

  it('backfills the intervals missed between two messages before delivering the newer one', async () => {
    const rest = restSource();
    const { seq, closedIndexes, events, out } = setup({ backfill: rest });
    seq.observe(obs(0, true));
    seq.observe(obs(1, true));
    seq.observe(obs(5, false)); // reconnected: 2, 3, 4 closed meanwhile
    seq.observe(obs(5, true));
    await seq.idle();
    expect(closedIndexes()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rest.calls).toEqual([[T0 + 2 * MIN, T0 + 4 * MIN]]);
    expect(events).toEqual(['start 2-4', 'end 2-4 3']);
    expect(out.filter((u) => u.backfilled).map((u) => (u.candle.ts - T0) / MIN)).toEqual([2, 3, 4]);
  });

  it('fetches a candle whose confirm was lost instead of trusting its last forming values', async () => {
    const rest = restSource();
    const { seq, out } = setup({ backfill: rest });
    seq.observe(obs(0, false, 555)); // forming values differ from the final ones REST returns
    seq.observe(obs(1, false));
    await seq.idle();
    expect(out.filter((u) => u.closed).map((u) => u.candle)).toEqual([candle(0)]);
  });

  it('retries a failing backfill, then gives the gap up without stalling later candles', async () => {
    const flaky = restSource(2);
    const first = setup({ backfill: flaky });
    first.seq.observe(obs(0, true));
    first.seq.observe(obs(3, true));
    await first.seq.idle();
    expect(first.closedIndexes()).toEqual([0, 1, 2, 3]);
    expect(flaky.calls).toHaveLength(3);

    const broken = restSource(99);
    const second = setup({ backfill: broken });
    second.seq.observe(obs(0, true));
    second.seq.observe(obs(3, true));
    second.seq.observe(obs(4, true));
    await second.seq.idle();
    expect(second.closedIndexes()).toEqual([0, 3, 4]);
    expect(second.events).toEqual(['start 1-2', 'end 1-2 0 failed']);
  });

  it('never delivers a forming update older than the last closed candle', async () => {
    const { seq, out } = setup({ emitForming: true });
    seq.observe(obs(0, false));
    seq.observe(obs(0, true));
    seq.observe(obs(0, false)); // late repeat
    seq.observe(obs(1, false));
    await seq.idle();
    expect(out.map((u) => [(u.candle.ts - T0) / MIN, u.closed])).toEqual([
      [0, false],
      [0, true],
      [1, false],
    ]);
  });
});

describe('CandleSequencer without a close flag (generic ccxt exchange)', () => {
  it('closes the forming candle when the next interval arrives, with its last values', async () => {
    const { seq, out } = setup();
    seq.observe(obs(0, undefined, 100));
    seq.observe(obs(0, undefined, 101));
    seq.observe(obs(1, undefined, 102));
    seq.observe(obs(2, undefined, 103));
    await seq.idle();
    expect(out.map((u) => [(u.candle.ts - T0) / MIN, u.candle.close])).toEqual([
      [0, 101],
      [1, 102],
    ]);
  });

  it('after a reconnect fetches the previous candle instead of closing it with stale values', async () => {
    const rest = restSource();
    const { seq, out } = setup({ backfill: rest });
    seq.observe(obs(0, undefined, 100));
    seq.observe(obs(1, undefined, 555));
    seq.newConnection();
    seq.observe(obs(3, undefined));
    await seq.idle();
    expect(out.map((u) => [(u.candle.ts - T0) / MIN, u.candle.close, u.backfilled])).toEqual([
      [0, 100, false],
      [1, 101, true],
      [2, 102, true],
    ]);
  });
});
