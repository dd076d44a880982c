import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OptimizationResult } from '../../src/backtest/optimize/index.js';
import type { BacktestJson } from '../../src/backtest/types.js';
import { openDatabase } from '../../src/storage/index.js';
import { runCliCaptured, tempDir } from '../support/cli.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

/**
 * `quantlab optimize` end to end on real Binance BTC/USDT 1h candles imported with `quantlab data import`:
 * grid, random with walk-forward and Monte Carlo, determinism for a seed (and across worker threads: the
 * pool runs dist/backtest-worker.js, which the test setup builds), storage in optimization_runs, the HTML
 * report and the errors of a bad space.
 */

const H = 3_600_000;
const TO = Date.UTC(2020, 2, 1);
const SERIES = ['--exchange', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h'];
const RANGE = ['--from', '2020-01-01', '--to', '2020-03-01'];
const GRID_SPACE = '{"fast":[5,10],"slow":[20,30],"constraints":["fast < slow"]}';
const RANDOM_SPACE = '{"fast":{"min":5,"max":20},"slow":{"min":25,"max":60},"constraints":["fast < slow"]}';
const WALK_FORWARD = [
  '--method',
  'random',
  '--trials',
  '6',
  '--seed',
  '3',
  '--walk-forward',
  '2',
  '--monte-carlo',
  '200',
  '--space',
  RANDOM_SPACE,
];
const METRIC_COUNT = 16;

type Output = OptimizationResult & { id: string };

const dirs: string[] = [];
afterAll(() => {
  for (const path of dirs) rmSync(path, { recursive: true, force: true });
});

/** The result without its (random) id: what must repeat for a seed. */
function withoutId(out: Output): OptimizationResult {
  const { id: _id, ...rest } = out;
  return rest;
}

describeWithSharedData('quantlab optimize (CLI)', () => {
  let template = '';

  beforeAll(async () => {
    template = tempDir('ql-opt-cli-data-');
    dirs.push(template);
    const csv = sharedDataPath('ohlcv', 'cryptodatadownload-binance', 'Binance_BTCUSDT_1h.csv');
    const imported = await runCliCaptured(['data', 'import', csv, ...SERIES], { cwd: template });
    expect(imported.code, imported.stderr).toBe(0);
  });

  function workspace(): string {
    const cwd = tempDir('ql-opt-cli-');
    dirs.push(cwd);
    cpSync(join(template, 'var'), join(cwd, 'var'), { recursive: true });
    return cwd;
  }

  async function optimizeJson(cwd: string, ...argv: string[]): Promise<Output> {
    const run = await runCliCaptured(
      ['--json', 'optimize', '--strategy', 'sma-cross', ...SERIES, ...RANGE, ...argv],
      {
        cwd,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Output;
  }

  it('--method grid runs every candidate, picks the best and is stored in optimization_runs', async () => {
    const cwd = workspace();
    const out = await optimizeJson(cwd, '--method', 'grid', '--space', GRID_SPACE, '--workers', '0');
    expect(out.id).toMatch(/^opt-[0-9a-f]{12}$/);
    expect(out).toMatchObject({ method: 'grid', objective: 'sharpe', seed: 1, minTrades: 1, notes: [] });
    expect(out.walkForward).toBeUndefined();
    expect(out.trials.map((t) => t.index)).toEqual([0, 1, 2, 3]);
    expect(out.trials.map((t) => [t.params['fast'], t.params['slow']]).sort()).toEqual([
      [10, 20],
      [10, 30],
      [5, 20],
      [5, 30],
    ]);
    for (const trial of out.trials) {
      expect(trial.params).toMatchObject({ mode: 'long-only', fraction: 1 });
      expect(Object.keys(trial.metrics)).toHaveLength(METRIC_COUNT);
      expect(trial.metrics.trades).toBeGreaterThan(0);
      expect(trial.score).toBe(trial.metrics.sharpe);
    }
    const top = Math.max(...out.trials.map((t) => t.score!));
    const winner = out.trials.find((t) => t.score === top)!;
    expect(out.best).toEqual({ params: winner.params, score: winner.score, metrics: winner.metrics });
    expect(out.monteCarlo?.runs).toBe(1000);

    const database = await openDatabase(`sqlite:${join(cwd, 'var', 'quantlab.db')}`);
    try {
      const listed = await database.optimizationRuns.list();
      expect(listed.map((r) => r.id)).toEqual([out.id]);
      const stored = await database.optimizationRuns.get(out.id);
      expect(stored?.strategy).toBe('sma-cross');
      expect(stored?.trials).toEqual(out.trials);
      expect(stored?.best).toEqual(out.best);
      expect(stored?.search).toMatchObject({
        space: JSON.parse(GRID_SPACE),
        method: 'grid',
        objective: 'sharpe',
        seed: 1,
      });
      expect(stored?.config).toMatchObject({
        strategy: 'sma-cross',
        exchange: 'binance',
        symbols: ['BTC/USDT'],
      });
      expect(stored?.analysis).toMatchObject({ walkForward: null, monteCarlo: out.monteCarlo });
    } finally {
      await database.close();
    }
  });

  it('--walk-forward 2 with random search: two contiguous out-of-sample folds, Monte Carlo, repeatable for a seed', async () => {
    const cwd = workspace();
    const out = await optimizeJson(cwd, ...WALK_FORWARD, '--workers', '0', '--no-store');
    expect(out.method).toBe('random');
    expect(out.seed).toBe(3);
    expect(out.trials).toHaveLength(6);
    for (const { params } of out.trials) {
      const fast = params['fast'] as number;
      const slow = params['slow'] as number;
      expect(fast).toBeGreaterThanOrEqual(5);
      expect(fast).toBeLessThanOrEqual(20);
      expect(slow).toBeGreaterThanOrEqual(25);
      expect(slow).toBeLessThanOrEqual(60);
      expect(fast).toBeLessThan(slow);
    }
    expect(out.best).toBeDefined();

    const wf = out.walkForward!;
    expect(wf.folds).toHaveLength(2);
    const [first, second] = wf.folds as [(typeof wf.folds)[0], (typeof wf.folds)[0]];
    for (const fold of wf.folds) {
      expect(fold.inSample[0]).toBeLessThan(fold.inSample[1]);
      expect(fold.inSample[1]).toBe(fold.outOfSample[0]);
      expect(fold.outOfSample[0]).toBeLessThan(fold.outOfSample[1]);
      expect(Object.keys(fold.outOfSampleMetrics)).toHaveLength(METRIC_COUNT);
      expect(fold.params['fast'] as number).toBeLessThan(fold.params['slow'] as number);
    }
    expect(first.outOfSample[1]).toBe(second.outOfSample[0]);
    expect(second.outOfSample[1]).toBe(TO + H); // the last candle's close
    expect(Object.keys(wf.metrics)).toHaveLength(METRIC_COUNT);
    expect(wf.stitchedEquity[0]![0]).toBeGreaterThanOrEqual(first.outOfSample[0]);
    for (let i = 1; i < wf.stitchedEquity.length; i++)
      expect(wf.stitchedEquity[i]![0]).toBeGreaterThan(wf.stitchedEquity[i - 1]![0]);

    const mc = out.monteCarlo!;
    expect(mc.runs).toBe(200);
    expect(mc.returns.p5).toBeLessThanOrEqual(mc.returns.p50);
    expect(mc.returns.p50).toBeLessThanOrEqual(mc.returns.p95);
    expect(mc.maxDrawdown.p50).toBeGreaterThanOrEqual(0);

    // The same seed gives the same trials, folds and resamples; another seed other trials.
    const again = await optimizeJson(cwd, ...WALK_FORWARD, '--workers', '0', '--no-store');
    expect(withoutId(again)).toEqual(withoutId(out));
    const reseeded = await optimizeJson(cwd, ...WALK_FORWARD, '--seed', '4', '--workers', '0', '--no-store');
    expect(reseeded.trials.map((t) => t.params)).not.toEqual(out.trials.map((t) => t.params));
  });

  it('--workers 2 (worker threads running dist/) gives the same result as --workers 0', async () => {
    const cwd = workspace();
    const inline = await optimizeJson(cwd, ...WALK_FORWARD, '--workers', '0', '--no-store');
    const threaded = await optimizeJson(cwd, ...WALK_FORWARD, '--workers', '2', '--no-store');
    expect(withoutId(threaded)).toEqual(withoutId(inline));
    const grid = ['--method', 'grid', '--space', GRID_SPACE, '--no-store'];
    expect(withoutId(await optimizeJson(cwd, ...grid, '--workers', '2'))).toEqual(
      withoutId(await optimizeJson(cwd, ...grid, '--workers', '0')),
    );
  });

  it('--report writes a self-contained HTML report with the optimisation section', async () => {
    const cwd = workspace();
    const run = await runCliCaptured(
      [
        'optimize',
        '--strategy',
        'sma-cross',
        ...SERIES,
        ...RANGE,
        ...WALK_FORWARD,
        '--workers',
        '0',
        '--report',
        'optimize.html',
      ],
      { cwd },
    );
    expect(run.code, run.stderr).toBe(0);
    const file = join(cwd, 'optimize.html');
    expect(run.stderr).toContain(`quantlab: report written to ${file}`);
    // The summary on stdout: ranked trials, the walk-forward folds, Monte Carlo and the stored id.
    expect(run.stdout).toMatch(/^sma-cross: 6 trials, random, objective sharpe, seed 3\n/);
    expect(run.stdout).toContain('walk-forward (2 folds');
    expect(run.stdout).toContain(
      'Monte Carlo (200 resampled sequences of the best trades, returns compounded)',
    );
    expect(run.stdout).toMatch(/stored as opt-[0-9a-f]{12}\n$/);

    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('optimize sma-cross');
    expect(html).toContain('<section id="optimization"><h2>Optimization</h2>');
    expect(html).toContain('<h3>Trials</h3>');
    expect(html).toContain('<h3>Walk-forward (2 folds)</h3>');
    expect(html).toContain('<h3>Monte Carlo (200 runs)</h3>');
    // The best parameters' run is charted; nothing is fetched from the network.
    expect(html).toContain('<h2>Equity');
    expect(html).toMatch(/<script>[\s\S]*createElement\(["']canvas["']\)[\s\S]*<\/script>/);
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?https?:/i);
  });

  it('a space naming an unknown parameter fails with a suggestion (exit 1), storing nothing', async () => {
    const cwd = workspace();
    const run = await runCliCaptured(
      [
        'optimize',
        '--strategy',
        'sma-cross',
        ...SERIES,
        ...RANGE,
        '--method',
        'grid',
        '--space',
        '{"fats":[5,10],"slow":[20,30]}',
        '--workers',
        '0',
      ],
      { cwd },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'quantlab: --space fats: "fats" is not a parameter of this strategy (did you mean "fast"?); parameters: fast, slow, mode, size, fraction [QL_ERR_INVALID_INPUT]',
    ]);
    const unknownStrategy = await runCliCaptured(
      ['optimize', '--strategy', 'sma-crosss', ...SERIES, ...RANGE, '--space', GRID_SPACE, '--workers', '0'],
      { cwd },
    );
    expect(unknownStrategy.code).toBe(1);
    expect(unknownStrategy.stderr).toContain('Did you mean sma-cross');
    const database = await openDatabase(`sqlite:${join(cwd, 'var', 'quantlab.db')}`);
    try {
      expect(await database.optimizationRuns.list()).toEqual([]);
    } finally {
      await database.close();
    }
  });

  // Candles before --from only warm up in optimizer trials too: a trial's metrics equal `backtest`'s.
  it('a trial scores what `backtest` gives for the same parameters and range (trades from --from)', async () => {
    const cwd = workspace();
    const out = await optimizeJson(
      cwd,
      '--method',
      'grid',
      '--space',
      '{"fast":[10],"slow":[30]}',
      '--workers',
      '0',
    );
    const run = await runCliCaptured(
      ['--json', 'backtest', '--strategy', 'sma-cross', ...SERIES, ...RANGE, '--no-store'],
      { cwd },
    );
    expect(run.code, run.stderr).toBe(0);
    const backtest = JSON.parse(run.stdout) as BacktestJson;
    expect(out.trials[0]!.metrics.trades).toBe(backtest.metrics.trades);
    expect(out.trials[0]!.metrics.endEquity).toBeCloseTo(backtest.metrics.endEquity, 6);
  });
});
