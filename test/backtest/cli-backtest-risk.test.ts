import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { BacktestJson } from '../../src/backtest/types.js';
import { runCliCaptured, tempDir } from '../support/cli.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

/**
 * `quantlab backtest --risk FILE`: the rules a session would load from `risk_rules`, applied by the same
 * risk engine to a backtest on real candles — a breaker that trips is reported, the run differs from the
 * unguarded one, and a bad file is refused with the entry named.
 */

const SERIES = ['--exchange', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h'];
const RANGE = ['--from', '2020-01-01', '--to', '2020-06-01'];
const dirs: string[] = [];
afterAll(() => {
  for (const path of dirs) rmSync(path, { recursive: true, force: true });
});

describeWithSharedData('quantlab backtest --risk', () => {
  it('applies stored-style rules: a drawdown breaker pauses the strategy and is reported', async () => {
    const cwd = tempDir('ql-bt-risk-');
    dirs.push(cwd);
    const csv = sharedDataPath('ohlcv', 'cryptodatadownload-binance', 'Binance_BTCUSDT_1h.csv');
    const imported = await runCliCaptured(['data', 'import', csv, ...SERIES], { cwd });
    expect(imported.code, imported.stderr).toBe(0);
    const base = [
      '--json',
      'backtest',
      '--strategy',
      'sma-cross',
      '--params',
      '{"mode":"long-short"}',
      ...SERIES,
      ...RANGE,
    ];
    const plain = await runCliCaptured(base, { cwd });
    expect(plain.code, plain.stderr).toBe(0);
    const free = JSON.parse(plain.stdout) as BacktestJson;
    expect(free.metrics.maxDrawdown).toBeGreaterThan(0.05);

    writeFileSync(
      join(cwd, 'risk.json'),
      JSON.stringify({
        rules: [{ rule: 'max-drawdown', params: { maxDrawdown: 0.05, pause: 'account', resume: 'manual' } }],
      }),
    );
    const guarded = await runCliCaptured([...base, '--risk', 'risk.json'], { cwd });
    expect(guarded.code, guarded.stderr).toBe(0);
    expect(guarded.stderr).toMatch(/max-drawdown tripped at 2020-/);
    const out = JSON.parse(guarded.stdout) as BacktestJson;
    // Paused after the trip: fewer trades than the unguarded run.
    expect(out.metrics.trades).toBeLessThan(free.metrics.trades);

    writeFileSync(
      join(cwd, 'bad.json'),
      JSON.stringify([{ rule: 'max-drawdown', params: { maxDrawdown: 5 } }]),
    );
    const bad = await runCliCaptured([...base, '--risk', 'bad.json'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json\[0\]: .*maxDrawdown/);
  });
});
