import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/index.js';
import { type CliRun, runCliCaptured, tempDir } from '../support/cli.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

/**
 * How `quantlab backtest` and `quantlab optimize` fail (DESIGN.md §4.3): exit 1 for a failure (unknown
 * strategy, invalid parameters, no data), exit 2 for bad usage, always one line on stderr — with the
 * QL_ERR code for errors the verb raises, in commander's `(see quantlab --help)` form for flags commander
 * rejects — and never a stack trace. Real BTC/USDT and ETH/USDT 1h candles are imported with the CLI.
 */

const SERIES = ['--exchange', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h'];
const RANGE = ['--from', '2020-01-01', '--to', '2020-03-01'];
const GRID = ['--method', 'grid', '--space', '{"fast":[5,10],"slow":[20,30]}', '--workers', '0'];

const dirs: string[] = [];
afterAll(() => {
  for (const path of dirs) rmSync(path, { recursive: true, force: true });
});

/**
 * The run failed with `code` and one line on stderr (besides `quantlab: warning:` lines) holding every
 * part; stdout is empty. Returns the line.
 */
function expectFailure(run: CliRun, code: number, ...parts: Array<string | RegExp>): string {
  expect(run.code, run.stderr).toBe(code);
  const lines = run.stderr
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('quantlab: warning:'));
  expect(lines, run.stderr).toHaveLength(1);
  const line = lines[0]!;
  expect(line).toMatch(/^quantlab: /);
  for (const part of parts) {
    if (typeof part === 'string') expect(line).toContain(part);
    else expect(line).toMatch(part);
  }
  expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
  expect(run.stdout).toBe('');
  return line;
}

describeWithSharedData('quantlab backtest / optimize errors (CLI)', () => {
  let template = '';

  beforeAll(async () => {
    template = tempDir('ql-bt-cli-err-data-');
    dirs.push(template);
    for (const [file, symbol] of [
      ['Binance_BTCUSDT_1h.csv', 'BTC/USDT'],
      ['Binance_ETHUSDT_1h.csv', 'ETH/USDT'],
    ] as const) {
      const csv = sharedDataPath('ohlcv', 'cryptodatadownload-binance', file);
      const argv = ['data', 'import', csv, '--exchange', 'binance', '--symbol', symbol, '--timeframe', '1h'];
      const imported = await runCliCaptured(argv, { cwd: template });
      expect(imported.code, imported.stderr).toBe(0);
    }
  });

  /** A fresh working directory with a copy of the imported store; `run` runs `quantlab …` in it. */
  function workspace() {
    const cwd = tempDir('ql-bt-cli-err-');
    dirs.push(cwd);
    cpSync(join(template, 'var'), join(cwd, 'var'), { recursive: true });
    return { cwd, run: (...argv: string[]) => runCliCaptured(argv, { cwd }) };
  }

  const backtest = (...argv: string[]) => [
    'backtest',
    '--strategy',
    'sma-cross',
    ...SERIES,
    ...RANGE,
    ...argv,
  ];

  it('an unknown strategy: exit 1, with a suggestion when a name is close', async () => {
    const { run } = workspace();
    const typo = await run('backtest', '--strategy', 'sma-crosss', ...SERIES, ...RANGE);
    expectFailure(
      typo,
      1,
      'No strategy named "sma-crosss". Did you mean sma-cross',
      '[QL_ERR_STRATEGY_UNKNOWN]',
    );
    const far = await run('backtest', '--strategy', 'nothing-like-it', ...SERIES, ...RANGE);
    const line = expectFailure(far, 1, 'Known: sma-cross, ema-cross', '[QL_ERR_STRATEGY_UNKNOWN]');
    expect(line).not.toContain('Did you mean');
    // In a comparison too, before anything runs.
    const listed = await run('backtest', '--strategy', 'sma-cross,emacross', ...SERIES, ...RANGE);
    expectFailure(listed, 1, '"emacross"', 'ema-cross', '[QL_ERR_STRATEGY_UNKNOWN]');
    // With --json the error is also printed as JSON on stdout.
    const json = await run('--json', 'backtest', '--strategy', 'sma-crosss', ...SERIES, ...RANGE);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'QL_ERR_STRATEGY_UNKNOWN' } });
  });

  it('invalid --params: not JSON is bad usage (2); out of range or inconsistent is a failure (1)', async () => {
    const { run } = workspace();
    expectFailure(
      await run(...backtest('--params', '{fast:5')),
      2,
      "option '--params <json>' argument '{fast:5' is invalid. --params is not valid JSON",
      '(see quantlab --help)',
    );
    expectFailure(await run(...backtest('--params', '[5]')), 2, '--params must be a JSON object');
    expectFailure(
      await run(...backtest('--params', '{"fast":0}')),
      1,
      'Invalid parameters for sma-cross: fast:',
      '(got 0)',
      '[QL_ERR_STRATEGY_PARAMS_INVALID]',
    );
    for (const params of ['{"fast":30,"slow":20}', '{"fast":20,"slow":20}']) {
      expectFailure(
        await run(...backtest('--params', params)),
        1,
        'fast must be < slow',
        '[QL_ERR_STRATEGY_PARAMS_INVALID]',
      );
    }
    expectFailure(
      await run(...backtest('--params', '{"fats":5}')),
      1,
      'fats: unknown parameter (known: fast, slow',
      '[QL_ERR_STRATEGY_PARAMS_INVALID]',
    );
    // With several strategies --params is keyed by name: a key that names none of them is invalid params.
    expectFailure(
      await run(
        'backtest',
        '--strategy',
        'sma-cross,ema-cross',
        ...SERIES,
        ...RANGE,
        '--params',
        '{"sma":{"fast":5}}',
      ),
      1,
      'sma is not one of sma-cross, ema-cross',
      '[QL_ERR_STRATEGY_PARAMS_INVALID]',
    );
  });

  it('no candles for the series or the range: exit 1, telling the user how to load them', async () => {
    const { run } = workspace();
    const cases: Array<[string[], string]> = [
      [
        ['--symbol', 'SOL/USDT', '--timeframe', '1h'],
        'No binance SOL/USDT 1h candles stored. Load them first: quantlab data download (or data import) --exchange binance --symbol SOL/USDT --timeframe 1h.',
      ],
      [['--symbol', 'BTC/USDT', '--timeframe', '4h'], 'No binance BTC/USDT 4h candles stored.'],
      [
        ['--symbol', 'BTC/USDT', '--timeframe', '1h', '--from', '2016-01-01', '--to', '2016-06-01'],
        'No binance BTC/USDT 1h candles between 2016-01-01T00:00:00.000Z and 2016-06-01T00:00:00.000Z.',
      ],
      // Only warm-up candles (before --from) exist: nothing to trade is no data, not an empty run.
      [
        ['--symbol', 'BTC/USDT', '--timeframe', '1h', '--from', '2021-01-01'],
        'No binance BTC/USDT 1h candles between 2021-01-01T00:00:00.000Z and the end.',
      ],
    ];
    for (const [series, message] of cases) {
      const argv = ['--strategy', 'sma-cross', '--exchange', 'binance', ...series];
      expectFailure(
        await run('backtest', ...argv),
        1,
        message,
        'data download',
        'data import',
        '[QL_ERR_NOT_FOUND]',
      );
      expectFailure(await run('optimize', ...argv, ...GRID), 1, message, '[QL_ERR_NOT_FOUND]');
    }
  });

  it('bad flags are usage errors (exit 2) naming the flag', async () => {
    const { run } = workspace();
    expectFailure(
      await run(
        'backtest',
        '--strategy',
        'sma-cross',
        ...SERIES,
        '--from',
        '2020-03-01',
        '--to',
        '2020-01-01',
      ),
      2,
      '--to is before --from',
    );
    expectFailure(
      await run(...backtest('--leverage', '0')),
      2,
      "option '--leverage <n>' argument '0' is invalid. expected a leverage between 1 and 125",
    );
    expectFailure(
      await run(...backtest('--fill', 'sometimes')),
      2,
      "option '--fill <model>' argument 'sometimes' is invalid. Allowed choices are next-open, close.",
    );
    expectFailure(await run(...backtest('--fee-taker', '0.5')), 2, "'--fee-taker <rate>'", 'fraction');
    expectFailure(await run(...backtest('--from', 'yesterday-ish')), 2, "'--from <time>'");
    expectFailure(
      await run('backtest', ...SERIES, ...RANGE),
      2,
      "required option '--strategy <names>' not specified",
    );
    expectFailure(
      await run(
        'optimize',
        '--strategy',
        'sma-cross',
        ...SERIES,
        ...RANGE,
        '--space',
        '{"fast":',
        '--workers',
        '0',
      ),
      2,
      '--space is not valid JSON',
    );
    expectFailure(
      await run('optimize', '--strategy', 'sma-cross', ...SERIES, ...RANGE, ...GRID, '--method', 'annealing'),
      2,
      'Allowed choices are grid, random, tpe.',
    );
  });

  it('a pairs strategy given one symbol is bad usage (exit 2); with two it runs', async () => {
    const { run } = workspace();
    expectFailure(
      await run('backtest', '--strategy', 'pairs', ...SERIES, ...RANGE),
      2,
      'pairs trades 2 symbols: pass --symbol A,B (got BTC/USDT).',
      '[QL_ERR_USAGE]',
    );
    const pair = ['--exchange', 'binance', '--symbol', 'BTC/USDT,ETH/USDT', '--timeframe', '1h'];
    const ok = await run('--json', 'backtest', '--strategy', 'pairs', ...pair, ...RANGE, '--no-store');
    expect(ok.code, ok.stderr).toBe(0);
    expect(Object.keys(JSON.parse(ok.stdout)).sort()).toEqual(['equity', 'metrics', 'trades']);
  });

  it('--report into a folder that does not exist fails before the run, naming the file (exit 1)', async () => {
    const { cwd, run } = workspace();
    const file = join(cwd, 'missing', 'report.html');
    expectFailure(
      await run(...backtest('--report', 'missing/report.html')),
      1,
      `--report: cannot write ${file}: `,
      '[QL_ERR_INVALID_INPUT]',
    );
    expectFailure(
      await run(
        'optimize',
        '--strategy',
        'sma-cross',
        ...SERIES,
        ...RANGE,
        ...GRID,
        '--report',
        'missing/x.html',
      ),
      1,
      '--report: cannot write',
      '[QL_ERR_INVALID_INPUT]',
    );
    expect(existsSync(file)).toBe(false);
    const database = await openDatabase(`sqlite:${join(cwd, 'var', 'quantlab.db')}`);
    try {
      expect(await database.backtestResults.list()).toEqual([]);
      expect(await database.optimizationRuns.list()).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
