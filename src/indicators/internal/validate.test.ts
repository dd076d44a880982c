import { describe, expect, it } from 'vitest';
import { BBANDS } from '../bbands.js';
import { EMA } from '../ema.js';
import { ma } from '../ma.js';
import { PPO } from '../price-oscillator.js';
import { sma } from '../sma.js';
import { Stoch } from '../stoch.js';
import { stochrsi } from '../stochrsi.js';
import { willr } from '../willr.js';
import { invalidIndicator } from './real-test-support.js';

describe('parameter errors', () => {
  it('reject candles passed instead of prices, naming the input', () => {
    const candles = [{ close: 1 }, { close: 2 }] as unknown as number[];
    expect(() => sma(candles, 2)).toThrow(
      invalidIndicator(/SMA: close must be an array of numbers.*candles/),
    );
    expect(() => willr([1, 2], candles, [1, 2], 2)).toThrow(invalidIndicator(/WILLR: low must be an array/));
    expect(() => sma('1,2,3' as unknown as number[], 2)).toThrow(
      invalidIndicator(/Float64Array or an array/),
    );
    expect(Array.from(sma([], 2))).toEqual([]);
  });

  it('show a non-number parameter with its type, not as the number it spells', () => {
    expect(() => new EMA('10' as unknown as number)).toThrow(invalidIndicator(/got "10" \(a string\)/));
  });

  it('name the composite indicator when its MA type is refused (MAMA is accepted at period 1, the input)', () => {
    expect(() => new BBANDS(20, 2, 2, 'MAMA')).toThrow(
      invalidIndicator(/^BBANDS: maType MAMA is not supported/),
    );
    expect(() => new PPO(12, 26, 'MAMA')).toThrow(invalidIndicator(/^PPO: maType MAMA/));
    expect(() => stochrsi([1], 14, 5, 3, 'MAMA')).toThrow(invalidIndicator(/^STOCHRSI: maType MAMA/));
    expect(() => new Stoch(5, 3, 9 as never)).toThrow(invalidIndicator(/^STOCH: maType must be one of/));
    expect(() => new Stoch(5, 3, 0, 3, 'MAMA')).toThrow(invalidIndicator(/^STOCH: maType MAMA/));
    expect(() => ma([1, 2], 2, 'MAMA')).toThrow(invalidIndicator(/^MA: maType MAMA is not supported/));
    expect(Array.from(ma([1, 2], 1, 'MAMA'))).toEqual([1, 2]);
    expect(new Stoch(5, 1, 'MAMA', 3).lookback).toBe(6);
  });
});
