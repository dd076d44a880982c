/**
 * The gate's cost with every stored rule enabled must fit inside the `tick-to-order` budget (p50 ≤ 10 µs
 * for the whole tick → order path). Measured per check over batches after a warm-up; the median batch
 * is compared (a test shares the machine with other test files, so tails here measure them, not us —
 * the tail is the benchmark's to report: `npm run bench -- --only tick-to-order`).
 */

import { describe, expect, it } from 'vitest';
import { everyRule } from '../config/examples.js';
import { BTC, book, ETH, order, SOL } from '../rules/test-fixtures.js';
import { RiskEngine } from './risk-engine.js';

describe('gate cost', () => {
  it('every rule at once stays inside the tick-to-order budget', () => {
    const records = everyRule('s1');
    const engine = new RiskEngine({ account: 'bench' });
    expect(engine.load(records).invalid).toEqual([]);
    let now = 0;
    const view = book({
      prices: { [BTC.symbol]: 50_000, [ETH.symbol]: 3_000, [SOL.symbol]: 100 },
      account: { [BTC.symbol]: 2, [ETH.symbol]: -10 },
      strategies: { s1: { [BTC.symbol]: 2, [ETH.symbol]: -10 } },
      equity: 1_000_000,
      free: 900_000,
      instruments: [BTC, ETH, SOL],
    });
    const clocked = { ...view, now: () => now };
    const orders = Array.from({ length: 64 }, (_, i) =>
      order({
        side: i % 2 === 0 ? 'buy' : 'sell',
        qty: 0.001 * (1 + (i % 5)),
        type: 'limit',
        price: 50_000 + i,
      }),
    );
    const batch = 100;
    const perCheck: number[] = [];
    for (let round = 0; round < 400; round++) {
      const started = performance.now();
      for (let i = 0; i < batch; i++) {
        now += 1;
        const denial = engine.check(orders[i & 63]!, BTC, clocked);
        if (denial !== undefined) throw new Error(`unexpected denial ${denial.rule}: ${denial.message}`);
      }
      if (round >= 100) perCheck.push(((performance.now() - started) * 1_000) / batch);
    }
    perCheck.sort((a, b) => a - b);
    const p50 = perCheck[Math.floor(perCheck.length * 0.5)]!;
    expect(p50, `p50 ${p50.toFixed(2)} µs per check`).toBeLessThan(10);
  });
});
