/**
 * Market data value types. Times are epoch milliseconds (UTC). A candle's `ts` is the open time of its
 * interval; a candle is final once its interval has ended (`closed`).
 */

export interface Candle {
  /** Open time of the interval, epoch ms. */
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Base-asset (or contract) volume. */
  volume: number;
}

export interface Ticker {
  exchange: string;
  symbol: string;
  bid: number;
  ask: number;
  last: number;
  bidSize?: number;
  askSize?: number;
  /** When the venue produced it. */
  tsEvent: number;
  /** When we received it. */
  tsInit: number;
}

export type AggressorSide = 'buy' | 'sell' | 'unknown';

/** A public trade print (not one of our fills). */
export interface Trade {
  exchange: string;
  symbol: string;
  tradeId: string;
  price: number;
  qty: number;
  side: AggressorSide;
  tsEvent: number;
  tsInit: number;
}

/** One side of a book: [price, size] levels, best first. */
export type BookLevels = Array<[price: number, size: number]>;

export interface OrderBookSnapshot {
  exchange: string;
  symbol: string;
  bids: BookLevels;
  asks: BookLevels;
  /** Venue sequence number, when the venue has one. */
  sequence?: number;
  tsEvent: number;
  tsInit: number;
}
