import { describe, expect, it } from 'vitest';
import { covarianceWithCorrelation } from './linalg.js';
import {
  checkLimits,
  correlationBreakScenario,
  crashScenario,
  exchangeOutageScenario,
  fundingSpikeScenario,
  type StressPosition,
} from './stress.js';
import { parametricVar } from './var.js';

const invalidInput = expect.objectContaining({ code: 'QL_ERR_INVALID_INPUT' });
const book: StressPosition[] = [
  { asset: 'BTC', notional: 10_000, kind: 'perpetual', dailyVolatility: 0.04 },
  { asset: 'ETH', notional: -4_000, kind: 'perpetual', dailyVolatility: 0.05 },
  { asset: 'SOL', notional: 2_000, kind: 'spot', dailyVolatility: 0.06 },
];

describe('stress scenarios', () => {
  it('crash: −30 % on every asset in one hour', () => {
    const r = crashScenario(book);
    expect(r.scenario).toBe('crash');
    expect(r.loss).toBeCloseTo(3_000 - 1_200 + 600, 9);
    expect(r.detail).toMatchObject({ shock: -0.3, hours: 1 });
  });

  it('funding-spike: Σ notional × rate × intervals on perpetuals only', () => {
    const r = fundingSpikeScenario(book, { rate: 0.003, intervals: 3 });
    expect(r.loss).toBeCloseTo((10_000 - 4_000) * 0.003 * 3, 9);
    expect((r.detail['byAsset'] as unknown[]).length).toBe(2);
    expect(fundingSpikeScenario(book, { rate: -0.003, intervals: 1 }).loss).toBeCloseTo(-18, 9);
  });

  it('correlation-break: worst of ρ = 0 and ρ = 1', () => {
    const vols = [0.02, 0.03];
    const moments = { mean: [0, 0], covariance: covarianceWithCorrelation(vols, 0.5) };
    const long = correlationBreakScenario([10_000, 5_000], moments, { confidence: 0.99 });
    const z = 2.3263478740408408;
    expect(long.loss).toBeCloseTo(z * (200 + 150), 6); // ρ = 1: σ = Σ |w σ|
    expect(long.detail).toMatchObject({ worst: 'rho=1' });
    expect(long.detail['baseline']).toBeCloseTo(
      parametricVar([10_000, 5_000], moments, { confidences: [0.99] })[0]!.var,
      9,
    );
    const hedged = correlationBreakScenario([10_000, -5_000], moments, { confidence: 0.99 });
    expect(hedged.loss).toBeCloseTo(z * Math.sqrt(200 ** 2 + 150 ** 2), 6); // ρ = 0 is worse for a hedge
    expect(hedged.detail).toMatchObject({ worst: 'rho=0' });
  });

  it('exchange-outage: k σ √(H/24) against every position', () => {
    const r = exchangeOutageScenario(book, { hours: 6, k: 3 });
    expect(r.loss).toBeCloseTo(3 * 0.5 * (10_000 * 0.04 + 4_000 * 0.05 + 2_000 * 0.06), 9);
  });

  it('refuses bad input', () => {
    expect(() => crashScenario([])).toThrow(invalidInput);
    expect(() => crashScenario([{ asset: 'BTC', notional: Number.NaN }])).toThrow(invalidInput);
    expect(() => fundingSpikeScenario(book, { rate: 0.001, intervals: 0 })).toThrow(invalidInput);
    expect(() => exchangeOutageScenario([{ asset: 'BTC', notional: 1 }], { hours: 4 })).toThrow(invalidInput);
    expect(() => exchangeOutageScenario(book, { hours: -1 })).toThrow(invalidInput);
    expect(() =>
      correlationBreakScenario([1, 1], { mean: [0, 0], covariance: [[1, 0]] as unknown as number[][] }),
    ).toThrow(invalidInput);
  });
});

describe('checkLimits', () => {
  const results = [
    crashScenario(book),
    fundingSpikeScenario(book, { rate: 0.003, intervals: 3 }),
    exchangeOutageScenario(book, { hours: 6 }),
  ];

  it('names the limits each scenario trips', () => {
    const checks = checkLimits(results, {
      equity: 20_000,
      maxDrawdownPct: 0.1, // 2 000
      dailyLossLimit: 1_000,
      custom: [{ name: 'fundingBudget', amount: 50 }],
    });
    expect(checks.map((c) => [c.scenario, c.breached])).toEqual([
      ['crash', ['maxDrawdownPct', 'dailyLossLimit', 'fundingBudget']],
      ['funding-spike', ['fundingBudget']],
      ['exchange-outage', ['dailyLossLimit', 'fundingBudget']],
    ]);
    expect(checks[0]!.lossFraction).toBeCloseTo(2_400 / 20_000, 12);
    expect(checks[0]!.ok).toBe(false);
    expect(checkLimits(results, { equity: 1e6, dailyLossLimit: 1e5 }).every((c) => c.ok)).toBe(true);
  });

  it('refuses bad limits', () => {
    expect(() => checkLimits(results, { equity: 0 })).toThrow(invalidInput);
    expect(() => checkLimits(results, { equity: 1, maxDrawdownPct: 20 })).toThrow(invalidInput);
    expect(() => checkLimits(results, { equity: 1, custom: [{ name: 'x' }] })).toThrow(invalidInput);
  });
});
