import { describe, expect, it } from 'vitest';
import { buildChartPayload, equityAndDrawdown } from './chart-data.js';
import { MAX_LINE_POINTS } from './downsample.js';
import { syntheticRun } from './test-fixtures.js';

describe('equity and drawdown chart data', () => {
  it('thins both series from one set of points: identical times, so the synced charts line up', () => {
    // 60,000 points with sharp moves: equity and drawdown extremes fall on different points.
    const run = syntheticRun({ bars: 60_000, stepMs: 60_000, every: 7 });
    expect(run.result.equity.length).toBeGreaterThan(MAX_LINE_POINTS);
    const payload = buildChartPayload({ runs: [run] }).payload.runs[0]!;
    expect(payload.equity.length).toBeLessThanOrEqual(MAX_LINE_POINTS);
    expect(payload.drawdown.map(([t]) => t)).toEqual(payload.equity.map(([t]) => t));
    // The deepest drawdown survives thinning.
    const deepest = Math.min(...payload.drawdown.map(([, v]) => v));
    let peak = run.result.metrics.startEquity;
    let worst = 0;
    for (const [, v] of run.result.equity) {
      peak = Math.max(peak, v);
      worst = Math.min(worst, (v / peak - 1) * 100);
    }
    expect(deepest).toBeCloseTo(worst, 6);
  });

  it('measures drawdown from the starting equity: a run that loses from its first point shows it', () => {
    const { drawdown } = equityAndDrawdown(
      [
        [Date.UTC(2024, 0, 1, 1), 9_500],
        [Date.UTC(2024, 0, 1, 2), 9_000],
      ],
      10_000,
    );
    expect(drawdown).toEqual([
      [Date.UTC(2024, 0, 1, 1) / 1000, -5],
      [Date.UTC(2024, 0, 1, 2) / 1000, -10],
    ]);
  });
});
