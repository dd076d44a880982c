/**
 * The one place ccxt exchanges are made. ccxt takes ~400 ms to load, so it is imported lazily here and
 * nowhere at module top level: the CLI starts without it and pays only when a verb talks to a venue.
 *
 * Safe by default (DESIGN.md §1.4): an exchange built from the configuration runs OKX in demo mode
 * (`x-simulated-trading: 1`) and Binance USDⓈ-M on its demo/testnet environment unless the configuration
 * says otherwise. `baseUrl` points any exchange at another server (a local simulator in tests): the scheme
 * and host of every REST URL ccxt knows are replaced and the paths kept, so `…/api/v5` (OKX) and
 * `…/fapi/v1` (Binance) land on the same server; WebSocket URLs get the `ws(s)://` form of the same host.
 */

import type { Exchange } from 'ccxt';
import type { Config } from '../config/index.js';
import { QuantLabError } from '../core/errors.js';

export type { Exchange } from 'ccxt';

type CcxtModule = typeof import('ccxt');

let ccxtModule: Promise<CcxtModule> | undefined;

/** The ccxt module, imported on first use and cached. */
export function loadCcxt(): Promise<CcxtModule> {
  ccxtModule ??= import('ccxt');
  return ccxtModule;
}

export interface ExchangeCredentials {
  apiKey: string;
  secret: string;
  /** OKX's passphrase. */
  password?: string;
}

export interface ExchangeOptions {
  /** Demo / testnet environment: OKX demo trading, Binance demo trading, ccxt sandbox for other ids. */
  sandbox?: boolean;
  /** Replaces scheme and host of every REST URL (paths kept), e.g. `http://127.0.0.1:8080`. */
  baseUrl?: string;
  /** WebSocket base; defaults to the `ws://` form of `baseUrl` (plus `/ws/v5` for OKX, as DESIGN.md §5). */
  wsUrl?: string;
  credentials?: ExchangeCredentials;
  /**
   * Which market types `loadMarkets()` asks for (ccxt's `options.fetchMarkets.types`). Defaults: OKX
   * spot, future, swap (options need one request per underlying); Binance USDⓈ-M linear.
   */
  marketTypes?: readonly string[];
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Minimum spacing of requests for ccxt's limiter; default is the exchange's own (OKX ~110 ms). */
  rateLimitMs?: number;
  /** The ccxt.pro class (REST and WebSocket) instead of the REST-only one. */
  pro?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;

const DEFAULT_MARKET_TYPES: Readonly<Record<string, readonly string[]>> = {
  okx: ['spot', 'future', 'swap'],
  binanceusdm: ['linear'],
};

/** Levenshtein distance, for "did you mean" suggestions on a mistyped exchange id. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Up to three known ids close to `id` (ignoring case and punctuation: `binance-usdm` → `binanceusdm`). */
export function suggestExchangeIds(id: string, known: readonly string[]): string[] {
  const wanted = id.toLowerCase().replace(/[^a-z0-9]/g, '');
  const scored = known
    .map((candidate) => ({
      candidate,
      score:
        candidate === wanted ? 0 : candidate.startsWith(wanted) ? 1 : editDistance(wanted, candidate) + 1,
    }))
    .filter(({ score }) => score <= Math.max(2, Math.floor(wanted.length / 3)) + 1)
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, 3).map((s) => s.candidate);
}

/** Rewrites scheme and host of every URL string in a (nested) ccxt `urls.api` dictionary. */
function rebase(value: unknown, restBase: string, wsBase: string): unknown {
  if (typeof value === 'string') {
    const match = /^(https?|wss?):\/\/[^/]+/.exec(value);
    if (match === null) return value;
    const base = match[1]!.startsWith('ws') ? wsBase : restBase;
    return base + value.slice(match[0].length);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebase(v, restBase, wsBase)]));
  }
  return value;
}

function applyBaseUrl(exchange: Exchange, id: string, baseUrl: string, wsUrl: string | undefined): void {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `${id}: base URL ${JSON.stringify(baseUrl)} is not a URL`,
      {
        details: { exchange: id },
      },
    );
  }
  const restBase = parsed.origin;
  const wsBase = restBase.replace(/^http/, 'ws');
  const urls = exchange.urls as Record<string, unknown>;
  for (const key of ['api', 'test', 'demo', 'apiBackup', 'apiBackupDemoTrading']) {
    if (urls[key] !== undefined) urls[key] = rebase(urls[key], restBase, wsBase);
  }
  // Demo/test URL sets lack some endpoints (Binance demo has no fapiData): on one local server the live
  // set's paths fill them in.
  const live = urls.apiBackup ?? urls.apiBackupDemoTrading;
  if (typeof live === 'object' && live !== null && typeof urls.api === 'object' && urls.api !== null) {
    urls.api = { ...live, ...urls.api };
  }
  const api = urls.api as Record<string, unknown>;
  if (id === 'okx' || id === 'myokx') {
    // DESIGN.md §5: ccxt appends /public, /private, /business to this.
    api.ws = wsUrl ?? `${wsBase}/ws/v5`;
  } else if (wsUrl !== undefined) {
    api.ws = rebase(api.ws, wsUrl.replace(/\/+$/, ''), wsUrl.replace(/\/+$/, ''));
  }
}

/**
 * Builds a ccxt exchange: `okx`, `binanceusdm` or any ccxt id (QL_ERR_INVALID_INPUT with suggestions for an
 * unknown one), ccxt's rate limiter on, a request timeout, demo/testnet per `sandbox`, `baseUrl` applied.
 * Markets are not loaded yet (`await exchange.loadMarkets()`).
 */
export async function createExchange(id: string, options: ExchangeOptions = {}): Promise<Exchange> {
  const ccxt = await loadCcxt();
  const classes = (options.pro ? ccxt.pro : ccxt.exchanges) as unknown as Record<
    string,
    new (
      config: Record<string, unknown>,
    ) => Exchange
  >;
  const ExchangeClass = Object.hasOwn(classes, id) ? classes[id] : undefined;
  if (ExchangeClass === undefined) {
    const suggestions = suggestExchangeIds(id, Object.keys(classes));
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `unknown exchange ${JSON.stringify(id)}${hint} (any ccxt${options.pro ? '.pro' : ''} id works, e.g. okx, binanceusdm)`,
      { details: { exchange: id, suggestions } },
    );
  }
  const marketTypes = options.marketTypes ?? DEFAULT_MARKET_TYPES[id];
  const ccxtOptions: Record<string, unknown> = {};
  if (marketTypes !== undefined) ccxtOptions.fetchMarkets = { types: [...marketTypes] };
  // Binance's currencies come from a signed spot (sapi) call that futures do not need.
  if (id === 'binanceusdm') ccxtOptions.fetchCurrencies = false;
  const config: Record<string, unknown> = {
    enableRateLimit: true,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    options: ccxtOptions,
  };
  if (options.rateLimitMs !== undefined) config.rateLimit = options.rateLimitMs;
  if (options.credentials !== undefined) {
    config.apiKey = options.credentials.apiKey;
    config.secret = options.credentials.secret;
    if (options.credentials.password !== undefined) config.password = options.credentials.password;
  }
  const exchange = new ExchangeClass(config);
  if (options.sandbox === true) {
    // ccxt refuses Binance's retired futures testnet; its successor is the demo trading environment.
    if (id === 'binanceusdm' || id === 'binance') exchange.enableDemoTrading(true);
    else {
      // ccxt swaps in `urls.test` without checking it exists, which would leave the exchange without URLs.
      if ((exchange.urls as { test?: unknown }).test === undefined) {
        throw new QuantLabError('QL_ERR_INVALID_INPUT', `${id} has no sandbox (demo/testnet) environment`, {
          details: { exchange: id },
        });
      }
      exchange.setSandboxMode(true);
    }
  }
  if (options.baseUrl !== undefined) applyBaseUrl(exchange, id, options.baseUrl, options.wsUrl);
  return exchange;
}

/**
 * Factory options from the configuration: demo/testnet flags and base URLs of OKX and Binance USDⓈ-M.
 * Credentials are included only when asked for: public market data never needs them.
 */
export function exchangeOptionsFromConfig(
  id: string,
  config: Config,
  { withCredentials = false }: { withCredentials?: boolean } = {},
): ExchangeOptions {
  if (id === 'okx') {
    const { apiKey, secretKey, passphrase } = config.okx;
    return {
      sandbox: config.okx.simulatedTrading,
      ...(config.okx.baseUrl === undefined ? {} : { baseUrl: config.okx.baseUrl }),
      ...(withCredentials && apiKey !== undefined && secretKey !== undefined
        ? {
            credentials: {
              apiKey,
              secret: secretKey,
              ...(passphrase === undefined ? {} : { password: passphrase }),
            },
          }
        : {}),
    };
  }
  if (id === 'binanceusdm') {
    const { apiKey, apiSecret } = config.binance;
    return {
      sandbox: config.binance.testnet,
      ...(config.binance.baseUrl === undefined ? {} : { baseUrl: config.binance.baseUrl }),
      ...(withCredentials && apiKey !== undefined && apiSecret !== undefined
        ? { credentials: { apiKey, secret: apiSecret } }
        : {}),
    };
  }
  return {};
}

/**
 * Closes WebSocket clients and the exchange's keep-alive HTTP agent, so a finished command does not wait for
 * idle sockets (ccxt's `close()` leaves the agent open). By default the agent is destroyed: requests still
 * in flight fail at once, since whoever closes the exchange has given up on them (a stopped live feed's
 * backfill, an interrupted download) — closing it would wait for them, up to the request timeout.
 * `graceful` lets them finish first (a live feed replacing a dropped connection keeps a backfill page that
 * was already on its way). Never throws.
 */
export async function closeExchange(exchange: Exchange, { graceful = false } = {}): Promise<void> {
  try {
    await exchange.close();
    const agent = (
      exchange as unknown as {
        fetchDispatcher?: { close?: () => Promise<void>; destroy?: () => Promise<void> };
      }
    ).fetchDispatcher;
    await (graceful ? agent?.close?.() : agent?.destroy?.());
  } catch {
    // closing is best effort: the process is ending or the exchange is being replaced
  }
}
