import { describe, expect, it } from 'vitest';
import type { Candle, OrderBookSnapshot, Ticker } from './market.js';
import { validateBook, validateCandle, validateTicker } from './market-validation.js';

const rules = (violations: { rule: string }[]) => violations.map((v) => v.rule);
const candle = (patch: Partial<Candle> = {}): Candle => ({
  ts: 1_700_000_000_000,
  open: 100,
  high: 110,
  low: 95,
  close: 105,
  volume: 12.5,
  ...patch,
});
const ticker = (patch: Partial<Ticker> = {}): Ticker => ({
  exchange: 'okx',
  symbol: 'BTC/USDT',
  bid: 100,
  ask: 100.1,
  last: 100.05,
  tsEvent: 1,
  tsInit: 2,
  ...patch,
});
const book = (bids: [number, number][], asks: [number, number][]): OrderBookSnapshot => ({
  exchange: 'okx',
  symbol: 'BTC/USDT',
  bids,
  asks,
  tsEvent: 1,
  tsInit: 2,
});

describe('validateCandle', () => {
  it('passes a sound candle, including a flat zero-volume one', () => {
    expect(validateCandle(candle())).toEqual([]);
    expect(validateCandle(candle({ open: 100, high: 100, low: 100, close: 100, volume: 0 }))).toEqual([]);
  });

  it('names each violation', () => {
    expect(rules(validateCandle(candle({ high: 90 })))).toEqual([
      'high-below-low',
      'open-outside-range',
      'close-outside-range',
    ]);
    expect(rules(validateCandle(candle({ close: 111 })))).toEqual(['close-outside-range']);
    expect(rules(validateCandle(candle({ open: 94 })))).toEqual(['open-outside-range']);
    expect(rules(validateCandle(candle({ volume: -1 })))).toEqual(['volume-negative']);
    expect(rules(validateCandle(candle({ volume: Number.NaN })))).toEqual(['volume-not-finite']);
    expect(rules(validateCandle(candle({ low: 0 })))).toEqual(['low-not-positive']);
    expect(rules(validateCandle(candle({ high: Number.POSITIVE_INFINITY })))).toEqual(['high-not-finite']);
    expect(rules(validateCandle(candle({ ts: 1.5 })))).toEqual(['ts-invalid']);
  });

  it('gives a readable message', () => {
    expect(validateCandle(candle({ close: 111 }))[0]?.message).toBe(
      'close 111 is outside [low 95, high 110]',
    );
  });
});

describe('validateTicker', () => {
  it('passes a normal and a locked quote, flags a crossed one', () => {
    expect(validateTicker(ticker())).toEqual([]);
    expect(validateTicker(ticker({ bid: 100, ask: 100 }))).toEqual([]);
    expect(rules(validateTicker(ticker({ bid: 101, ask: 100 })))).toEqual(['crossed']);
  });

  it('flags bad prices and sizes', () => {
    expect(rules(validateTicker(ticker({ last: Number.NaN, bidSize: -2 })))).toEqual([
      'last-not-finite',
      'bidSize-negative',
    ]);
    expect(rules(validateTicker(ticker({ ask: 0 })))).toEqual(['ask-not-positive']);
  });
});

describe('validateBook', () => {
  it('passes a sorted, uncrossed book and an empty one', () => {
    expect(
      validateBook(
        book(
          [
            [100, 1],
            [99.5, 2],
          ],
          [
            [100.5, 1],
            [101, 3],
          ],
        ),
      ),
    ).toEqual([]);
    expect(validateBook(book([], []))).toEqual([]);
  });

  it('flags unsorted sides, duplicate levels, negative sizes and a crossed top', () => {
    expect(
      rules(
        validateBook(
          book(
            [
              [99, 1],
              [100, 1],
            ],
            [[101, 1]],
          ),
        ),
      ),
    ).toEqual(['bids-unsorted']);
    expect(
      rules(
        validateBook(
          book(
            [[100, 1]],
            [
              [102, 1],
              [101, 1],
            ],
          ),
        ),
      ),
    ).toEqual(['asks-unsorted']);
    expect(
      rules(
        validateBook(
          book(
            [
              [100, 1],
              [100, 2],
            ],
            [[101, 1]],
          ),
        ),
      ),
    ).toEqual(['bids-unsorted']);
    expect(rules(validateBook(book([[100, -1]], [[101, 1]])))).toEqual(['bids-size-invalid']);
    expect(rules(validateBook(book([[102, 1]], [[101, 1]])))).toEqual(['crossed']);
    expect(rules(validateBook(book([[Number.NaN, 1]], [[101, 1]])))).toEqual(['bids-price-invalid']);
  });
});
