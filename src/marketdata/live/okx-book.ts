/**
 * OKX order book integrity at the edge: a mirror of the `books` channel kept with the venue's own price and
 * size strings, so that its CRC32 checksum can be verified. ccxt 4.5's OKX layer checks seqId/prevSeqId
 * but not the checksum, and it keeps levels as floats: the checksum is defined over the strings as sent
 * ("8477" and "8477.0" hash differently), so it cannot be recomputed from ccxt's book.
 *
 * OKX v5 docs, order book channel: the checksum is the signed 32-bit CRC32 of the top 25 bids and asks
 * interleaved as `bidPx:bidSz:askPx:askSz:…` (a side with fewer levels simply contributes fewer fields);
 * each update carries `prevSeqId`, which must equal the `seqId` of the message before (a snapshot has
 * `prevSeqId = -1`). OKX announced (May 2026) that the checksum field will become 0 and that seqId/prevSeqId
 * is the integrity check to keep: a checksum of 0 is therefore treated as "not provided".
 */

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** Feeds a string's UTF-8 bytes into a running CRC: ASCII (every price and size) without a buffer. */
function crcText(crc: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) {
      for (const byte of Buffer.from(text.slice(i), 'utf8'))
        crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
      return crc;
    }
    crc = CRC_TABLE[(crc ^ code) & 0xff]! ^ (crc >>> 8);
  }
  return crc;
}

const COLON = 0x3a;

/** CRC32 (IEEE 802.3, the zlib one) of a string's UTF-8 bytes, as a signed 32-bit integer like OKX sends. */
export function crc32(text: string): number {
  return (crcText(-1, text) ^ -1) | 0;
}

/** A level as the venue sent it: [price, size, …] strings. */
export type RawLevel = readonly [price: string, size: string, ...rest: string[]];

/** Levels checked into the checksum (OKX docs). */
export const OKX_CHECKSUM_DEPTH = 25;

/**
 * `bidPx:bidSz:askPx:askSz:…` over the top levels, CRC'd as it is walked: checked on every book message, so
 * no level copies, field list or joined string are built.
 */
function levelsChecksum<L>(
  bids: readonly L[],
  asks: readonly L[],
  px: (level: L) => string,
  sz: (level: L) => string,
): number {
  let crc = -1;
  let first = true;
  const field = (text: string) => {
    if (!first) crc = CRC_TABLE[(crc ^ COLON) & 0xff]! ^ (crc >>> 8);
    first = false;
    crc = crcText(crc, text);
  };
  for (let i = 0; i < OKX_CHECKSUM_DEPTH; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid !== undefined) {
      field(px(bid));
      field(sz(bid));
    }
    if (ask !== undefined) {
      field(px(ask));
      field(sz(ask));
    }
  }
  return (crc ^ -1) | 0;
}

const rawPx = (level: RawLevel) => level[0];
const rawSz = (level: RawLevel) => level[1];

/** The OKX checksum of a book given best-first string levels. */
export function okxBookChecksum(bids: readonly RawLevel[], asks: readonly RawLevel[]): number {
  return levelsChecksum(bids, asks, rawPx, rawSz);
}

interface Level {
  price: number;
  px: string;
  sz: string;
}

const levelPx = (level: Level) => level.px;
const levelSz = (level: Level) => level.sz;

/** One side kept sorted best first, with binary-search inserts. */
class Side {
  readonly levels: Level[] = [];
  /** -1 for bids (descending), +1 for asks (ascending). */
  constructor(private readonly direction: 1 | -1) {}

  clear(): void {
    this.levels.length = 0;
  }

  /** Sets or (size 0) removes a level. */
  set(px: string, sz: string): void {
    const price = Number(px);
    const levels = this.levels;
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((levels[mid]!.price - price) * this.direction < 0) lo = mid + 1;
      else hi = mid;
    }
    const found = lo < levels.length && levels[lo]!.price === price;
    if (Number(sz) === 0) {
      if (found) levels.splice(lo, 1);
    } else if (found) {
      const level = levels[lo]!;
      level.px = px;
      level.sz = sz;
    } else {
      levels.splice(lo, 0, { price, px, sz });
    }
  }

  top(n: number): RawLevel[] {
    return this.levels.slice(0, n).map((l) => [l.px, l.sz] as const);
  }
}

export interface OkxBookData {
  readonly bids: readonly RawLevel[];
  readonly asks: readonly RawLevel[];
  readonly seqId?: number | undefined;
  readonly prevSeqId?: number | undefined;
  readonly checksum?: number | undefined;
}

export type OkxBookVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'sequence-gap' | 'checksum-mismatch' | 'no-snapshot' };

/**
 * The string mirror of one OKX book. `snapshot` starts it; `update` applies a diff and answers whether the
 * book is still trustworthy. After a failure the mirror refuses updates until the next snapshot.
 */
export class OkxBookMirror {
  readonly #bids = new Side(-1);
  readonly #asks = new Side(1);
  #seqId: number | undefined;
  #synced = false;

  get synced(): boolean {
    return this.#synced;
  }

  get seqId(): number | undefined {
    return this.#seqId;
  }

  snapshot(data: OkxBookData): OkxBookVerdict {
    this.#bids.clear();
    this.#asks.clear();
    this.#synced = true;
    return this.#apply(data);
  }

  update(data: OkxBookData): OkxBookVerdict {
    if (!this.#synced) return { ok: false, reason: 'no-snapshot' };
    if (data.prevSeqId !== undefined && data.prevSeqId !== this.#seqId) return this.#fail('sequence-gap');
    return this.#apply(data);
  }

  /** Forget the book, e.g. when the venue is asked for a fresh snapshot. */
  invalidate(): void {
    this.#synced = false;
    this.#seqId = undefined;
  }

  top(n: number): { bids: RawLevel[]; asks: RawLevel[] } {
    return { bids: this.#bids.top(n), asks: this.#asks.top(n) };
  }

  #apply(data: OkxBookData): OkxBookVerdict {
    for (const [px, sz] of data.bids) this.#bids.set(px, sz);
    for (const [px, sz] of data.asks) this.#asks.set(px, sz);
    this.#seqId = data.seqId;
    if (data.checksum !== undefined && data.checksum !== 0) {
      const sum = levelsChecksum(this.#bids.levels, this.#asks.levels, levelPx, levelSz);
      if (sum !== data.checksum) return this.#fail('checksum-mismatch');
    }
    return { ok: true };
  }

  #fail(reason: 'sequence-gap' | 'checksum-mismatch'): OkxBookVerdict {
    this.invalidate();
    return { ok: false, reason };
  }
}
