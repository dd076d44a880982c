import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import type { BacktestMetrics, BacktestTrade } from '../types.js';
import { computeMetrics, type MetricsInput } from './compute-metrics.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** 2024-01-01T00:00:00Z. */
const T0 = Date.UTC(2024, 0, 1);

function input(points: Array<[number, number]>, extra: Partial<MetricsInput> = {}): MetricsInput {
  return {
    ts: Float64Array.from(points.map((p) => p[0])),
    equity: Float64Array.from(points.map((p) => p[1])),
    length: points.length,
    startEquity: 100,
    trades: [],
    fees: 0,
    funding: 0,
    exposure: 0,
    startTs: T0,
    ...extra,
  };
}

function trade(pnl: number, side: 'long' | 'short' = 'long'): BacktestTrade {
  return {
    symbol: 'BTC/USDT',
    side,
    qty: 1,
    entryTime: T0,
    entryPrice: 100,
    exitTime: T0 + HOUR,
    exitPrice: 101,
    pnl,
    fees: 0,
  };
}

describe('computeMetrics: daily Sharpe and Sortino', () => {
  it('samples the last point of each UTC day and annualises with √365', () => {
    // Intraday points differ from the day's close: only closes count (101 and 97 are ignored).
    const m = computeMetrics(
      input([
        [T0 + 6 * HOUR, 101],
        [T0 + 20 * HOUR, 102], // day 1 close: +2 % from the capital
        [T0 + DAY + 6 * HOUR, 97],
        [T0 + DAY + 23 * HOUR, 99.96], // day 2: 99.96 / 102 − 1 = −2 %
        [T0 + 2 * DAY + 12 * HOUR, 104.958], // day 3: 104.958 / 99.96 − 1 = +5 %
      ]),
    );
    // By hand: r = [0.02, −0.02, 0.05]; mean = 0.05 / 3.
    const mean = 0.05 / 3;
    // Sample variance: Σ(r − mean)² / (n − 1).
    const variance = ((0.02 - mean) ** 2 + (-0.02 - mean) ** 2 + (0.05 - mean) ** 2) / 2;
    expect(m.sharpe).toBeCloseTo((mean / Math.sqrt(variance)) * Math.sqrt(365), 9); // ≈ 9.0668
    expect(m.sharpe).toBeCloseTo(9.0668, 3);
    // Downside: √(0.02² / 3) — the mean is over all three days, not just the losing one.
    expect(m.sortino).toBeCloseTo((mean / Math.sqrt(0.0004 / 3)) * Math.sqrt(365), 9); // ≈ 27.575
    expect(m.sortino).toBeCloseTo(27.575, 2);
  });

  it('is null with a single daily return or no dispersion', () => {
    const oneDay = computeMetrics(input([[T0 + HOUR, 101]]));
    expect(oneDay.sharpe).toBeNull();
    expect(oneDay.sortino).toBeNull();
    const flat = computeMetrics(
      input([
        [T0 + HOUR, 100],
        [T0 + DAY + HOUR, 100],
        [T0 + 2 * DAY + HOUR, 100],
      ]),
    );
    expect(flat.sharpe).toBeNull();
    expect(flat.sortino).toBeNull();
    const onlyUp = computeMetrics(
      input([
        [T0 + HOUR, 101],
        [T0 + DAY + HOUR, 103],
      ]),
    );
    expect(onlyUp.sharpe).not.toBeNull();
    expect(onlyUp.sortino).toBeNull(); // no negative day: downside deviation 0
  });

  it('counts a point stamped exactly at 00:00 UTC in the day that just ended', () => {
    const m = computeMetrics(
      input([
        [T0 + 23 * HOUR, 105],
        [T0 + DAY, 110], // close of the last bar of Jan 1: Jan 1 ends at 110 (+10 %)
        [T0 + DAY + 12 * HOUR, 104.5], // Jan 2 ends at 104.5 (−5 %)
      ]),
    );
    // r = [0.1, −0.05]: mean 0.025, sample std = √(2 × 0.075²) = 0.075 √2.
    expect(m.sharpe).toBeCloseTo((0.025 / (0.075 * Math.SQRT2)) * Math.sqrt(365), 9); // ≈ 4.503
    // Downside √(0.05² / 2).
    expect(m.sortino).toBeCloseTo((0.025 / Math.sqrt(0.0025 / 2)) * Math.sqrt(365), 9);
  });

  it('counts days without a point between two days with points as 0 returns', () => {
    // Nothing on Jan 2 and Jan 3: r = [0.1, 0, 0, −0.05] (not [0.1, −0.05]).
    const m = computeMetrics(
      input([
        [T0 + HOUR, 110],
        [T0 + 3 * DAY + HOUR, 104.5],
      ]),
    );
    const r = [0.1, 0, 0, -0.05];
    const mean = 0.0125;
    const std = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 3);
    expect(m.sharpe).toBeCloseTo((mean / std) * Math.sqrt(365), 9);
    expect(m.sortino).toBeCloseTo((mean / Math.sqrt(0.0025 / 4)) * Math.sqrt(365), 9); // ≈ 9.552
  });
});

describe('computeMetrics: drawdown', () => {
  it('measures an unrecovered tail to the last point', () => {
    const m = computeMetrics(
      input([
        [T0 + HOUR, 110],
        [T0 + 2 * HOUR, 99],
        [T0 + 3 * HOUR, 105],
      ]),
    );
    expect(m.maxDrawdown).toBeCloseTo(11 / 110, 12);
    expect(m.maxDrawdownDuration).toBe(2 * HOUR); // peak at 1 h, still under at 3 h
  });

  it('measures a recovered episode from the starting capital at startTs', () => {
    const m = computeMetrics(
      input([
        [T0 + HOUR, 90], // under the capital (peak set at startTs)
        [T0 + 3 * HOUR, 100], // back at the peak: 3 h under water
        [T0 + 4 * HOUR, 120],
        [T0 + 5 * HOUR, 114], // −5 %, never recovered: 2 h
        [T0 + 6 * HOUR, 118],
      ]),
    );
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.maxDrawdownDuration).toBe(3 * HOUR);
    // calmar = cagr / maxDrawdown.
    expect(m.calmar).toBeCloseTo(m.cagr / 0.1, 6);
  });

  it('has no drawdown and a null calmar on a rising curve', () => {
    const m = computeMetrics(
      input([
        [T0 + HOUR, 101],
        [T0 + 2 * HOUR, 102],
      ]),
    );
    expect(m.maxDrawdown).toBe(0);
    expect(m.maxDrawdownDuration).toBe(0);
    expect(m.calmar).toBeNull();
  });
});

describe('computeMetrics: returns', () => {
  it('computes CAGR over exactly 365 and 730 days', () => {
    const oneYear = computeMetrics(input([[T0 + 365 * DAY, 121]]));
    expect(oneYear.totalReturn).toBeCloseTo(0.21, 12);
    expect(oneYear.cagr).toBeCloseTo(0.21, 12);
    const twoYears = computeMetrics(input([[T0 + 730 * DAY, 121]]));
    expect(twoYears.cagr).toBeCloseTo(0.1, 12);
    // Below zero (a power of a negative base would be NaN): −1.
    const wiped = computeMetrics(input([[T0 + 1.5 * DAY, -5]]));
    expect(wiped.cagr).toBe(-1);
    expect(wiped.totalReturn).toBeCloseTo(-1.05, 12);
  });

  it('summarises trades: win rate, profit factor, expectancy', () => {
    const m = computeMetrics(
      input([[T0 + HOUR, 100]], { trades: [trade(30), trade(-10), trade(-5), trade(0)] }),
    );
    expect(m.trades).toBe(4);
    expect(m.winRate).toBe(0.25);
    expect(m.profitFactor).toBe(2);
    expect(m.expectancy).toBe(15 / 4);
    const noLoss = computeMetrics(input([[T0 + HOUR, 100]], { trades: [trade(30), trade(0)] }));
    expect(noLoss.profitFactor).toBeNull();
  });

  it('passes exposure, fees and funding through', () => {
    const m = computeMetrics(input([[T0 + HOUR, 100]], { exposure: 0.4, fees: 1.5, funding: -0.25 }));
    expect([m.exposure, m.fees, m.funding]).toEqual([0.4, 1.5, -0.25]);
  });
});

describe('computeMetrics: JSON safety', () => {
  function expectJsonSafe(m: BacktestMetrics): void {
    for (const [key, value] of Object.entries(m)) {
      expect(value === null || Number.isFinite(value), `${key} = ${value}`).toBe(true);
    }
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  }

  it('has only finite numbers or null for an empty run', () => {
    const m = computeMetrics(input([]));
    expectJsonSafe(m);
    expect(m).toMatchObject({
      endEquity: 100,
      totalReturn: 0,
      cagr: 0,
      sharpe: null,
      winRate: null,
      trades: 0,
    });
  });

  it('stays finite for zero capital and for a huge CAGR over a minute', () => {
    expectJsonSafe(computeMetrics(input([[T0 + HOUR, 5]], { startEquity: 0 })));
    const minute = computeMetrics(
      input(
        [
          [T0 + 60_000, 200],
          [T0 + 120_000, 150],
        ],
        { startTs: T0 },
      ),
    );
    expectJsonSafe(minute);
    expect(minute.cagr).toBe(Number.MAX_VALUE);
  });
});

describe('computeMetrics: a NaN is a broken run, never a 0', () => {
  function failure(run: () => unknown): { metric: unknown; message: string } {
    try {
      run();
    } catch (error) {
      if (isQuantLabError(error, 'QL_ERR_INTERNAL'))
        return { metric: error.details?.['metric'], message: error.message };
      throw error;
    }
    throw new Error('expected a QL_ERR_INTERNAL');
  }

  it('throws QL_ERR_INTERNAL for a NaN equity point, last or in the middle', () => {
    const last = failure(() =>
      computeMetrics(
        input([
          [T0 + HOUR, 101],
          [T0 + 2 * HOUR, Number.NaN],
        ]),
      ),
    );
    expect(last.metric).toBe('equity');
    const middle = failure(() =>
      computeMetrics(
        input([
          [T0 + HOUR, 101],
          [T0 + 2 * HOUR, Number.NaN],
          [T0 + 3 * HOUR, 102],
        ]),
      ),
    );
    expect(middle.metric).toBe('equity');
    expect(middle.message).toContain('equity');
  });

  it('names a NaN pass-through metric (fees) instead of reporting 0', () => {
    expect(failure(() => computeMetrics(input([[T0 + HOUR, 101]], { fees: Number.NaN }))).metric).toBe(
      'fees',
    );
  });
});

describe('computeMetrics: speed', () => {
  // Typically 2–4 ms; the assertion is a floor that only a broken (quadratic, allocating) scan misses, so a
  // slow or busy machine never fails it. The figure is logged.
  it('scans a year of minutes (525,600 points) in well under 500 ms', () => {
    const n = 525_600;
    const ts = new Float64Array(n);
    const equity = new Float64Array(n);
    let value = 10_000;
    let seed = 1;
    for (let i = 0; i < n; i++) {
      seed = (seed * 16807) % 2147483647;
      value *= 1 + (seed / 2147483647 - 0.5) * 0.002;
      ts[i] = T0 + (i + 1) * 60_000;
      equity[i] = value;
    }
    const run = () =>
      computeMetrics({
        ts,
        equity,
        length: n,
        startEquity: 10_000,
        trades: [],
        fees: 0,
        funding: 0,
        exposure: 1,
        startTs: T0,
      });
    run(); // warm up the JIT, as in an optimizer sweep
    const times: number[] = [];
    let m: BacktestMetrics | undefined;
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      m = run();
      times.push(performance.now() - t);
    }
    const best = Math.min(...times);
    console.log(
      `computeMetrics over ${n} points: best ${best.toFixed(2)} ms, runs ${times.map((t) => t.toFixed(2)).join(', ')} ms`,
    );
    expect(m!.sharpe).not.toBeNull();
    expect(best).toBeLessThan(500);
  });
});
