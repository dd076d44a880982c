import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RiskReport } from '../../src/risk/report/index.js';
import { openDatabase } from '../../src/storage/index.js';
import { runCliCaptured, tempDir } from '../support/cli.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

/**
 * `quantlab risk report --backtest` end to end, in-process against the default SQLite store of a temporary
 * working directory: real Binance BTC/USDT daily candles imported with `data import`, a stored
 * `backtest --json` run, then the report of that run (JSON and the human table) and the failures.
 */

const SERIES = ['--exchange', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1d'];
const dirs: string[] = [];

function dir(prefix: string): string {
  const path = tempDir(prefix);
  dirs.push(path);
  return path;
}

afterAll(() => {
  for (const path of dirs) rmSync(path, { recursive: true, force: true });
});

describeWithSharedData('quantlab risk report --backtest (CLI)', () => {
  let cwd = '';
  let backtestId = '';

  beforeAll(async () => {
    cwd = dir('ql-risk-report-');
    const csv = sharedDataPath('ohlcv', 'cryptodatadownload-binance', 'Binance_BTCUSDT_d.csv');
    const imported = await runCliCaptured(['data', 'import', csv, ...SERIES], { cwd });
    expect(imported.code, imported.stderr).toBe(0);
    const run = await runCliCaptured(
      [
        '--json',
        'backtest',
        '--strategy',
        'sma-cross',
        ...SERIES,
        '--from',
        '2019-01-01',
        '--to',
        '2020-12-01',
      ],
      { cwd },
    );
    expect(run.code, run.stderr).toBe(0);
    JSON.parse(run.stdout);
    const database = await openDatabase(`sqlite:${join(cwd, 'var', 'quantlab.db')}`);
    backtestId = (await database.backtestResults.latest())!.id;
    await database.close();
  });

  it('--backtest latest --json prints VaR / ES at 95 and 99 % by the three methods, and stores the report', async () => {
    const run = await runCliCaptured(['risk', 'report', '--backtest', 'latest', '--json', '--seed', '9'], {
      cwd,
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as RiskReport;
    expect(report).toMatchObject({ kind: 'backtest', scope: 'strategy', scopeId: `backtest:${backtestId}` });
    const cells = report.var.map((r) => `${r.method}@${r.confidence}`).sort();
    expect(cells).toEqual(
      ['historical', 'parametric', 'monte-carlo'].flatMap((m) => [`${m}@0.95`, `${m}@0.99`]).sort(),
    );
    for (const r of report.var) {
      expect(r.var).toBeGreaterThan(0);
      expect(r.es).toBeGreaterThanOrEqual(r.var);
      expect(r.varPct).toBeCloseTo(r.var / report.inputs.equity, 12);
    }
    // About two years of daily equity closes.
    expect(report.inputs.observations).toBeGreaterThan(690);
    expect(report.inputs.parameters.monteCarlo).toEqual({ paths: 10_000, seed: 9 });
    const again = await runCliCaptured(
      ['--json', 'risk', 'report', '--backtest', backtestId, '--seed', '9'],
      {
        cwd,
      },
    );
    expect((JSON.parse(again.stdout) as RiskReport).var).toEqual(report.var);

    const database = await openDatabase(`sqlite:${join(cwd, 'var', 'quantlab.db')}`);
    const snapshot = await database.equitySnapshots.latest('strategy', `backtest:${backtestId}`);
    await database.close();
    expect(snapshot).toMatchObject({ ts: report.asOf, equity: report.inputs.equity });
    expect((snapshot!.risk as RiskReport).var).toEqual(report.var);
  });

  it('prints an aligned method × confidence table and the stress scenarios', async () => {
    const run = await runCliCaptured(['risk', 'report', '--backtest', 'latest'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Risk report: backtest ${backtestId} (sma-cross on binance BTC/USDT 1d)`);
    expect(run.stdout).toMatch(/^method\s+VaR 95\s+%\s+ES 95\s+%\s+VaR 99\s+%\s+ES 99\s+%$/m);
    for (const method of ['historical', 'parametric', 'monte-carlo'])
      expect(run.stdout).toMatch(new RegExp(`^${method}\\s+[\\d,]+\\.\\d\\d\\s+\\d+\\.\\d\\d %`, 'm'));
    expect(run.stdout).toMatch(/Stress scenarios|Stress: no open position/);
    expect(run.stdout).toContain(`stored in equity_snapshots (strategy backtest:${backtestId})`);
  });

  it('an unknown backtest exits 1 with one clear line; bad flags exit 2', async () => {
    const nope = await runCliCaptured(['risk', 'report', '--backtest', 'nope'], { cwd });
    expect(nope.code).toBe(1);
    expect(nope.stdout).toBe('');
    expect(nope.stderr).toBe('quantlab: No stored backtest result with id nope. [QL_ERR_NOT_FOUND]\n');
    for (const argv of [
      ['risk', 'report', '--paths', 'many'],
      ['risk', 'report', '--backtest', 'latest', '--account', 'paper:a'],
    ]) {
      const bad = await runCliCaptured(argv, { cwd });
      expect(bad.code, argv.join(' ')).toBe(2);
    }
  });
});

it('with no stored backtest, --backtest latest exits 1 saying to run one first', async () => {
  const cwd = dir('ql-risk-report-none-');
  const run = await runCliCaptured(['risk', 'report', '--backtest', 'latest'], { cwd });
  expect(run.code).toBe(1);
  expect(run.stderr).toBe(
    'quantlab: No stored backtest results: run `quantlab backtest` first. [QL_ERR_NOT_FOUND]\n',
  );
  const portfolio = await runCliCaptured(['risk', 'report', '--account', 'paper:none'], { cwd });
  expect(portfolio.code).toBe(1);
  expect(portfolio.stderr).toBe(
    'quantlab: No open positions in account paper:none: nothing to measure. [QL_ERR_NOT_FOUND]\n',
  );
});
