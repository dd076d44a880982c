import type { Candle } from '../../core/market.js';
import type { Database } from '../database.js';
import type { OrderRecord } from '../repositories/orders.js';

/** A throw-away database of one backend: its URL, a label to print, and how to remove it. */
export interface TestDatabase {
  url: string;
  label: string;
  dispose(): Promise<void>;
}

/** One backend the storage suite runs against. */
export interface StorageBackend {
  name: 'sqlite' | 'postgresql';
  /** A new, empty database (own file or own schema). */
  create(): Promise<TestDatabase>;
}

/** The migrated database shared by a suite's repository tests. */
export type GetDatabase = () => Database;

export const MINUTE = 60_000;
export const T0 = Date.UTC(2024, 0, 1);

/** `n` one-minute candles from `start`, values derived from the index (and `bias`, to tell writes apart). */
export function makeCandles(n: number, start = T0, bias = 0): Candle[] {
  const candles: Candle[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const open = 40_000 + (i % 1000) + bias;
    candles[i] = {
      ts: start + i * MINUTE,
      open,
      high: open + 12.5,
      low: open - 7.25,
      close: open + 3.125,
      volume: 1.5 + i,
    };
  }
  return candles;
}

export function makeOrder(clientOrderId: string, changes: Partial<OrderRecord> = {}): OrderRecord {
  return {
    clientOrderId,
    venueOrderId: null,
    strategyId: 'strat-1',
    exchange: 'okx',
    symbol: 'BTC/USDT:USDT',
    side: 'buy',
    type: 'limit',
    timeInForce: 'gtc',
    qty: 0.5,
    price: 42_000.5,
    stopPrice: null,
    reduceOnly: false,
    status: 'Submitted',
    filledQty: 0,
    avgFillPrice: null,
    fees: 0,
    feeCurrency: null,
    external: false,
    createdAt: T0,
    updatedAt: T0,
    raw: null,
    account: null,
    ...changes,
  };
}

/** A fresh id per test so tests sharing one database never collide. */
let counter = 0;
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
