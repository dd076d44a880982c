import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTimeArgument } from '../../src/cli/commands/data-download.js';
import { openDatabase } from '../../src/storage/index.js';
import { type BinanceRestServer, startBinanceRestServer } from '../support/binance-rest-server.js';
import { type CliRun, runCliCaptured, tempDir } from '../support/cli.js';
import { type OkxRestServer, startOkxRestServer } from '../support/okx-rest-server.js';
import { describeWithSharedData } from '../support/shared-data.js';

/**
 * `data download` end to end through the real program (runCli, in-process): configuration from the
 * environment (DATABASE_URL, OKX_BASE_URL, BINANCE_BASE_URL), the local servers, a SQLite file.
 */

const run = (argv: string[], env: Record<string, string>, stop?: Promise<string>): Promise<CliRun> =>
  runCliCaptured(argv, { env, ...(stop === undefined ? {} : { stop }) });

describeWithSharedData('quantlab data download', () => {
  let okx: OkxRestServer;
  let binance: BinanceRestServer;
  beforeAll(async () => {
    [okx, binance] = await Promise.all([startOkxRestServer(), startBinanceRestServer()]);
  });
  afterAll(async () => {
    await Promise.all([okx.close(), binance.close()]);
  });

  it('downloads, resumes as a no-op and reports JSON', async () => {
    const file = join(tempDir(), 'q.db');
    const env = { DATABASE_URL: `sqlite:${file}`, OKX_BASE_URL: okx.url };
    const args = [
      '--json',
      'data',
      'download',
      '--exchange',
      'okx',
      '--symbol',
      'BTC/USDT',
      '--timeframe',
      '1h',
    ];
    const range = ['--from', '2024-01-01', '--to', '2024-01-05T23:00'];
    const first = await run([...args, ...range], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      exchange: 'okx',
      symbol: 'BTC/USDT',
      pages: 2,
      written: 120,
      unchanged: 0,
      quarantined: 0,
      resumedFrom: null,
      complete: true,
      first: Date.UTC(2024, 0, 1),
      last: Date.UTC(2024, 0, 5, 23),
    });
    const second = await run([...args, ...range], env);
    expect(JSON.parse(second.stdout)).toMatchObject({
      pages: 0,
      written: 0,
      resumedFrom: Date.UTC(2024, 0, 6),
    });
    const restarted = await run([...args, ...range, '--restart'], env);
    expect(JSON.parse(restarted.stdout)).toMatchObject({ pages: 2, written: 0, unchanged: 120 });
    const database = await openDatabase(`sqlite:${file}`);
    try {
      expect(await database.candles.count('okx', 'BTC/USDT', '1h')).toBe(120);
    } finally {
      await database.close();
    }
  });

  it('takes BINANCE_BASE_URL and the mark and funding kinds', async () => {
    const env = { DATABASE_URL: `sqlite:${join(tempDir(), 'q.db')}`, BINANCE_BASE_URL: binance.url };
    const base = ['data', 'download', '--exchange', 'binanceusdm', '--symbol', 'BTC/USDT:USDT'];
    const mark = await run(
      [...base, '--kind', 'mark', '--timeframe', '4h', '--from', '2024-01-01', '--to', '2024-01-02'],
      env,
    );
    expect(mark.code, mark.stderr).toBe(0);
    expect(mark.stdout).toContain('7 written');
    expect(mark.stdout).toContain('BTC/USDT:USDT#mark');
    const funding = await run(
      ['--json', ...base, '--kind', 'funding', '--from', '2024-01-01', '--to', '2024-01-02'],
      env,
    );
    expect(funding.code, funding.stderr).toBe(0);
    expect(JSON.parse(funding.stdout)).toMatchObject({ kind: 'funding', timeframe: null, written: 4 });
  });

  it('fails clearly: unknown symbol or exchange (1), bad usage (2)', async () => {
    const env = { DATABASE_URL: `sqlite:${join(tempDir(), 'q.db')}`, OKX_BASE_URL: okx.url };
    const base = ['data', 'download', '--exchange', 'okx', '--from', '2024-01-01'];
    const unknown = await run([...base, '--symbol', 'NOPE/USDT', '--timeframe', '1h'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/okx has no market "NOPE\/USDT".*\[QL_ERR_INSTRUMENT_UNKNOWN\]/);
    const exchange = await run(
      [
        'data',
        'download',
        '--exchange',
        'okex',
        '--symbol',
        'BTC/USDT',
        '--timeframe',
        '1h',
        '--from',
        '2024-01-01',
      ],
      env,
    );
    expect(exchange.code).toBe(1);
    expect(exchange.stderr).toContain('did you mean okx');
    const noTimeframe = await run([...base, '--symbol', 'BTC/USDT'], env);
    expect(noTimeframe.code).toBe(2);
    expect(noTimeframe.stderr).toContain('--timeframe is required');
    const badDate = await run(
      [...base.slice(0, -1), 'yesterday', '--symbol', 'BTC/USDT', '--timeframe', '1h'],
      env,
    );
    expect(badDate.code).toBe(2);
    const badKind = await run(
      [...base, '--symbol', 'BTC/USDT', '--timeframe', '1h', '--kind', 'trades'],
      env,
    );
    expect(badKind.code).toBe(2);
  });

  it('stops cleanly on SIGINT/SIGTERM, says how to resume, and resumes', async () => {
    const env = { DATABASE_URL: `sqlite:${join(tempDir(), 'q.db')}`, OKX_BASE_URL: okx.url };
    const args = ['data', 'download', '--exchange', 'okx', '--symbol', 'BTC/USDT', '--timeframe', '1h'];
    const range = ['--from', '2024-02-01', '--to', '2024-02-03'];
    const stopped = await run([...args, ...range], env, Promise.resolve('SIGINT'));
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain(
      'interrupted at 2024-02-01T00:00:00Z: run the same command again to resume',
    );
    const resumed = await run(['--json', ...args, ...range], env);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ written: 49, complete: true, aborted: false });
  });

  it('documents the #mark convention and resumability in --help', async () => {
    const help = await run(['data', 'download', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('BTC/USDT:USDT#mark');
    expect(help.stdout).toContain('--kind <kind>');
    expect(help.stdout).toMatch(/running the same command again continues/);
  });
});

describe('parseTimeArgument', () => {
  it('reads dates and times as UTC, zoned times and epoch ms', () => {
    expect(parseTimeArgument('2024-01-01')).toBe(Date.UTC(2024, 0, 1));
    expect(parseTimeArgument('2024-01-05T23:00')).toBe(Date.UTC(2024, 0, 5, 23));
    expect(parseTimeArgument('2024-01-05T23:00:00+02:00')).toBe(Date.UTC(2024, 0, 5, 21));
    expect(parseTimeArgument('2024-01-05T23:00:00Z')).toBe(Date.UTC(2024, 0, 5, 23));
    expect(parseTimeArgument('1704067200000')).toBe(Date.UTC(2024, 0, 1));
    const now = parseTimeArgument('now');
    expect(Math.abs(now - Date.now())).toBeLessThan(1_000);
  });

  it('refuses anything else as a usage error', () => {
    for (const bad of ['yesterday', '2024-13-01', '01/02/2024', '']) {
      expect(() => parseTimeArgument(bad), bad).toThrow(/expected a date/);
    }
  });
});
