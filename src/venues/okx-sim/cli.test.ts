/** `quantlab sim okx` as a user runs it: the built CLI in a child process. */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured, tempDir } from '../../../test/support/cli.js';
import { type SpawnedCli, spawnCli, waitForOutput } from '../../../test/support/process.js';
import { okxSign } from './signing.js';

const KEY = [
  '--api-key',
  'cli-key',
  '--secret',
  'cli-secret-never-printed',
  '--passphrase',
  'cli-pass-never-printed',
];

describe('quantlab sim okx', () => {
  let cli: SpawnedCli | undefined;
  afterEach(async () => {
    if (cli !== undefined && cli.child.exitCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
    cli = undefined;
  });

  it('serves OKX on the printed URLs and stops on SIGTERM', async () => {
    cli = spawnCli(['sim', 'okx', '--port', '0', '--json', '--interval-ms', '200', ...KEY], {
      cwd: tempDir(),
    });
    await waitForOutput(cli, (out) => out.includes('\n'), 15_000);
    const summary = JSON.parse(cli.stdout().trim()) as {
      restUrl: string;
      wsUrl: string;
      environment: string;
    };
    expect(summary.environment).toBe('demo');
    expect(summary.wsUrl).toBe(`${summary.restUrl.replace('http', 'ws')}/ws/v5`);
    const time = (await (await fetch(`${summary.restUrl}/api/v5/public/time`)).json()) as {
      code: string;
      data: Array<{ ts: string }>;
    };
    expect(time.code).toBe('0');
    expect(Math.abs(Number(time.data[0]!.ts) - Date.now())).toBeLessThan(2_000);

    const timestamp = new Date().toISOString();
    const path = '/api/v5/account/balance';
    const balance = await fetch(summary.restUrl + path, {
      headers: {
        'OK-ACCESS-KEY': 'cli-key',
        'OK-ACCESS-PASSPHRASE': 'cli-pass-never-printed',
        'OK-ACCESS-TIMESTAMP': timestamp,
        'OK-ACCESS-SIGN': okxSign('cli-secret-never-printed', `${timestamp}GET${path}`),
        'x-simulated-trading': '1',
      },
    });
    expect(((await balance.json()) as { code: string }).code).toBe('0');

    // The replay runs by itself: a candle (and its public trade) every 200 ms.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const trades = await fetch(`${summary.restUrl}/api/v5/market/trades?instId=BTC-USDT-SWAP`);
    expect(((await trades.json()) as { data: unknown[] }).data.length).toBeGreaterThanOrEqual(2);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stdout() + cli.stderr()).not.toContain('never-printed');
  }, 30_000);

  it('replays a candle file, stepped through the control endpoint', async () => {
    const dir = tempDir();
    const file = join(dir, 'btc.csv');
    writeFileSync(
      file,
      'timestamp,open,high,low,close,volume\n1700000000000,100,110,95,105,1\n1700000060000,105,108,101,102,2\n1700000120000,102,104,99,103,3\n',
    );
    cli = spawnCli(
      [
        'sim',
        'okx',
        '--port',
        '0',
        '--json',
        '--interval-ms',
        '0',
        '--candles',
        'btc.csv',
        '--symbol',
        'BTC/USDT:USDT',
      ],
      { cwd: dir },
    );
    await waitForOutput(cli, (out) => out.includes('\n'), 15_000);
    const { restUrl } = JSON.parse(cli.stdout().trim()) as { restUrl: string };
    const advance = await fetch(`${restUrl}/__sim/advance`, {
      method: 'POST',
      body: JSON.stringify({ n: 5 }),
    });
    expect(await advance.json()).toEqual({ played: 3 });
    const candles = (await (
      await fetch(`${restUrl}/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1m`)
    ).json()) as { data: string[][] };
    expect(candles.data.map((c) => c.slice(1, 5))).toEqual([
      ['102', '104', '99', '103'],
      ['105', '108', '101', '102'],
      ['100', '110', '95', '105'],
    ]);
    const state = (await (await fetch(`${restUrl}/__sim/state`)).json()) as {
      prices: Record<string, number>;
    };
    expect(state.prices).toEqual({ 'BTC-USDT-SWAP': 103 });
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain('replayed to its end');
  }, 30_000);

  it('exits 2 on bad usage and explains --help', async () => {
    const bad = [
      ['sim', 'okx', '--environment', 'mars'],
      ['sim', 'okx', '--port', 'x'],
      ['sim', 'okx', '--symbol', 'NOPE'],
      ['sim', 'okx', '--api-key', 'only-the-key'],
    ];
    for (const argv of bad) {
      const run = await runCliCaptured(argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
    }
    const dir = tempDir();
    writeFileSync(
      join(dir, 'zero.csv'),
      'timestamp,open,high,low,close,volume\n1700000000000,100,110,0,105,1\n',
    );
    const unreadable = await runCliCaptured(['sim', 'okx', '--port', '0', '--candles', 'zero.csv'], {
      cwd: dir,
    });
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('QL_ERR_DATA_FORMAT');
    const help = await runCliCaptured(['sim', 'okx', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--candles');
    expect(help.stdout).toContain('/__sim/faults');
  });
});
