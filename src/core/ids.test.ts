import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuantLabError } from './errors.js';
import {
  ClientOrderIdGenerator,
  clientOrderId,
  instrumentId,
  makeClientOrderId,
  parseClientOrderId,
  parseInstrumentId,
  positionId,
  saltTag,
  strategyId,
  strategyTag,
  tradeId,
  venueOrderId,
} from './ids.js';

const OKX_CLORDID = /^[A-Za-z0-9]{1,32}$/;
const BINANCE_CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

function expectInvalid(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(isQuantLabError(caught, 'QL_ERR_INVALID_INPUT')).toBe(true);
}

describe('id constructors', () => {
  it('accept well-formed ids and return them unchanged', () => {
    expect(clientOrderId('abc123XYZ')).toBe('abc123XYZ');
    expect(venueOrderId('1234567890123')).toBe('1234567890123');
    expect(tradeId('T-9')).toBe('T-9');
    expect(strategyId('sma-cross_1.v2')).toBe('sma-cross_1.v2');
    expect(instrumentId('okx', 'BTC/USDT:USDT')).toBe('okx:BTC/USDT:USDT');
    expect(positionId(instrumentId('okx', 'BTC/USDT'), strategyId('s1'))).toBe('okx:BTC/USDT#s1');
  });

  it('reject malformed ids with QL_ERR_INVALID_INPUT', () => {
    expectInvalid(() => clientOrderId(''));
    expectInvalid(() => clientOrderId('a'.repeat(33)));
    expectInvalid(() => clientOrderId('has-dash'));
    expectInvalid(() => venueOrderId('has space'));
    expectInvalid(() => tradeId(''));
    expectInvalid(() => strategyId('-leading-dash'));
    expectInvalid(() => instrumentId('OKX', 'BTC/USDT'));
    expectInvalid(() => instrumentId('okx', 'BTCUSDT'));
  });

  it('parses instrument ids whose symbol contains a colon', () => {
    expect(parseInstrumentId('binanceusdm:BTC/USDT:USDT')).toEqual({
      exchange: 'binanceusdm',
      symbol: 'BTC/USDT:USDT',
    });
    expectInvalid(() => parseInstrumentId('BTC/USDT'));
  });
});

describe('client order id generator', () => {
  const strategy = strategyId('sma-cross-1');

  it('follows the documented fixed-width scheme', () => {
    const id = makeClientOrderId(strategy, 35, 'run-7');
    expect(id).toHaveLength(26);
    expect(id.startsWith('ql')).toBe(true);
    expect(id.slice(2, 9)).toBe(strategyTag(strategy));
    expect(id.slice(9, 15)).toBe(saltTag('run-7'));
    expect(id.slice(15)).toBe('0000000000z'); // 35 in base 36
    expect(makeClientOrderId(strategy, 0)).toBe(`ql${strategyTag(strategy)}000000${'0'.repeat(11)}`);
  });

  it('is deterministic and stable across releases (FNV-1a pinned)', () => {
    // FNV-1a 32-bit of "a" is 0xe40c292c = 3826002220.
    expect(strategyTag('a')).toBe((3826002220).toString(36).padStart(7, '0'));
    expect(makeClientOrderId(strategy, 42, 'x')).toBe(makeClientOrderId(strategy, 42, 'x'));
  });

  it('handles the largest safe sequence and rejects bad ones', () => {
    const id = makeClientOrderId(strategy, Number.MAX_SAFE_INTEGER, 99);
    expect(parseClientOrderId(id)?.sequence).toBe(Number.MAX_SAFE_INTEGER);
    expectInvalid(() => makeClientOrderId(strategy, -1));
    expectInvalid(() => makeClientOrderId(strategy, 1.5));
    expect(parseClientOrderId('someoneElsesOrder')).toBeUndefined();
  });

  it('property: valid for OKX and Binance, round-trips, same inputs give the same id', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.option(fc.oneof(fc.string(), fc.nat()), { nil: undefined }),
        (name, sequence, salt) => {
          const id = makeClientOrderId(strategyId(name), sequence, salt);
          expect(id).toMatch(OKX_CLORDID);
          expect(id).toMatch(BINANCE_CLIENT_ID);
          expect(makeClientOrderId(strategyId(name), sequence, salt)).toBe(id);
          expect(parseClientOrderId(id)).toEqual({
            strategyTag: strategyTag(name),
            saltTag: saltTag(salt),
            sequence,
          });
        },
      ),
    );
  });

  it('property: distinct sequences give distinct ids', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.string(),
        (a, b, salt) => {
          fc.pre(a !== b);
          expect(makeClientOrderId(strategy, a, salt)).not.toBe(makeClientOrderId(strategy, b, salt));
        },
      ),
    );
  });

  it('the generator hands out consecutive sequences and resumes from a start', () => {
    const gen = new ClientOrderIdGenerator(strategy, 'session', 10);
    const ids = [gen.generate(), gen.generate(), gen.generate()];
    expect(ids.map((id) => parseClientOrderId(id)?.sequence)).toEqual([10, 11, 12]);
    expect(gen.next).toBe(13);
    expect(new Set(ids).size).toBe(3);
    expect(new ClientOrderIdGenerator(strategy, 'session', 11).generate()).toBe(ids[1]);
  });
});
