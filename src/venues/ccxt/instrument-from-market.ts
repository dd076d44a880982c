/**
 * ccxt market → `Instrument` (src/core/instrument.ts). Quantities are contracts: for derivatives ccxt's
 * `contractSize` is the contract value (OKX BTC-USDT-SWAP 0.01 BTC, BTC-USD-SWAP 100 USD), for spot 1.
 *
 * ccxt states tick and lot sizes in the exchange's `precisionMode`: OKX and Binance use TICK_SIZE (the
 * increment itself); older ccxt classes use DECIMAL_PLACES (digits after the point), converted here.
 */

import type { MarketInterface } from 'ccxt';
import { createInstrument, type Instrument, type InstrumentKind } from '../../core/instrument.js';
import { ExchangeError } from '../exchange/types.js';

/** ccxt's `precisionMode` values (base/functions/number.js). */
const DECIMAL_PLACES = 2;
const SIGNIFICANT_DIGITS = 3;

function increment(
  value: number | undefined,
  precisionMode: number | undefined,
  what: string,
  symbol: string,
): number {
  if (value === undefined || !(value > 0 || (precisionMode === DECIMAL_PLACES && value === 0))) {
    throw new ExchangeError('rejected', `${symbol}: the venue gives no ${what} increment`);
  }
  if (precisionMode === DECIMAL_PLACES) return Number((10 ** -value).toPrecision(12));
  if (precisionMode === SIGNIFICANT_DIGITS) {
    throw new ExchangeError(
      'rejected',
      `${symbol}: significant-digit precision has no fixed ${what} increment`,
    );
  }
  return value;
}

function kindOf(market: MarketInterface): InstrumentKind | undefined {
  if (market.spot === true) return 'spot';
  if (market.swap === true) return 'swap';
  if (market.future === true) return 'future';
  return undefined;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Spot, swap and future markets map; options and margin-only markets are not tradable here. */
export function isTradableMarket(market: MarketInterface): boolean {
  return kindOf(market) !== undefined;
}

export function instrumentFromMarket(
  market: MarketInterface,
  exchange: string,
  /** ccxt's `precisionMode`; TICK_SIZE when unset. */
  precisionMode: number | undefined,
): Instrument {
  const kind = kindOf(market);
  if (kind === undefined) {
    throw new ExchangeError(
      'rejected',
      `${exchange} ${market.symbol} is a ${market.type} market; not tradable`,
    );
  }
  const tickSize = increment(market.precision.price, precisionMode, 'price', market.symbol);
  const lotSize = increment(market.precision.amount, precisionMode, 'amount', market.symbol);
  const minNotional = positive(market.limits.cost?.min);
  const maxLeverage = positive(market.limits.leverage?.max);
  const contractValue = kind === 'spot' ? 1 : positive(market.contractSize);
  if (contractValue === undefined) {
    throw new ExchangeError('rejected', `${exchange} ${market.symbol}: no contract size`);
  }
  return createInstrument({
    exchange,
    symbol: market.symbol,
    venueSymbol: market.id ?? market.symbol,
    kind,
    base: market.base,
    quote: market.quote,
    ...(kind === 'spot' ? {} : { settle: market.settle ?? market.quote, inverse: market.inverse === true }),
    tickSize,
    lotSize,
    // A venue without a minimum still cannot take less than one lot.
    minSize: positive(market.limits.amount?.min) ?? lotSize,
    contractValue,
    ...(minNotional === undefined ? {} : { minNotional }),
    ...(maxLeverage === undefined || maxLeverage < 1 ? {} : { maxLeverage }),
  });
}
