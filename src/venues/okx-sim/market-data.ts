/**
 * The market data the simulator serves, built from the candles it has replayed: candles of any OKX bar
 * (replayed candles aggregated into the bar's buckets), tickers, a synthetic order book around the last
 * price, and one public trade per replayed candle.
 *
 * Replayed candles are stamped when they are played: `ts = max(previous ts + barMs, now floored to barMs)`
 * — in real time (`--interval-ms` equal to the bar) candle times follow the wall clock; stepped faster
 * (tests), they run ahead of it.
 */

import { crc32 } from 'node:zlib';
import type { SimInstrument } from './instruments.js';
import { cleanFloat, fmt } from './numbers.js';
import { subCandle } from './sub-candles.js';
import type { TapeCandle } from './tape.js';

export interface PlayedCandle extends TapeCandle {
  ts: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** OKX bar → [length ms, UTC offset of its buckets]: bars of 6 h and more without `utc` follow Hong Kong time. */
const BARS: Readonly<Record<string, readonly [number, number]>> = {
  '1s': [1000, 0],
  '1m': [MINUTE, 0],
  '3m': [3 * MINUTE, 0],
  '5m': [5 * MINUTE, 0],
  '15m': [15 * MINUTE, 0],
  '30m': [30 * MINUTE, 0],
  '1H': [HOUR, 0],
  '2H': [2 * HOUR, 0],
  '4H': [4 * HOUR, 0],
  '6H': [6 * HOUR, 8 * HOUR],
  '12H': [12 * HOUR, 8 * HOUR],
  '1D': [DAY, 8 * HOUR],
  '2D': [2 * DAY, 8 * HOUR],
  '3D': [3 * DAY, 8 * HOUR],
  '1W': [7 * DAY, 8 * HOUR],
  '6Hutc': [6 * HOUR, 0],
  '12Hutc': [12 * HOUR, 0],
  '1Dutc': [DAY, 0],
  '2Dutc': [2 * DAY, 0],
  '3Dutc': [3 * DAY, 0],
  '1Wutc': [7 * DAY, 0],
};

/** Weeks start on Monday (epoch day 0 was a Thursday). */
const WEEK_SHIFT = 3 * DAY;

export function barLength(bar: string): number | undefined {
  return BARS[bar]?.[0];
}

function bucketOf(ts: number, bar: string): number {
  const [length, offset] = BARS[bar]!;
  const shift = offset + (length === 7 * DAY ? WEEK_SHIFT : 0);
  return Math.floor((ts + shift) / length) * length - shift;
}

/** How many replayed candles (and public trades) each instrument keeps. */
const KEEP = 100_000;
const KEEP_TRADES = 1_000;

export interface CandleQuery {
  bar: string;
  after?: number;
  before?: number;
  limit: number;
}

export class MarketData {
  readonly #played = new Map<string, PlayedCandle[]>();
  readonly #trades = new Map<string, Array<Record<string, string>>>();
  #tradeIds = 0;

  constructor(
    readonly barMs: number,
    private readonly now: () => number,
  ) {}

  /** Stamps and stores a replayed candle. */
  record(inst: SimInstrument, candle: TapeCandle): PlayedCandle {
    let list = this.#played.get(inst.instId);
    if (list === undefined) {
      list = [];
      this.#played.set(inst.instId, list);
    }
    const previous = list.at(-1);
    const floor = Math.floor(this.now() / this.barMs) * this.barMs;
    const ts = previous === undefined ? floor : Math.max(previous.ts + this.barMs, floor);
    const played = { ...candle, ts };
    list.push(played);
    if (list.length > KEEP) list.splice(0, list.length - KEEP);
    let trades = this.#trades.get(inst.instId);
    if (trades === undefined) {
      trades = [];
      this.#trades.set(inst.instId, trades);
    }
    trades.push(this.#trade(inst, played));
    if (trades.length > KEEP_TRADES) trades.splice(0, trades.length - KEEP_TRADES);
    return played;
  }

  /** Public trades, newest first (one per replayed candle). */
  trades(inst: SimInstrument, limit: number): Array<Record<string, string>> {
    return (this.#trades.get(inst.instId) ?? []).slice(-limit).reverse();
  }

  latest(inst: SimInstrument): PlayedCandle | undefined {
    return this.#played.get(inst.instId)?.at(-1);
  }

  /** How many candles of `bar` one replayed candle makes: more than 1 for bars finer than the tape's. */
  candlesPerPlay(bar: string): number {
    const length = barLength(bar);
    return length === undefined || length >= this.barMs ? 1 : Math.round(this.barMs / length);
  }

  /** OKX candle rows, newest first: [ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]. */
  candles(inst: SimInstrument, query: CandleQuery): string[][] {
    const list = this.#played.get(inst.instId) ?? [];
    if (this.candlesPerPlay(query.bar) > 1) return this.#finer(inst, list, query);
    const lastEnd = (list.at(-1)?.ts ?? 0) + this.barMs;
    const rows: string[][] = [];
    let bucket: PlayedCandle | undefined;
    const flush = () => {
      if (bucket === undefined) return;
      const length = barLength(query.bar)!;
      rows.push(candleRow(inst, bucket, bucketOf(bucket.ts, query.bar) + length <= lastEnd));
      bucket = undefined;
    };
    for (let i = list.length - 1; i >= 0 && rows.length < query.limit; i--) {
      const c = list[i]!;
      const start = bucketOf(c.ts, query.bar);
      if (query.after !== undefined && start >= query.after) continue;
      if (query.before !== undefined && start <= query.before) break;
      if (bucket !== undefined && bucketOf(bucket.ts, query.bar) !== start) flush();
      if (rows.length >= query.limit) break;
      // Walking backwards: this candle is earlier, so it sets the open; the close stays.
      bucket =
        bucket === undefined
          ? { ...c, ts: start }
          : {
              ts: start,
              open: c.open,
              high: Math.max(bucket.high, c.high),
              low: Math.min(bucket.low, c.low),
              close: bucket.close,
              volume: bucket.volume + c.volume,
            };
    }
    if (rows.length < query.limit) flush();
    return rows;
  }

  /** Rows of a bar finer than the replayed candles: each one cut into slices (sub-candles.ts). */
  #finer(inst: SimInstrument, list: readonly PlayedCandle[], query: CandleQuery): string[][] {
    const length = barLength(query.bar)!;
    const count = this.candlesPerPlay(query.bar);
    // Volumes are in base coin: a swap's grid is a lot of contracts' worth.
    const volumeStep = cleanFloat(inst.instType === 'SWAP' ? inst.lot * inst.ctVal : inst.lot);
    const rows: string[][] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      for (let k = count - 1; k >= 0; k--) {
        const start = list[i]!.ts + k * length;
        if (query.after !== undefined && start >= query.after) continue;
        if (query.before !== undefined && start <= query.before) return rows;
        // Every slice of a replayed candle is over: the replay plays whole candles.
        rows.push(candleRow(inst, subCandle(list[i]!, k, count, length, inst.tick, volumeStep), true));
        if (rows.length >= query.limit) return rows;
      }
    }
    return rows;
  }

  /** The ticker: last price, one tick either side, 24 h figures from the replayed candles. */
  ticker(inst: SimInstrument, last: number): Record<string, string> {
    const list = this.#played.get(inst.instId) ?? [];
    const latestTs = list.at(-1)?.ts ?? this.now();
    let open = last;
    let high = last;
    let low = last;
    let volume = 0;
    for (let i = list.length - 1; i >= 0 && list[i]!.ts > latestTs - DAY; i--) {
      const c = list[i]!;
      open = c.open;
      high = Math.max(high, c.high);
      low = Math.min(low, c.low);
      volume += c.volume;
    }
    const swap = inst.instType === 'SWAP';
    return {
      instType: inst.instType,
      instId: inst.instId,
      last: fmt(last),
      lastSz: inst.minSz,
      askPx: fmt(last + inst.tick),
      askSz: fmt(bookSize(inst, 0)),
      bidPx: fmt(last - inst.tick),
      bidSz: fmt(bookSize(inst, 1)),
      open24h: fmt(open),
      high24h: fmt(high),
      low24h: fmt(low),
      volCcy24h: fmt(swap ? volume : volume * last),
      vol24h: fmt(swap ? volume / inst.ctVal : volume),
      ts: String(this.now()),
      sodUtc0: fmt(open),
      sodUtc8: fmt(open),
    };
  }

  /** A synthetic book: `depth` levels a tick apart either side of the last price. */
  book(inst: SimInstrument, last: number, depth: number): { asks: string[][]; bids: string[][] } {
    const asks: string[][] = [];
    const bids: string[][] = [];
    for (let k = 0; k < depth; k++) {
      asks.push([fmt(last + (k + 1) * inst.tick), fmt(bookSize(inst, 2 * k)), '0', String(1 + (k % 4))]);
      const bid = last - (k + 1) * inst.tick;
      if (bid > 0) bids.push([fmt(bid), fmt(bookSize(inst, 2 * k + 1)), '0', String(1 + (k % 3))]);
    }
    return { asks, bids };
  }

  /**
   * The funding-rate row: a constant rate (funding is reported, never charged; see README.md), settled
   * every 8 h at 00:00, 08:00 and 16:00 UTC.
   */
  funding(inst: SimInstrument, rate: number): Record<string, string> {
    const now = this.now();
    const next = Math.floor(now / (8 * HOUR)) * 8 * HOUR + 8 * HOUR;
    return {
      instType: inst.instType,
      instId: inst.instId,
      fundingRate: fmt(rate),
      nextFundingRate: fmt(rate),
      fundingTime: String(next),
      nextFundingTime: String(next + 8 * HOUR),
      method: 'current_period',
      maxFundingRate: '0.00375',
      minFundingRate: '-0.00375',
      premium: '0',
      settFundingRate: fmt(rate),
      settState: 'settled',
      impactValue: '',
      interestRate: '0.0001',
      formulaType: 'noRate',
      ts: String(now),
    };
  }

  /** The public trade a replayed candle stands for: its close, its volume, the side of its move. */
  #trade(inst: SimInstrument, candle: PlayedCandle): Record<string, string> {
    const sz = inst.instType === 'SWAP' ? candle.volume / inst.ctVal : candle.volume;
    return {
      instId: inst.instId,
      tradeId: String(++this.#tradeIds),
      px: fmt(candle.close),
      sz: fmt(Number(sz.toFixed(8))),
      side: candle.close >= candle.open ? 'buy' : 'sell',
      ts: String(candle.ts),
      count: '1',
    };
  }
}

function bookSize(inst: SimInstrument, k: number): number {
  return Number((inst.min * (10 + ((k * 37) % 50))).toFixed(8));
}

function candleRow(inst: SimInstrument, c: PlayedCandle, confirmed: boolean): string[] {
  const swap = inst.instType === 'SWAP';
  const quote = fmt(Number((c.volume * c.close).toFixed(8)));
  return [
    String(c.ts),
    fmt(c.open),
    fmt(c.high),
    fmt(c.low),
    fmt(c.close),
    fmt(Number((swap ? c.volume / inst.ctVal : c.volume).toFixed(8))),
    swap ? fmt(c.volume) : quote,
    quote,
    confirmed ? '1' : '0',
  ];
}

/** OKX's book checksum: signed CRC32 of the top 25 levels, bid and ask interleaved. */
export function bookChecksum(bids: readonly string[][], asks: readonly string[][]): number {
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    if (bids[i]) parts.push(bids[i]![0]!, bids[i]![1]!);
    if (asks[i]) parts.push(asks[i]![0]!, asks[i]![1]!);
  }
  return crc32(parts.join(':')) | 0;
}
