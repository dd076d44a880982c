import { describe, expect, it } from 'vitest';
import { isQuantLabError } from './errors.js';
import { type Fill, fillProblems, signedFillQty, validateFill } from './fill.js';
import { clientOrderId, instrumentId, tradeId } from './ids.js';
import { oppositeSide, sideSign } from './side.js';

const fill: Fill = {
  tradeId: tradeId('t1'),
  clientOrderId: clientOrderId('c1'),
  instrumentId: instrumentId('okx', 'BTC/USDT'),
  side: 'sell',
  qty: 0.5,
  price: 60_000,
  fee: 15,
  feeCurrency: 'USDT',
  liquidity: 'taker',
  tsEvent: 1,
  tsInit: 2,
};

describe('fills', () => {
  it('signs quantities by side', () => {
    expect(signedFillQty(fill)).toBe(-0.5);
    expect(signedFillQty({ side: 'buy', qty: 2 })).toBe(2);
    expect(sideSign('buy')).toBe(1);
    expect(oppositeSide('sell')).toBe('buy');
  });

  it('accepts a sound fill, negative fee (rebate) included', () => {
    expect(validateFill(fill)).toBe(fill);
    expect(fillProblems({ ...fill, fee: -0.2, liquidity: 'maker' })).toEqual([]);
  });

  it('lists every problem of a malformed fill', () => {
    const bad = { ...fill, qty: 0, price: Number.NaN, feeCurrency: '' };
    expect(fillProblems(bad)).toEqual([
      'qty 0 is not a finite number > 0',
      'price NaN is not a finite number > 0',
      'feeCurrency is empty',
    ]);
    let caught: unknown;
    try {
      validateFill(bad);
    } catch (error) {
      caught = error;
    }
    expect(isQuantLabError(caught, 'QL_ERR_INVALID_INPUT')).toBe(true);
  });
});
