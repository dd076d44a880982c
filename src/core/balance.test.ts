import { describe, expect, it } from 'vitest';
import { AccountBalances, createBalance, isBalanceConsistent, validateBalance } from './balance.js';
import { isQuantLabError } from './errors.js';

function invalid(fn: () => unknown): boolean {
  try {
    fn();
  } catch (error) {
    return isQuantLabError(error, 'QL_ERR_INVALID_INPUT');
  }
  return false;
}

describe('Balance', () => {
  it('computes total = free + used and checks it', () => {
    expect(createBalance('USDT', 70, 30)).toEqual({ asset: 'USDT', free: 70, used: 30, total: 100 });
    expect(isBalanceConsistent({ asset: 'USDT', free: 0.1, used: 0.2, total: 0.3 })).toBe(true);
    expect(isBalanceConsistent({ asset: 'USDT', free: 70, used: 30, total: 101 })).toBe(false);
    expect(invalid(() => validateBalance({ asset: 'USDT', free: 70, used: 30, total: 101 }))).toBe(true);
    expect(invalid(() => createBalance('USDT', Number.NaN))).toBe(true);
    expect(invalid(() => createBalance('', 1))).toBe(true);
  });
});

describe('AccountBalances', () => {
  const start = new AccountBalances([createBalance('USDT', 1000), createBalance('BTC', 0.5, 0.1)]);

  it('reads by asset, unknown assets as zero', () => {
    expect(start.assets()).toEqual(['USDT', 'BTC']);
    expect(start.total('BTC')).toBeCloseTo(0.6, 15);
    expect(start.get('ETH')).toEqual({ asset: 'ETH', free: 0, used: 0, total: 0 });
    expect(start.has('ETH')).toBe(false);
  });

  it('reserves, spends, releases and credits without touching the original', () => {
    const reserved = start.reserve('USDT', 300);
    expect(reserved.get('USDT')).toEqual({ asset: 'USDT', free: 700, used: 300, total: 1000 });
    const spent = reserved.spendReserved('USDT', 200);
    expect(spent.get('USDT')).toEqual({ asset: 'USDT', free: 700, used: 100, total: 800 });
    const released = spent.release('USDT', 100).credit('BTC', 0.01).debit('USDT', 50);
    expect(released.get('USDT')).toEqual({ asset: 'USDT', free: 750, used: 0, total: 750 });
    expect(released.free('BTC')).toBeCloseTo(0.51, 15);
    expect(start.get('USDT')).toEqual({ asset: 'USDT', free: 1000, used: 0, total: 1000 });
    for (const b of released.toArray()) expect(isBalanceConsistent(b)).toBe(true);
  });

  it('refuses to take more than is there', () => {
    expect(invalid(() => start.reserve('USDT', 1000.01))).toBe(true);
    expect(invalid(() => start.debit('BTC', 0.6))).toBe(true);
    expect(invalid(() => start.release('BTC', 0.2))).toBe(true);
    expect(invalid(() => start.credit('BTC', -1))).toBe(true);
  });
});
