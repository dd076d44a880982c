import type { MarketInterface } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { offlineBinance, offlineOkx } from './ccxt-test-kit.js';
import { instrumentFromMarket } from './instrument-from-market.js';

describeWithSharedData('instrumentFromMarket over markets ccxt parsed from the real samples', () => {
  it('OKX: linear and inverse swaps (contract values), dated futures, spot', async () => {
    const okx = await offlineOkx();
    const of = (symbol: string) => instrumentFromMarket(okx.market(symbol), 'okx', okx.precisionMode);
    expect(of('BTC/USDT:USDT')).toMatchObject({
      kind: 'swap',
      venueSymbol: 'BTC-USDT-SWAP',
      settle: 'USDT',
      tickSize: 0.1,
      lotSize: 0.01,
      minSize: 0.01,
      contractValue: 0.01,
      inverse: false,
    });
    expect(of('BTC/USD:BTC')).toMatchObject({
      kind: 'swap',
      settle: 'BTC',
      contractValue: 100,
      inverse: true,
      lotSize: 1,
    });
    expect(of('BTC/USD:BTC-250328')).toMatchObject({
      kind: 'future',
      venueSymbol: 'BTC-USD-250328',
      inverse: true,
    });
    expect(of('ETH/USDT')).toMatchObject({
      kind: 'spot',
      contractValue: 1,
      tickSize: 0.01,
      lotSize: 0.000001,
      minSize: 0.0001,
    });
  });

  it('Binance USDⓈ-M: tick, step and the minimum notional from exchangeInfo filters', async () => {
    const binance = await offlineBinance();
    expect(
      instrumentFromMarket(binance.market('BTC/USDT:USDT'), 'binanceusdm', binance.precisionMode),
    ).toMatchObject({
      kind: 'swap',
      venueSymbol: 'BTCUSDT',
      tickSize: 0.1,
      lotSize: 0.001,
      minSize: 0.001,
      minNotional: 10,
      contractValue: 1,
    });
  });
});

describe('instrumentFromMarket', () => {
  const market = (changes: Partial<MarketInterface>): MarketInterface =>
    ({
      id: 'XBTEUR',
      symbol: 'BTC/EUR',
      base: 'BTC',
      quote: 'EUR',
      type: 'spot',
      spot: true,
      swap: false,
      future: false,
      option: false,
      contract: false,
      precision: { price: 1, amount: 8 },
      limits: { amount: { min: 0.0001 } },
      ...changes,
    }) as MarketInterface;

  it('converts DECIMAL_PLACES precision (digits) into increments', () => {
    expect(instrumentFromMarket(market({}), 'kraken', 2)).toMatchObject({
      tickSize: 0.1,
      lotSize: 1e-8,
      minSize: 0.0001,
    });
  });

  it('refuses options and markets without sizes', () => {
    expect(() =>
      instrumentFromMarket(market({ type: 'option', spot: false, option: true }), 'okx', 4),
    ).toThrow(/not tradable/);
    expect(() =>
      instrumentFromMarket(market({ precision: { amount: 1, price: undefined } }), 'okx', 4),
    ).toThrow(/price increment/);
  });
});
