import { describe, expect, it } from 'vitest';
import { QuantLabError } from '../../core/errors.js';
import { baseAsset, recogniseColumns } from './columns.js';

const file = 'test.csv';

describe('recogniseColumns', () => {
  it('recognises synonyms case-insensitively and prefers the unix timestamp over the date', () => {
    const layout = recogniseColumns(
      ['unix', 'date', 'symbol', 'open', 'high', 'low', 'close', 'Volume BTC', 'Volume USDT', 'tradecount'],
      { file, symbol: 'BTC/USDT' },
    )!;
    expect(layout).toMatchObject({ ts: 0, open: 3, high: 4, low: 5, close: 6, volume: 7, tsName: 'unix' });
    expect(layout.volumeChoice).toEqual({
      column: 'Volume BTC',
      why: 'base-asset volume (BTC)',
      ignored: ['Volume USDT'],
    });
    expect(recogniseColumns(['Open_Time', 'O', 'H', 'L', 'C', 'V'], { file })).toMatchObject({
      ts: 0,
      open: 1,
      close: 4,
      volume: 5,
    });
    expect(recogniseColumns(['time', 'open', 'high', 'low', 'price'], { file })).toMatchObject({
      close: 4,
      volume: -1,
    });
  });

  it('takes the base-asset volume whichever way it is spelled', () => {
    // Coinbase (CryptoDataDownload): `volume` is the USD volume, `volume_btc` the base volume.
    const coinbase = recogniseColumns(
      ['date', 'symbol', 'open', 'high', 'low', 'close', 'volume_btc', 'volume'],
      {
        file,
        symbol: 'BTC/USD',
      },
    )!;
    expect(coinbase.volumeChoice.column).toBe('volume_btc');
    // Bitfinex: VolumeFrom (base) and VolumeTo (quote).
    const bitfinex = recogniseColumns(
      ['Date', 'Symbol', 'Open', 'High', 'Low', 'Close', 'VolumeFrom', 'VolumeTo'],
      {
        file,
      },
    )!;
    expect(bitfinex.volumeChoice).toMatchObject({ column: 'VolumeFrom', ignored: ['VolumeTo'] });
    // Without a symbol the quote-named column still loses to an unqualified one.
    const plain = recogniseColumns(['ts', 'open', 'high', 'low', 'close', 'volume usdt', 'volume'], {
      file,
    })!;
    expect(plain.volumeChoice.column).toBe('volume');
  });

  it('uses pandas’ unnamed first column as the timestamp', () => {
    expect(recogniseColumns(['', 'Open', 'High', 'Low', 'Close', 'Volume'], { file })).toMatchObject({
      ts: 0,
      tsName: '(unnamed first column)',
    });
  });

  it('returns undefined for lines that are not a header', () => {
    expect(recogniseColumns(['https://www.CryptoDataDownload.com'], { file })).toBeUndefined();
    expect(recogniseColumns(['1637971200000', '0.1', '0.2', '0.1', '0.2', '5'], { file })).toBeUndefined();
  });

  it('refuses a header without a timestamp column', () => {
    expect(() => recogniseColumns(['open', 'high', 'low', 'close'], { file })).toThrow(/no timestamp column/);
  });

  it('refuses side-by-side assets unless one is chosen, and reads the chosen one', () => {
    const headers = [
      '',
      'BTC:open',
      'BTC:high',
      'BTC:low',
      'BTC:close',
      'BTC:volume',
      'ETH:open',
      'ETH:high',
      'ETH:low',
      'ETH:close',
      'ETH:volume',
    ];
    let error: unknown;
    try {
      recogniseColumns(headers, { file });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuantLabError);
    expect((error as QuantLabError).message).toBe(
      'test.csv holds several assets side by side (BTC, ETH); choose one with --asset BTC',
    );
    expect(recogniseColumns(headers, { file, asset: 'eth' })).toMatchObject({
      ts: 0,
      open: 6,
      high: 7,
      low: 8,
      close: 9,
      volume: 10,
      asset: 'ETH',
    });
    expect(() => recogniseColumns(headers, { file, asset: 'LTC' })).toThrow(
      /no columns for asset LTC; it has BTC, ETH/,
    );
    expect(() => recogniseColumns(['ts', 'open', 'high', 'low', 'close'], { file, asset: 'BTC' })).toThrow(
      /does not apply/,
    );
  });
});

describe('baseAsset', () => {
  it('splits common symbol spellings', () => {
    expect(baseAsset('BTC/USDT')).toBe('BTC');
    expect(baseAsset('XRP/USDT:USDT')).toBe('XRP');
    expect(baseAsset('BTC-USDT-SWAP')).toBe('BTC');
    expect(baseAsset('ETHUSDT')).toBe('ETH');
    expect(baseAsset('BTCUSD')).toBe('BTC');
    expect(baseAsset('GOOG')).toBeUndefined();
  });
});
