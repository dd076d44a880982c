import { describe, expect, it } from 'vitest';
import {
  concentration,
  correlatedExposure,
  grossExposure,
  netExposure,
  positionLimit,
} from './exposure-rules.js';
import { BTC, book, ETH, INVERSE, order, SOL } from './test-fixtures.js';

const prices = { [BTC.symbol]: 100, [ETH.symbol]: 10, [SOL.symbol]: 1, [INVERSE.symbol]: 50_000 };
const buy = (qty: number, inst = BTC) => order({ side: 'buy', qty }, inst);
const sell = (qty: number, inst = BTC) => order({ side: 'sell', qty }, inst);

describe('positionLimit (quote notional)', () => {
  const rule = positionLimit({ perSymbol: { [BTC.symbol]: 10_000 }, total: 15_000 });
  it('per symbol: long 50 @ 100 plus 50 = 10,000 passes, 50.001 denies', () => {
    const v = book({ prices, account: { [BTC.symbol]: 50 } });
    expect(rule.check(buy(49.999), BTC, v)).toBeUndefined();
    expect(rule.check(buy(50), BTC, v)).toBeUndefined();
    const denial = rule.check(buy(50.001), BTC, v);
    expect(denial).toMatchObject({ rule: 'position-limit', details: { scope: 'symbol', limit: 10_000 } });
    expect(denial!.details['notional']).toBeCloseTo(10_000.1, 9);
  });
  it('counts the position left after a flip; reducing orders pass', () => {
    const v = book({ prices, account: { [BTC.symbol]: -50 } });
    expect(rule.check(buy(150), BTC, v)).toBeUndefined();
    expect(rule.check(buy(150.001), BTC, v)?.rule).toBe('position-limit');
    expect(rule.check(buy(50), BTC, book({ prices, account: { [BTC.symbol]: -200 } }))).toBeUndefined();
    expect(rule.check(sell(1, BTC), BTC, book({ prices, account: { [BTC.symbol]: 200 } }))).toBeUndefined();
  });
  it('total over symbols: 4,000 BTC + 6,000 ETH + 5,000 = 15,000', () => {
    const v = book({ prices, account: { [BTC.symbol]: 40, [ETH.symbol]: -600 } });
    expect(rule.check(buy(50), BTC, v)).toBeUndefined();
    expect(rule.check(buy(50.001), BTC, v)?.details).toMatchObject({ scope: 'total', limit: 15_000 });
  });
  it('inverse: a contract is 100 USD whatever the price', () => {
    const inv = positionLimit({ perSymbol: 1_000 });
    expect(inv.check(buy(10, INVERSE), INVERSE, book({ prices }))).toBeUndefined();
    expect(inv.check(buy(11, INVERSE), INVERSE, book({ prices }))?.details).toEqual({
      scope: 'symbol',
      symbol: INVERSE.symbol,
      notional: 1_100,
      limit: 1_000,
    });
  });
  it('denies when a held position cannot be valued', () => {
    const v = book({ prices: { [BTC.symbol]: 100 }, account: { [ETH.symbol]: 1 } });
    expect(rule.check(buy(1), BTC, v)?.details).toMatchObject({ symbol: ETH.symbol, price: 'NaN' });
  });
});

describe('grossExposure / netExposure', () => {
  // Equity 10,000; long 100 BTC @ 100 (10,000), short 500 ETH @ 10 (−5,000): gross 15,000, net 5,000.
  const v = book({ prices, equity: 10_000, account: { [BTC.symbol]: 100, [ETH.symbol]: -500 } });
  it('gross 2×: buying 50 BTC reaches 20,000, 50.001 denies', () => {
    const rule = grossExposure(2);
    expect(rule.check(buy(49.999), BTC, v)).toBeUndefined();
    expect(rule.check(buy(50), BTC, v)).toBeUndefined();
    const denial = rule.check(buy(50.001), BTC, v);
    expect(denial).toMatchObject({ rule: 'gross-exposure', details: { equity: 10_000, limit: 2 } });
    expect(denial!.details['exposure']).toBeCloseTo(20_000.1, 9);
    expect(denial!.details['maxExposure']).toBe(20_000);
    expect(rule.check(sell(100), BTC, v)).toBeUndefined(); // closes the long
  });
  it('net 1×: buying 50 BTC reaches 10,000; a short hedge passes', () => {
    const rule = netExposure(1);
    expect(rule.check(buy(50), BTC, v)).toBeUndefined();
    expect(rule.check(buy(50.001), BTC, v)?.details['exposure']).toBeCloseTo(10_000.1, 9);
    expect(rule.check(sell(1_000, ETH), ETH, v)).toBeUndefined(); // net 10,000 − 15,000 → 5,000
    expect(rule.check(sell(2_000, ETH), ETH, v)?.details['exposure']).toBe(15_000);
  });
  it('inverse: 1,000 contracts @ 50,000 = 2 BTC = 2× equity of 1 BTC; USDT positions do not count', () => {
    const iv = book({ prices, equity: 1, account: { [BTC.symbol]: 1_000 } });
    expect(grossExposure(2).check(buy(1_000, INVERSE), INVERSE, iv)).toBeUndefined();
    expect(grossExposure(2).check(buy(1_001, INVERSE), INVERSE, iv)?.details).toMatchObject({
      exposure: 2.002,
      equity: 1,
    });
  });
});

describe('concentration', () => {
  it('BTC may be half of gross: 10,000 of 20,000 passes, an ε more denies', () => {
    const rule = concentration(0.5);
    const v = book({ prices, equity: 10_000, account: { [ETH.symbol]: 1_000 } });
    expect(rule.check(buy(99.999), BTC, v)).toBeUndefined();
    expect(rule.check(buy(100), BTC, v)).toBeUndefined();
    const denial = rule.check(buy(100.001), BTC, v);
    expect(denial).toMatchObject({ rule: 'concentration', details: { asset: 'BTC', limit: 0.5 } });
    expect(denial!.details['share']).toBeCloseTo(10_000.1 / 20_000.1, 12);
    expect(rule.check(sell(500, ETH), ETH, v)).toBeUndefined(); // reduces ETH
  });
  it('a small book may start below minGrossOfEquity', () => {
    const rule = concentration(0.5, { minGrossOfEquity: 1 });
    const v = book({ prices, equity: 10_000 });
    expect(rule.check(buy(100), BTC, v)).toBeUndefined();
    expect(rule.check(buy(100.001), BTC, v)?.details).toMatchObject({ share: 1, gross: 10_000.1 });
  });
});

describe('correlatedExposure', () => {
  // Long 500 ETH @ 10 = 5,000; SOL 10,000 is not in the group. Equity 10,000, limit 1×.
  const v = book({ prices, equity: 10_000, account: { [ETH.symbol]: 500, [SOL.symbol]: 10_000 } });
  const check = (rule: ReturnType<typeof correlatedExposure>) => {
    expect(rule.check(buy(49.999), BTC, v)).toBeUndefined();
    expect(rule.check(buy(50), BTC, v)).toBeUndefined();
    const denial = rule.check(buy(50.001), BTC, v);
    expect(denial).toMatchObject({ rule: 'correlated-exposure', details: { group: 'BTC,ETH', limit: 1 } });
    expect(denial!.details['exposure']).toBeCloseTo(10_000.1, 9);
    expect(rule.check(buy(100_000, SOL), SOL, v)).toBeUndefined(); // in no group / below threshold
    expect(rule.check(sell(100), BTC, v)).toBeUndefined(); // short BTC hedges long ETH
  };
  it('with groups', () =>
    check(correlatedExposure({ groups: [['BTC', 'ETH']], limitAsMultipleOfEquity: 1 })));
  it('with a correlation matrix (ρ ≥ 0.8 counts together)', () =>
    check(
      correlatedExposure({
        correlation: {
          assets: ['BTC', 'ETH', 'SOL'],
          matrix: [
            [1, 0.8, 0.3],
            [0.8, 1, 0.4],
            [0.3, 0.4, 1],
          ],
          threshold: 0.8,
        },
        limitAsMultipleOfEquity: 1,
      }),
    ));
});
