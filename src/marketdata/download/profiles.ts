/**
 * How each exchange pages its history, as named constants (NautilusTrader's habit): the page sizes are the
 * largest the venue (and ccxt) accept, and `windowed` says how to read a short or empty page.
 *
 * - OKX (`/api/v5/market/history-candles`, `history-mark-price-candles`, `public/funding-rate-history`):
 *   100 rows a request, newest first. ccxt turns `since` + `limit` into the window `before = since − 1`,
 *   `after = since + limit × timeframe`, so a page covers exactly that window: an empty page means "nothing
 *   in this window" (a venue outage, a not-yet-listed market), not "no more data". Funding history needs the
 *   window's upper bound passed explicitly (`after`); with `before` alone OKX returns the latest rows.
 * - Binance USDⓈ-M (`/fapi/v1/klines`, `markPriceKlines`, `fundingRate`): oldest first from `startTime`;
 *   ccxt caps klines at 1000 a request, funding takes 1000. An empty page means there is nothing later.
 * - Any other ccxt exchange: ccxt's `features` page size for fetchOHLCV (else 500), read like Binance.
 */

import type { Exchange } from 'ccxt';

export interface HistoryProfile {
  candlePage: number;
  markPage: number;
  fundingPage: number;
  /** A request covers [since, since + limit × timeframe) and an empty page does not end the download. */
  windowed: boolean;
  /**
   * A page shorter than asked for means the venue has nothing later (Binance, whose caps we know). Not
   * assumed for other exchanges, which may cap pages below what we ask.
   */
  shortPageEnds: boolean;
  /** Funding requests carry an explicit window end (OKX `after`); the window is this long. */
  fundingWindowMs?: number;
  /** Funding requests carry the range end as ccxt's `until` (Binance `endTime`), so the last page is short. */
  fundingUntil?: boolean;
}

const HOUR = 3_600_000;

export const OKX_HISTORY: HistoryProfile = {
  candlePage: 100,
  markPage: 100,
  fundingPage: 100,
  windowed: true,
  shortPageEnds: false,
  // OKX's shortest funding interval is 1 h, so 100 rows never fill a 100 h window: no row is cut off.
  fundingWindowMs: 100 * HOUR,
};

export const BINANCE_USDM_HISTORY: HistoryProfile = {
  candlePage: 1000,
  markPage: 1000,
  fundingPage: 1000,
  windowed: false,
  shortPageEnds: true,
  fundingUntil: true,
};

const GENERIC_CANDLE_PAGE = 500;
const GENERIC_FUNDING_PAGE = 100;

/** ccxt's `features` entry for a market type (`spot`, or `swap` → `linear`/`inverse`). */
function featureLimit(
  exchange: Exchange,
  marketType: string,
  subType: string | undefined,
): number | undefined {
  const features = exchange.features as Record<string, Record<string, unknown> | undefined> | undefined;
  const byType = features?.[marketType];
  const scope = (subType !== undefined && byType?.[subType] !== undefined ? byType[subType] : byType) as
    | Record<string, { limit?: unknown } | undefined>
    | undefined;
  const limit = scope?.fetchOHLCV?.limit;
  return typeof limit === 'number' && limit > 0 ? limit : undefined;
}

/** The paging facts for `exchange` and one of its markets. */
export function historyProfile(
  exchange: Exchange,
  market: { type?: string; linear?: boolean; inverse?: boolean },
): HistoryProfile {
  if (exchange.id === 'okx' || exchange.id === 'myokx') return OKX_HISTORY;
  if (exchange.id === 'binanceusdm') return BINANCE_USDM_HISTORY;
  const subType = market.linear ? 'linear' : market.inverse ? 'inverse' : undefined;
  const candlePage = featureLimit(exchange, market.type ?? 'spot', subType) ?? GENERIC_CANDLE_PAGE;
  return {
    candlePage,
    markPage: candlePage,
    fundingPage: GENERIC_FUNDING_PAGE,
    windowed: false,
    shortPageEnds: false,
  };
}
