/**
 * The slice of a ccxt "pro" (WebSocket) exchange the live feed uses, typed structurally so the feed does
 * not depend on ccxt's very large declarations and tests can see exactly what is touched. ccxt itself is
 * imported lazily (through exchanges.ts): a process that never streams never loads it.
 */

import { loadCcxt } from '../exchanges.js';

export interface CcxtTicker {
  symbol?: string;
  timestamp?: number | undefined;
  bid?: number | undefined;
  ask?: number | undefined;
  last?: number | undefined;
  bidVolume?: number | undefined;
  askVolume?: number | undefined;
}

export interface CcxtTrade {
  id?: string | undefined;
  timestamp?: number | undefined;
  price?: number | undefined;
  amount?: number | undefined;
  side?: string | undefined;
}

export interface CcxtOrderBook {
  bids: Array<[number, number] | number[]>;
  asks: Array<[number, number] | number[]>;
  nonce?: number | undefined;
  timestamp?: number | undefined;
}

export interface CcxtWsClient {
  readonly url: string;
}

export interface CcxtProExchange {
  readonly id: string;
  markets: Record<string, unknown> | undefined;
  currencies?: unknown;
  readonly has: Record<string, boolean | string | undefined>;
  urls: Record<string, unknown>;
  options: Record<string, unknown>;
  /** ccxt's latest ticker / best bid-ask per symbol (a watch call resolves with one of them). */
  tickers?: Record<string, CcxtTicker | undefined>;
  bidsasks?: Record<string, CcxtTicker | undefined>;
  loadMarkets(): Promise<unknown>;
  /** Needed before ccxt opens a plain `ws://` URL (local servers, simulators). */
  loadHttpProxyAgent(): Promise<unknown>;
  setMarkets(markets: unknown, currencies?: unknown): unknown;
  watchOHLCV(symbol: string, timeframe: string): Promise<number[][]>;
  watchTicker(symbol: string): Promise<CcxtTicker>;
  watchBidsAsks(symbols: string[]): Promise<Record<string, CcxtTicker>>;
  watchTrades(symbol: string): Promise<CcxtTrade[]>;
  watchOrderBook(symbol: string): Promise<CcxtOrderBook>;
  unWatchOrderBook(symbol: string): Promise<unknown>;
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<number[][]>;
  close(): Promise<unknown>;
  /** Replaced on the instance to install the venue tap. */
  handleMessage(client: CcxtWsClient, message: unknown): void;
  /** ccxt's connection clients log through this (e.g. unparsable frames); routed to our logger. */
  log: (...args: unknown[]) => void;
  safeSymbol(marketId: string, market?: unknown, delimiter?: string, marketType?: string): string;
  findTimeframe(timeframe: string): string | undefined;
}

export type CcxtErrorKind = 'book-resync' | 'connection' | 'closed' | 'other';

/**
 * Sorts a ccxt error into what the feed does next. Order matters: ccxt's InvalidNonce (and its subclass
 * ChecksumError, raised on book sequence gaps) extends NetworkError, yet needs a re-snapshot, not a
 * reconnect; ExchangeClosedByUser is what our own `close()` produces.
 */
export async function classifyCcxtError(error: unknown): Promise<CcxtErrorKind> {
  const ccxt = await loadCcxt();
  if (error instanceof ccxt.ExchangeClosedByUser) return 'closed';
  if (error instanceof ccxt.InvalidNonce) return 'book-resync';
  if (error instanceof ccxt.NetworkError) return 'connection';
  return 'other';
}
