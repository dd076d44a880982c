import { describe, expect, it } from 'vitest';
import type { OrderBookSnapshot } from '../../core/market.js';
import { FeedEmitter, FeedStatsCounter, silentFeedLogger } from '../feed-support.js';
import type { CcxtOrderBook, CcxtProExchange } from './ccxt-pro.js';
import { bookLoop, type LoopEpoch, type LoopHost, StreamMemory } from './stream-loops.js';
import { passthroughTap } from './tap.js';

const book = (n: number): CcxtOrderBook => ({ bids: [[100, 1]], asks: [[101, 1]], nonce: n, timestamp: n });

/** Lets the loop run until it waits again (it only awaits promises settled here, no timers). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A venue whose books the test hands out one watch at a time, and an epoch recording the failure waits. */
function harness() {
  const watches: Array<(book: CcxtOrderBook) => void> = [];
  let unwatched = 0;
  const exchange = {
    id: 'fakex',
    watchOrderBook: () => new Promise<CcxtOrderBook>((resolve) => watches.push(resolve)),
    unWatchOrderBook: async () => {
      unwatched += 1;
    },
  } as unknown as CcxtProExchange;
  const waits = new Set<() => void>();
  let pending: string | undefined;
  const epoch: LoopEpoch & { active: boolean } = {
    exchange,
    tap: passthroughTap(),
    active: true,
    seen: () => {},
    takeBookFailure: () => {
      const reason = pending;
      pending = undefined;
      return reason;
    },
    onBookFailure: (_symbol, wake) => {
      waits.add(wake);
      return () => waits.delete(wake);
    },
    fail: () => {
      epoch.active = false;
    },
  };
  const stats = new FeedStatsCounter();
  const emitter = new FeedEmitter('fakex', stats, silentFeedLogger, () => 0);
  const published: OrderBookSnapshot[] = [];
  emitter.on((event) => {
    if (event.kind === 'book') published.push(event.book);
  });
  const host: LoopHost = { exchange: 'fakex', stats, emitter, now: () => 0, observeCandle: () => {} };
  const loop = bookLoop(host, epoch, 'book:BTC/USDT', 'BTC/USDT', 5, new StreamMemory());
  /** What the tap does on a gap or a checksum mismatch. */
  const report = (reason: string) => {
    pending = reason;
    for (const wake of waits) wake();
  };
  return { epoch, watches, waits, published, stats, loop, report, unwatched: () => unwatched };
}

describe('bookLoop', () => {
  it('waits for a book failure with one short-lived registration per watch, never piling them up', async () => {
    const h = harness();
    for (let n = 1; n <= 200; n++) {
      await settle();
      expect(h.watches).toHaveLength(n);
      // One registration, the current watch's: earlier ones were cancelled when their watch resolved.
      expect(h.waits.size).toBe(1);
      h.watches[n - 1]!(book(n));
    }
    await settle();
    expect(h.published.map((b) => b.sequence)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    h.epoch.active = false;
    h.watches.at(-1)!(book(201));
    await h.loop;
    expect(h.waits.size).toBe(0);
  });

  it('a failure found by the tap interrupts the watch, re-snapshots, and the stale watch is never published', async () => {
    const h = harness();
    await settle();
    h.watches[0]!(book(1));
    await settle();
    h.report('checksum-mismatch'); // while the loop waits for book 2
    await settle();
    expect(h.unwatched()).toBe(1);
    expect(h.stats.bookResyncs).toBe(1);
    expect(h.watches).toHaveLength(3);
    expect(h.waits.size).toBe(1);
    h.watches[1]!(book(2)); // the interrupted watch settles late: ignored
    h.watches[2]!(book(3));
    await settle();
    expect(h.published.map((b) => b.sequence)).toEqual([1, 3]);
    h.epoch.active = false;
    h.watches.at(-1)!(book(4));
    await h.loop;
  });
});
