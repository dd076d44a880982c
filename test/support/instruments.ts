import { createInstrument } from '../../src/core/instrument.js';

/** Instruments with the real specifications of their venues, shared by tests. */

/** OKX BTC-USDT-SWAP: linear, USDT-settled, 0.01 BTC per contract. */
export const OKX_BTC_USDT_SWAP = createInstrument({
  exchange: 'okx',
  symbol: 'BTC/USDT:USDT',
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 0.01,
  minSize: 0.01,
  contractValue: 0.01,
});

/** OKX BTC-USD-SWAP: inverse, BTC-settled, 100 USD per contract. */
export const OKX_BTC_USD_SWAP = createInstrument({
  exchange: 'okx',
  symbol: 'BTC/USD:BTC',
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 1,
  minSize: 1,
  contractValue: 100,
});

/** Binance BTC/USDT spot (minimum notional 5 USDT). */
export const BINANCE_BTC_USDT_SPOT = createInstrument({
  exchange: 'binance',
  symbol: 'BTC/USDT',
  kind: 'spot',
  tickSize: 0.01,
  lotSize: 0.00001,
  minSize: 0.00001,
  minNotional: 5,
});
