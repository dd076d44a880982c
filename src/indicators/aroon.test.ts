import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { talib } from '../../test/support/talib.js';
import { Aroon, aroon } from './aroon.js';
import { randomOhlcv } from './internal/random-ohlcv.js';
import { expectStreamEqualsBatch } from './internal/stream-equivalence.js';
import { expectTalibParity, parityCases, reportWorstErrors } from './internal/talib-parity.js';

afterAll(reportWorstErrors);

describe('aroon against TA-Lib', () => {
  for (const period of [2, 3, 5, 14, 25]) {
    it(`AROON(${period}) matches TA-Lib, ties included`, async () => {
      for (const { label, bars } of parityCases()) {
        const [down, up] = await talib('AROON', [bars.high, bars.low], [period], 2);
        const ours = aroon(bars.high, bars.low, period);
        expectTalibParity('AROON.down', ours.down, down!, label);
        expectTalibParity('AROON.up', ours.up, up!, label);
      }
    });
  }
});

describe('aroon by hand', () => {
  it('counts bars since the extreme of the last period + 1 bars, the latest on ties', () => {
    const high = [5, 7, 7, 6, 6, 4];
    const low = [3, 2, 4, 2, 5, 3];
    const { down, up } = aroon(high, low, 3);
    expect(Number.isNaN(up[2]!)).toBe(true);
    // Bar 3: highest 7 last at bar 2 (1 bar ago), lowest 2 last at bar 3 (today).
    expect([up[3], down[3]]).toEqual([(100 / 3) * 2, 100]);
    // Bar 5: window bars 2..5 → high 7 at bar 2 (3 ago) → 0; low 2 at bar 3 (2 ago).
    expect([up[5], down[5]]).toEqual([0, 100 / 3]);
  });
});

describe('streaming Aroon', () => {
  it('yields exactly the batch values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer(),
        (n, p, s) => {
          const bars = randomOhlcv(n, s);
          expectStreamEqualsBatch(new Aroon(p), bars, { ...aroon(bars.high, bars.low, p) });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects period 1 and mismatched inputs', () => {
    expect(() => new Aroon(1)).toThrow(expect.objectContaining({ code: 'QL_ERR_INDICATOR_INVALID' }));
    expect(() => aroon([1, 2], [1])).toThrow(/different lengths/);
  });
});
