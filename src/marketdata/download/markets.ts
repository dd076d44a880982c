/**
 * What a download is of: the kinds of history, how each is stored, and the market checks made before the
 * first page (unknown symbol, mark or funding history asked of a spot market, a timeframe the venue lacks).
 *
 * Storage convention: mark-price candles are a candle series of their own, stored under the market symbol
 * with `#mark` appended (`BTC/USDT:USDT#mark`), same exchange and timeframe, so they never mix with trade
 * candles and every candle tool (`data list`, `data check`, the cache, backtests) reads them unchanged.
 * Funding rates go to `funding_rates` under the plain market symbol.
 */

import type { Exchange, MarketInterface } from 'ccxt';
import { QuantLabError } from '../../core/errors.js';
import type { Timeframe } from '../../core/timeframe.js';
import { type RetryHooks, type RetryPolicy, withRetry } from './retry.js';

export const HISTORY_KINDS = ['candles', 'mark', 'funding'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** Appended to the market symbol to name a mark-price candle series. */
export const MARK_SUFFIX = '#mark';

/** The symbol a kind of history is stored under: `BTC/USDT:USDT#mark` for mark-price candles. */
export function seriesSymbol(symbol: string, kind: HistoryKind): string {
  return kind === 'mark' ? `${symbol}${MARK_SUFFIX}` : symbol;
}

/** The timeframe column of a download cursor: funding rates have none. */
export function cursorTimeframe(kind: HistoryKind, timeframe: Timeframe | undefined): string {
  return kind === 'funding' ? '' : (timeframe ?? '');
}

/** Symbols of `known` that look like `symbol`: same base and quote first (spot vs swap), then near spellings. */
export function suggestSymbols(symbol: string, known: readonly string[]): string[] {
  const wanted = symbol.toUpperCase();
  const [pair = ''] = wanted.split(':');
  const compact = (s: string) => s.replace(/[^A-Z0-9]/g, '');
  const samePair = known.filter((s) => s.split(':')[0] === pair || compact(s).startsWith(compact(wanted)));
  const rest = known.filter((s) => !samePair.includes(s) && compact(s).includes(compact(pair)));
  return [...samePair, ...rest].slice(0, 5);
}

export interface MarketCheck {
  exchange: Exchange;
  symbol: string;
  kind: HistoryKind;
  timeframe?: Timeframe;
  retry?: RetryPolicy;
  hooks?: RetryHooks;
}

/**
 * Loads the markets (with retries) and returns the one named `symbol`. Throws QL_ERR_INSTRUMENT_UNKNOWN
 * for a symbol the venue does not list (with suggestions), QL_ERR_INVALID_INPUT for mark or funding history
 * of a market without it, or a timeframe the venue does not offer.
 */
export async function resolveMarket({
  exchange,
  symbol,
  kind,
  timeframe,
  retry,
  hooks,
}: MarketCheck): Promise<MarketInterface> {
  const markets = await withRetry(
    () => exchange.loadMarkets(),
    { exchange: exchange.id, operation: 'loadMarkets' },
    retry,
    hooks,
  );
  const market = Object.hasOwn(markets, symbol) ? markets[symbol] : undefined;
  if (market === undefined) {
    const suggestions = suggestSymbols(symbol, Object.keys(markets));
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
    throw new QuantLabError(
      'QL_ERR_INSTRUMENT_UNKNOWN',
      `${exchange.id} has no market ${JSON.stringify(symbol)}${hint} (ccxt unified symbols: BTC/USDT spot, BTC/USDT:USDT perpetual)`,
      { details: { exchange: exchange.id, symbol, suggestions } },
    );
  }
  if (kind !== 'candles' && market.contract !== true) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `${kind === 'mark' ? 'mark-price candles' : 'funding rates'} exist for perpetual swaps and futures; ` +
        `${exchange.id} ${symbol} is a ${market.type} market`,
      { details: { exchange: exchange.id, symbol, kind, type: market.type } },
    );
  }
  if (kind === 'funding' && market.swap !== true) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `funding rates exist for perpetual swaps; ${exchange.id} ${symbol} is a ${market.type} market`,
      { details: { exchange: exchange.id, symbol, kind, type: market.type } },
    );
  }
  const offered = exchange.timeframes as Record<string, unknown> | undefined;
  if (kind !== 'funding' && timeframe !== undefined && offered !== undefined && !(timeframe in offered)) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `${exchange.id} has no ${timeframe} candles; it offers ${Object.keys(offered).join(', ')}`,
      { details: { exchange: exchange.id, timeframe } },
    );
  }
  return market;
}
