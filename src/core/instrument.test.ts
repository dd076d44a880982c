import { describe, expect, it } from 'vitest';
import { OKX_BTC_USD_SWAP as inverse, OKX_BTC_USDT_SWAP as linear } from '../../test/support/instruments.js';
import { isQuantLabError } from './errors.js';
import {
  baseQuantity,
  createInstrument,
  instrumentIdOf,
  parseUnifiedSymbol,
  quoteNotional,
  settleNotional,
} from './instrument.js';

describe('createInstrument', () => {
  it('completes a spot instrument from its symbol', () => {
    const inst = createInstrument({
      exchange: 'binance',
      symbol: 'ETH/USDT',
      kind: 'spot',
      tickSize: 0.01,
      lotSize: 0.0001,
      minSize: 0.0001,
      minNotional: 5,
    });
    expect(inst).toMatchObject({
      base: 'ETH',
      quote: 'USDT',
      settle: 'USDT',
      contractValue: 1,
      inverse: false,
      minNotional: 5,
    });
    expect(instrumentIdOf(inst)).toBe('binance:ETH/USDT');
    expect(Object.isFrozen(inst)).toBe(true);
  });

  it('detects inverse contracts from a base-coin settle', () => {
    const inst = createInstrument({
      exchange: 'okx',
      symbol: 'BTC/USD:BTC',
      kind: 'swap',
      tickSize: 0.1,
      lotSize: 1,
      minSize: 1,
      contractValue: 100,
    });
    expect(inst.inverse).toBe(true);
    expect(inst.settle).toBe('BTC');
  });

  it('parses dated futures symbols', () => {
    expect(parseUnifiedSymbol('BTC/USDT:USDT-250328')).toEqual({
      base: 'BTC',
      quote: 'USDT',
      settle: 'USDT',
    });
    expect(parseUnifiedSymbol('BTC/USDT')).toEqual({ base: 'BTC', quote: 'USDT' });
  });

  it.each([
    ['non-positive tick', { tickSize: 0 }],
    ['NaN lot', { lotSize: Number.NaN }],
    ['negative min size', { minSize: -1 }],
    ['spot with contract value', { contractValue: 2 }],
    ['spot with settle part', { symbol: 'BTC/USDT:USDT' }],
    ['upper-case exchange', { exchange: 'OKX' }],
    ['leverage below 1', { maxLeverage: 0.5 }],
  ])('rejects %s', (_name, patch) => {
    let caught: unknown;
    try {
      createInstrument({
        exchange: 'okx',
        symbol: 'BTC/USDT',
        kind: 'spot',
        tickSize: 0.1,
        lotSize: 0.001,
        minSize: 0.001,
        ...patch,
      });
    } catch (error) {
      caught = error;
    }
    expect(isQuantLabError(caught, 'QL_ERR_INVALID_INPUT')).toBe(true);
  });

  it('rejects a derivative without a settle part', () => {
    expect(() =>
      createInstrument({
        exchange: 'okx',
        symbol: 'BTC/USDT',
        kind: 'swap',
        tickSize: 0.1,
        lotSize: 1,
        minSize: 1,
      }),
    ).toThrow(/settle part/);
  });
});

describe('notional', () => {
  it('BTC-USDT-SWAP: 5 contracts of 0.01 BTC at 60000 are worth 3000 USDT', () => {
    expect(quoteNotional(linear, 5, 60_000)).toBeCloseTo(3000, 9);
    expect(settleNotional(linear, 5, 60_000)).toBeCloseTo(3000, 9);
    expect(baseQuantity(linear, 5)).toBeCloseTo(0.05, 12);
  });

  it('BTC-USD-SWAP: 10 contracts of 100 USD are 1000 USD, 0.02 BTC at 50000', () => {
    expect(quoteNotional(inverse, 10, 50_000)).toBe(1000);
    expect(settleNotional(inverse, 10, 50_000)).toBeCloseTo(0.02, 15);
    expect(baseQuantity(inverse, 10, 50_000)).toBeCloseTo(0.02, 15);
  });
});
