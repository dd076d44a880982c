import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { describeWithSharedData, readSharedJson } from '../../../test/support/shared-data.js';
import { crc32, OkxBookMirror, okxBookChecksum, type RawLevel } from './okx-book.js';

describe('crc32', () => {
  it('equals zlib crc32 read as a signed 32-bit integer', () => {
    for (const text of ['', 'a', '3366.1:7:3366.8:9', 'größe:0.5', '8476.97:256:8476.98:415']) {
      expect(crc32(text)).toBe(zlibCrc32(text) | 0);
    }
  });
});

describe('okxBookChecksum', () => {
  // The two worked examples of OKX's (then OKEx's) checksum documentation: an even and an odd book.
  it('reproduces the documented examples', () => {
    expect(
      okxBookChecksum(
        [
          ['3366.1', '7'],
          ['3366', '6'],
        ],
        [
          ['3366.8', '9'],
          ['3368', '8'],
        ],
      ),
    ).toBe(-1881014294);
    expect(
      okxBookChecksum(
        [['3366.1', '7']],
        [
          ['3366.8', '9'],
          ['3368', '8'],
          ['3372', '8'],
        ],
      ),
    ).toBe(831078360);
  });

  it('equals zlib crc32 of the joined `bidPx:bidSz:askPx:askSz:…` string (computed without building it)', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed;
    };
    for (let round = 0; round < 50; round++) {
      const side = (n: number, base: number, dir: number): RawLevel[] =>
        Array.from({ length: n }, (_, i) => [(base + dir * i * 0.1).toFixed(1), String(next() % 1000)]);
      const bids = side(next() % 30, 8000, -1);
      const asks = side(next() % 30, 8000.1, 1);
      const fields: string[] = [];
      for (let i = 0; i < 25; i++) {
        if (bids[i]) fields.push(bids[i]![0], bids[i]![1]);
        if (asks[i]) fields.push(asks[i]![0], asks[i]![1]);
      }
      expect(okxBookChecksum(bids, asks)).toBe(zlibCrc32(fields.join(':')) | 0);
    }
  });

  it('uses only the top 25 levels of each side', () => {
    const bids: RawLevel[] = Array.from({ length: 30 }, (_, i) => [String(100 - i), '1']);
    const asks: RawLevel[] = Array.from({ length: 30 }, (_, i) => [String(101 + i), '1']);
    expect(okxBookChecksum(bids, asks)).toBe(okxBookChecksum(bids.slice(0, 25), asks.slice(0, 25)));
    expect(okxBookChecksum(bids, asks)).not.toBe(okxBookChecksum(bids.slice(0, 24), asks.slice(0, 25)));
  });
});

describe('OkxBookMirror', () => {
  const snapshot = {
    bids: [
      ['100.5', '2', '0', '1'],
      ['100', '1', '0', '1'],
    ] as RawLevel[],
    asks: [
      ['101', '3', '0', '1'],
      ['101.5', '4', '0', '1'],
    ] as RawLevel[],
    seqId: 10,
    prevSeqId: -1,
  };

  it('applies a snapshot and diffs (size 0 deletes) and checks each checksum', () => {
    const mirror = new OkxBookMirror();
    expect(mirror.snapshot(snapshot)).toEqual({ ok: true });
    const after = {
      bids: [
        ['100.5', '0'],
        ['100.2', '5'],
      ] as RawLevel[],
      asks: [['101', '2.5']] as RawLevel[],
    };
    const expectedTop: { bids: RawLevel[]; asks: RawLevel[] } = {
      bids: [
        ['100.2', '5'],
        ['100', '1'],
      ],
      asks: [
        ['101', '2.5'],
        ['101.5', '4'],
      ],
    };
    const checksum = okxBookChecksum(expectedTop.bids, expectedTop.asks);
    expect(mirror.update({ ...after, seqId: 11, prevSeqId: 10, checksum })).toEqual({ ok: true });
    expect(mirror.top(25)).toEqual(expectedTop);
    expect(mirror.seqId).toBe(11);
  });

  it('reports a sequence gap and then refuses updates until the next snapshot', () => {
    const mirror = new OkxBookMirror();
    mirror.snapshot(snapshot);
    expect(mirror.update({ bids: [], asks: [], seqId: 13, prevSeqId: 12 })).toEqual({
      ok: false,
      reason: 'sequence-gap',
    });
    expect(mirror.synced).toBe(false);
    expect(mirror.update({ bids: [], asks: [], seqId: 14, prevSeqId: 13 })).toEqual({
      ok: false,
      reason: 'no-snapshot',
    });
    expect(mirror.snapshot({ ...snapshot, seqId: 20 })).toEqual({ ok: true });
    expect(mirror.update({ bids: [], asks: [], seqId: 21, prevSeqId: 20 })).toEqual({ ok: true });
  });

  it('reports a checksum mismatch, and ignores a checksum of 0 (deprecated field)', () => {
    const mirror = new OkxBookMirror();
    mirror.snapshot(snapshot);
    expect(mirror.update({ bids: [['100', '9']], asks: [], seqId: 11, prevSeqId: 10, checksum: 0 })).toEqual({
      ok: true,
    });
    expect(mirror.update({ bids: [['100', '8']], asks: [], seqId: 12, prevSeqId: 11, checksum: 42 })).toEqual(
      { ok: false, reason: 'checksum-mismatch' },
    );
  });
});

describeWithSharedData('OkxBookMirror on the OKX sample', () => {
  interface BookPush {
    data: Array<{ bids: RawLevel[]; asks: RawLevel[]; seqId: number; prevSeqId: number; checksum: number }>;
  }
  it('keeps the sample levels best first and chains its snapshot and update by seqId', () => {
    const snap = readSharedJson<BookPush>('exchange-messages', 'okx', 'nautilus', 'ws_books_snapshot.json')
      .data[0]!;
    const update = readSharedJson<BookPush>('exchange-messages', 'okx', 'nautilus', 'ws_books_update.json')
      .data[0]!;
    const mirror = new OkxBookMirror();
    // The sample's checksum is the docs' illustrative number, not the CRC of these levels: verify the
    // sequence logic with it and the checksum with our own computation.
    expect(mirror.snapshot({ ...snap, checksum: undefined })).toEqual({ ok: true });
    expect(mirror.top(1)).toEqual({ bids: [['8476.97', '256']], asks: [['8476.98', '415']] });
    const top = mirror.top(25);
    expect(mirror.update({ ...update, checksum: okxBookChecksum(top.bids, top.asks) })).toEqual({ ok: true });
    expect(mirror.seqId).toBe(update.seqId);
    expect(mirror.top(25).bids).toHaveLength(snap.bids.length);
  });
});
