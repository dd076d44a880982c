/**
 * Test helpers (imported by tests only): ccxt exchanges that never touch the network — markets parsed by
 * ccxt itself from the real instrument samples in shared/data, and `fetch` replaced by a recorder that
 * answers with a canned body — plus a manual clock for the limiter, retry and stream tests.
 *
 * Callers run inside `describeWithSharedData` (the samples may be absent in a user's clone).
 */

import type { Exchange } from 'ccxt';
import { readSharedJson } from '../../../test/support/shared-data.js';
import { createExchange, type ExchangeCredentials } from '../../marketdata/exchanges.js';
import type { Timers } from './options.js';

export const TEST_CREDENTIALS: ExchangeCredentials = {
  apiKey: 'test-api-key-0123456789',
  secret: 'test-secret-abcdefghij',
  password: 'test-passphrase-xyz',
};

const OKX_DIR = ['exchange-messages', 'okx', 'nautilus'] as const;
const BINANCE_DIR = ['exchange-messages', 'binance', 'nautilus'] as const;

type OkxInstrumentRow = Record<string, unknown> & { instId: string; instType: string };

export function okxSample<T = { code: string; data: Record<string, unknown>[] }>(name: string): T {
  return readSharedJson<T>(...OKX_DIR, name);
}

export function binanceSample<T = unknown>(...path: string[]): T {
  return readSharedJson<T>(...BINANCE_DIR, ...path);
}

function okxRows(name: string): OkxInstrumentRow[] {
  return okxSample<{ data: OkxInstrumentRow[] }>(`http_get_instruments_${name}.json`).data;
}

/**
 * The OKX instrument rows: the real swap, futures and spot samples, the margin sample's USDT pairs
 * relabelled SPOT (OKX lists the same pairs for both), and three rows the ccxt request samples trade
 * (LTC-USDT, LTC-USDT-SWAP, ADA-USDT-SWAP) derived from real rows with the names and sizes changed.
 */
export function okxInstrumentRows(): OkxInstrumentRow[] {
  const swap = okxRows('swap');
  const margin = okxRows('margin').map((row) => ({ ...row, instType: 'SPOT', lever: '' }));
  const ethSwap = swap.find((row) => row.instId === 'ETH-USDT-SWAP')!;
  const btcSpot = margin.find((row) => row.instId === 'BTC-USDT')!;
  const renamed = (row: OkxInstrumentRow, base: string, changes: Record<string, string>) => ({
    ...row,
    ...changes,
    instId: row.instId.replace(/^[A-Z]+/, base),
    ...(row.baseCcy === '' ? {} : { baseCcy: base }),
    ...(row.uly === '' ? {} : { uly: `${base}-USDT`, instFamily: `${base}-USDT` }),
  });
  return [
    ...okxRows('spot'),
    ...margin,
    ...swap,
    ...okxRows('futures'),
    renamed(btcSpot, 'LTC', { tickSz: '0.01', lotSz: '0.000001', minSz: '0.001' }),
    renamed(ethSwap, 'LTC', { tickSz: '0.01', lotSz: '0.01', minSz: '0.01', ctVal: '1' }),
    renamed(ethSwap, 'ADA', { tickSz: '0.0001', lotSz: '1', minSz: '1', ctVal: '100' }),
  ];
}

function withMarkets(exchange: Exchange, markets: Parameters<Exchange['setMarkets']>[0]): Exchange {
  // Requests never leave the process: ccxt's own throttle would only slow the tests down.
  exchange.enableRateLimit = false;
  exchange.setMarkets(markets);
  return exchange;
}

/** An OKX ccxt(.pro) exchange with the sample markets loaded; live URLs (as in ccxt's request samples). */
export async function offlineOkx(options: { pro?: boolean; sandbox?: boolean } = {}): Promise<Exchange> {
  const exchange = await createExchange('okx', { credentials: TEST_CREDENTIALS, ...options });
  return withMarkets(
    exchange,
    okxInstrumentRows().map((row) => exchange.parseMarket(row)),
  );
}

/** A Binance USDⓈ-M exchange with the markets of the real exchangeInfo sample (BTCUSDT, ETHUSDT …). */
export async function offlineBinance(options: { pro?: boolean } = {}): Promise<Exchange> {
  const exchange = await createExchange('binanceusdm', {
    credentials: { apiKey: TEST_CREDENTIALS.apiKey, secret: TEST_CREDENTIALS.secret },
    ...options,
  });
  const info = binanceSample<{ symbols: Record<string, unknown>[] }>(
    'py',
    'http_responses',
    'http_futures_market_exchange_info.json',
  );
  return withMarkets(
    exchange,
    info.symbols.map((symbol) => exchange.parseMarket(symbol)),
  );
}

export interface CapturedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/** Replaces ccxt's transport: every request is recorded and answered with `reply(request)`. */
export function captureRequests(
  exchange: Exchange,
  reply: (request: CapturedRequest) => unknown = () => ({ code: '0', data: [{}], msg: '' }),
): CapturedRequest[] {
  const captured: CapturedRequest[] = [];
  (exchange as unknown as { fetch: unknown }).fetch = async (
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
  ) => {
    const request = { url, method, headers, body };
    captured.push(request);
    return reply(request);
  };
  return captured;
}

/**
 * Runs a raw venue reply through ccxt's own response handling (`handleRestResponse`: `onRestResponse`,
 * the exchange's `handleErrors`, then the HTTP status table) and returns what ccxt throws.
 */
export async function ccxtErrorFor(
  exchange: Exchange,
  reply: { status: number; body: unknown; headers?: Record<string, string>; url?: string; method?: string },
): Promise<unknown> {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const response = new Response(text, {
    status: reply.status,
    statusText: reply.status === 200 ? 'OK' : 'Error',
    headers: { 'content-type': 'application/json', ...reply.headers },
  });
  const handle = (exchange as unknown as { handleRestResponse: (...args: unknown[]) => Promise<unknown> })
    .handleRestResponse;
  try {
    await handle.call(exchange, response, reply.url ?? 'https://venue.test/api', reply.method ?? 'POST');
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A clock whose timers fire only when the test advances it. */
export class ManualClock implements Timers {
  #now: number;
  #seq = 0;
  readonly #pending = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#seq;
    this.#pending.set(id, { at: this.#now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  get pendingTimers(): number {
    return this.#pending.size;
  }

  /** Moves time forward, firing due timers in time order and letting promise callbacks run between them. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await flushPromises();
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.#pending) if (next === undefined || entry[1].at < next[1].at) next = entry;
      if (next === undefined || next[1].at > end) break;
      this.#pending.delete(next[0]);
      this.#now = next[1].at;
      next[1].fn();
    }
    this.#now = end;
    await flushPromises();
  }
}

export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
