/**
 * Where prices come from: a tape of candles per instrument, replayed one candle per step. A tape is either
 * a fixed list (a candle file, or candles a test wrote) or a deterministic seeded random walk. Instruments
 * with the same base (BTC-USDT and BTC-USDT-SWAP) get the same walk, as spot and perpetual move together.
 */

import { seededRandom } from '../../core/random.js';

import { roundToGrid } from './numbers.js';

/** One replayed candle's prices; its time is given when it is played. */
export interface TapeCandle {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface CandleTape {
  /** The price before the first candle (the last price at start). */
  readonly startPrice: number;
  /** The next candle, or undefined when the tape is exhausted. */
  next(): TapeCandle | undefined;
}

/** A fixed list of candles, played once. */
export class ListTape implements CandleTape {
  #index = 0;
  readonly startPrice: number;

  constructor(private readonly candles: readonly TapeCandle[]) {
    if (candles.length === 0) throw new RangeError('a candle tape needs at least one candle');
    this.startPrice = candles[0]!.open;
  }

  next(): TapeCandle | undefined {
    return this.candles[this.#index++];
  }
}

/** FNV-1a of a string: the per-base seed of a random walk. */
export function hashSeed(text: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

export interface RandomWalkOptions {
  startPrice: number;
  seed: number;
  /** Standard deviation of one candle's log return (default 0.001). */
  volatility?: number;
  /** Prices are rounded to this tick. */
  tick: number;
}

/** A geometric random walk: endless, and the same for the same seed. */
export class RandomWalkTape implements CandleTape {
  readonly startPrice: number;
  #last: number;
  readonly #random: () => number;
  readonly #volatility: number;
  readonly #tick: number;

  constructor(options: RandomWalkOptions) {
    this.#tick = options.tick;
    this.startPrice = this.#round(options.startPrice);
    this.#last = this.startPrice;
    this.#random = seededRandom(options.seed);
    this.#volatility = options.volatility ?? 0.001;
  }

  #round(price: number): number {
    return Math.max(this.#tick, roundToGrid(price, this.#tick));
  }

  /** A standard normal draw (Box–Muller). */
  #normal(): number {
    const u = Math.max(this.#random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.#random());
  }

  next(): TapeCandle {
    const open = this.#last;
    const close = this.#round(open * Math.exp(this.#volatility * this.#normal()));
    const wick = () => Math.abs(this.#normal()) * this.#volatility * 0.5;
    const high = this.#round(Math.max(open, close) * (1 + wick()));
    const low = this.#round(Math.min(open, close) * (1 - wick()));
    this.#last = close;
    const volume = Math.round((1 + this.#random() * 9) * 1000) / 1000;
    return { open, high: Math.max(high, open, close), low: Math.min(low, open, close), close, volume };
  }
}

/**
 * The path a candle is assumed to take: from the previous price to the open, then to the nearer extreme
 * (the high on a tie), the farther extreme and the close. Four monotone segments; orders and triggers fire
 * where a segment crosses them, in path order.
 */
export function candleSegments(previous: number, c: TapeCandle): Array<[from: number, to: number]> {
  const highFirst = c.high - c.open <= c.open - c.low;
  const first = highFirst ? c.high : c.low;
  const second = highFirst ? c.low : c.high;
  return [
    [previous, c.open],
    [c.open, first],
    [first, second],
    [second, c.close],
  ];
}
