import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BacktestJson, BacktestTrade } from '../../src/backtest/types.js';
import { type Database, openDatabase } from '../../src/storage/index.js';
import { COMMIT, VERSION } from '../../src/version.js';
import { runCliCaptured, tempDir } from '../support/cli.js';
import { spawnCli } from '../support/process.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

/**
 * `quantlab backtest` end to end: real Binance BTC/USDT 1h candles imported with `quantlab data import`,
 * then the verb run in-process (one spawned run for the stdout/stderr split), each test in its own working
 * directory with the default SQLite store ./var/quantlab.db. Checks the DESIGN.md §4.4 object key for key,
 * what is stored, the summary, the HTML report, comparisons, the look-ahead check and the cost models.
 */

const H = 3_600_000;
const FROM = Date.UTC(2020, 0, 1);
const TO = Date.UTC(2020, 2, 1);
const SERIES = ['--exchange', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h'];
const RANGE = ['--from', '2020-01-01', '--to', '2020-03-01'];

const METRIC_KEYS = [
  'startEquity',
  'endEquity',
  'totalReturn',
  'cagr',
  'sharpe',
  'sortino',
  'calmar',
  'maxDrawdown',
  'maxDrawdownDuration',
  'winRate',
  'profitFactor',
  'expectancy',
  'trades',
  'exposure',
  'fees',
  'funding',
];
const TRADE_KEYS = [
  'symbol',
  'side',
  'qty',
  'entryTime',
  'entryPrice',
  'exitTime',
  'exitPrice',
  'pnl',
  'fees',
];

const sorted = (keys: Iterable<string>) => [...keys].sort();
const dirs: string[] = [];

function dir(prefix: string): string {
  const path = tempDir(prefix);
  dirs.push(path);
  return path;
}

afterAll(() => {
  for (const path of dirs) rmSync(path, { recursive: true, force: true });
});

async function withDatabase<T>(cwd: string, use: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(`sqlite:${join(cwd, 'var', 'quantlab.db')}`);
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

/** actual ≈ expected within a relative tolerance (prices rounded to the tick carry an ulp of noise). */
function expectClose(actual: number, expected: number, relative = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

function expectBacktestJson(out: BacktestJson): void {
  expect(sorted(Object.keys(out))).toEqual(sorted(['metrics', 'trades', 'equity']));
  expect(sorted(Object.keys(out.metrics))).toEqual(sorted(METRIC_KEYS));
  for (const key of METRIC_KEYS) {
    const value = (out.metrics as unknown as Record<string, unknown>)[key];
    expect(value === null || Number.isFinite(value), key).toBe(true);
  }
  for (const trade of out.trades) expect(sorted(Object.keys(trade))).toEqual(sorted(TRADE_KEYS));
  expect(Array.isArray(out.equity)).toBe(true);
  for (const point of out.equity) {
    expect(point).toHaveLength(2);
    expect(Number.isFinite(point[0]) && Number.isFinite(point[1])).toBe(true);
  }
  for (let i = 1; i < out.equity.length; i++)
    expect(out.equity[i]![0]).toBeGreaterThan(out.equity[i - 1]![0]);
  expect(out.metrics.trades).toBe(out.trades.length);
}

describeWithSharedData('quantlab backtest (CLI)', () => {
  let template = '';

  beforeAll(async () => {
    template = dir('ql-bt-cli-data-');
    const csv = sharedDataPath('ohlcv', 'cryptodatadownload-binance', 'Binance_BTCUSDT_1h.csv');
    const imported = await runCliCaptured(['data', 'import', csv, ...SERIES], { cwd: template });
    expect(imported.code, imported.stderr).toBe(0);
  });

  /** A fresh working directory holding a copy of the imported store. */
  function workspace(): string {
    const cwd = dir('ql-bt-cli-');
    cpSync(join(template, 'var'), join(cwd, 'var'), { recursive: true });
    return cwd;
  }

  async function backtestJson(cwd: string, ...argv: string[]): Promise<BacktestJson> {
    const run = await runCliCaptured(['--json', 'backtest', ...argv], { cwd });
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as BacktestJson;
  }

  it('--json prints exactly the §4.4 object, and the run is stored with its configuration', async () => {
    const cwd = workspace();
    const run = await runCliCaptured(['--json', 'backtest', '--strategy', 'sma-cross', ...SERIES, ...RANGE], {
      cwd,
    });
    expect(run.code, run.stderr).toBe(0);
    // One JSON document on stdout, nothing else (the instrument warning goes to stderr).
    const out = JSON.parse(run.stdout) as BacktestJson;
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('quantlab: warning: no instrument metadata for binance BTC/USDT');
    expectBacktestJson(out);

    const { metrics, trades, equity } = out;
    // Ratios are fractions, drawdown positive.
    expect(metrics.startEquity).toBe(10_000);
    expectClose(metrics.totalReturn, metrics.endEquity / metrics.startEquity - 1);
    expect(metrics.maxDrawdown).toBeGreaterThanOrEqual(0);
    expect(metrics.maxDrawdown).toBeLessThan(1);
    let peak = Number.NEGATIVE_INFINITY;
    let drawdown = 0;
    for (const [, value] of equity) {
      peak = Math.max(peak, value);
      drawdown = Math.max(drawdown, (peak - value) / peak);
    }
    expectClose(metrics.maxDrawdown, drawdown);
    for (const ratio of [metrics.winRate!, metrics.exposure]) {
      expect(ratio).toBeGreaterThan(0);
      expect(ratio).toBeLessThanOrEqual(1);
    }
    expect(metrics.trades).toBeGreaterThan(5);
    expect(metrics.funding).toBe(0);
    // Trades: long-only sma-cross on BTC/USDT inside the range; they account for the whole PnL and fees.
    for (const t of trades) {
      expect(t.symbol).toBe('BTC/USDT');
      expect(t.side).toBe('long');
      expect(t.qty).toBeGreaterThan(0);
      expect(t.entryTime).toBeGreaterThan(FROM);
      expect(t.exitTime).toBeGreaterThan(t.entryTime);
      expect(t.exitTime).toBeLessThanOrEqual(TO + H);
    }
    const sum = (pick: (t: BacktestTrade) => number) => trades.reduce((s, t) => s + pick(t), 0);
    expectClose(
      sum((t) => t.pnl),
      metrics.endEquity - metrics.startEquity,
    );
    expectClose(
      sum((t) => t.fees),
      metrics.fees,
    );

    await withDatabase(cwd, async (database) => {
      // One equity point per candle of [--from, --to] (both inclusive), stamped at the candle's close.
      const candles = await database.candles.range('binance', 'BTC/USDT', '1h', FROM, TO);
      expect(candles[0]!.ts).toBe(FROM);
      expect(equity).toHaveLength(candles.length);
      expect(equity[0]![0]).toBe(candles[0]!.ts + H);
      expect(equity.at(-1)).toEqual([candles.at(-1)!.ts + H, metrics.endEquity]);

      const listed = await database.backtestResults.list();
      expect(listed).toHaveLength(1);
      expect(listed[0]!.id).toMatch(/^bt-[0-9a-f]{12}$/);
      const stored = await database.backtestResults.get(listed[0]!.id);
      expect(stored?.strategy).toBe('sma-cross');
      expect(stored?.params).toEqual({ fast: 10, slow: 30, mode: 'long-only', fraction: 1 });
      expect(stored?.config).toMatchObject({
        strategy: 'sma-cross',
        params: { fast: 10, slow: 30, mode: 'long-only', fraction: 1 },
        exchange: 'binance',
        symbols: ['BTC/USDT'],
        timeframe: '1h',
        from: FROM,
        to: TO,
        capital: 10_000,
        fees: { maker: 0.0002, taker: 0.0005 },
        slippage: { kind: 'fixed', bps: 0 },
        fill: 'next-open',
        leverage: 1,
        codeVersion: `${VERSION}+${COMMIT}`,
      });
      // What is stored is what was printed.
      expect(stored?.metrics).toMatchObject(metrics);
      expect(stored?.trades).toEqual(trades);
      expect(stored?.equity).toEqual(equity);
    });
  });

  it('the built command prints only the JSON on stdout; logs and warnings go to stderr', async () => {
    const cwd = workspace();
    const argv = ['--json', 'backtest', '--strategy', 'sma-cross', ...SERIES, ...RANGE, '--no-store'];
    const cli = spawnCli(argv, { cwd, env: { LOG_LEVEL: 'info' } });
    expect(await cli.exited, cli.stderr()).toBe(0);
    const out = JSON.parse(cli.stdout()) as BacktestJson;
    expectBacktestJson(out);
    expect(cli.stdout()).not.toContain('"msg"');
    expect(cli.stderr()).toContain('"msg":"database opened"');
    expect(cli.stderr()).toContain('quantlab: warning: no instrument metadata');
    // The bundle computes what the sources do.
    expect(out).toEqual(
      await backtestJson(cwd, '--strategy', 'sma-cross', ...SERIES, ...RANGE, '--no-store'),
    );
    await withDatabase(cwd, async (database) => expect(await database.backtestResults.list()).toEqual([]));
  });

  it('without --json prints a readable summary naming the stored id', async () => {
    const cwd = workspace();
    const run = await runCliCaptured(['backtest', '--strategy', 'sma-cross', ...SERIES, ...RANGE], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^sma-cross v\S+ \(fast=10 slow=30 mode=long-only fraction=1\) \| binance BTC\/USDT 1h/,
    );
    for (const label of ['Total return', 'Sharpe', 'Max drawdown', 'Win rate', 'Fees', 'Trades'])
      expect(run.stdout).toContain(label);
    const id = /stored as (bt-[0-9a-f]{12})\n$/.exec(run.stdout)?.[1];
    expect(id, run.stdout).toBeDefined();
    await withDatabase(cwd, async (database) =>
      expect((await database.backtestResults.get(id!))?.strategy).toBe('sma-cross'),
    );
  });

  it('--report writes one self-contained HTML file', async () => {
    const cwd = workspace();
    const run = await runCliCaptured(
      ['backtest', '--strategy', 'sma-cross', ...SERIES, ...RANGE, '--report', 'report.html', '--no-store'],
      { cwd },
    );
    expect(run.code, run.stderr).toBe(0);
    const file = join(cwd, 'report.html');
    expect(run.stderr).toContain(`quantlab: report written to ${file}`);
    expect(run.stdout).toContain('Sharpe');
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toMatch(/<title>[^<]*sma-cross[^<]*binance BTC\/USDT 1h/);
    // Nothing is fetched: no script or stylesheet from anywhere, no http(s) src or href at all.
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/<link[^>]*\shref\s*=\s*["']?https?:/i);
    expect(html).not.toMatch(/\ssrc\s*=\s*["']?https?:/i);
    // The charting library is inlined and draws on canvases.
    expect(html).toMatch(/<script>[\s\S]*createElement\(["']canvas["']\)[\s\S]*<\/script>/);
    expect(html).toContain('<h2>Equity');
    expect(html).toContain('<h2>Trades');
  });

  it('--strategy a,b prints one comparison, and --params keyed by name applies to that strategy only', async () => {
    const cwd = workspace();
    const table = await runCliCaptured(
      ['backtest', '--strategy', 'sma-cross,ema-cross', ...SERIES, ...RANGE],
      {
        cwd,
      },
    );
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines.filter((line) => /^Metric\s/.test(line))).toHaveLength(1);
    expect(lines[0]).toMatch(/^Metric\s+#1 sma-cross .*#2 ema-cross/);
    expect(table.stdout).toMatch(/^Sharpe\s+\S+\s+\S+$/m);
    expect(table.stdout).toMatch(/stored as bt-[0-9a-f]{12}, bt-[0-9a-f]{12}\n$/);

    const params = JSON.stringify({ 'sma-cross': { fast: 5, slow: 20 } });
    const run = await runCliCaptured(
      ['--json', 'backtest', '--strategy', 'sma-cross,ema-cross', ...SERIES, ...RANGE, '--params', params],
      { cwd },
    );
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      runs: Array<BacktestJson & { strategy: string; params: Record<string, unknown>; id: string }>;
    };
    expect(Object.keys(out)).toEqual(['runs']);
    expect(out.runs).toHaveLength(2);
    for (const entry of out.runs) {
      expect(sorted(Object.keys(entry))).toEqual(
        sorted(['strategy', 'params', 'id', 'metrics', 'trades', 'equity']),
      );
      const { strategy: _s, params: _p, id: _i, ...json } = entry;
      expectBacktestJson(json);
    }
    const [sma, ema] = out.runs as [(typeof out.runs)[0], (typeof out.runs)[0]];
    expect([sma.strategy, ema.strategy]).toEqual(['sma-cross', 'ema-cross']);
    expect(sma.params).toEqual({ fast: 5, slow: 20, mode: 'long-only', fraction: 1 });
    expect(ema.params).toEqual({ fast: 10, slow: 30, mode: 'long-only', fraction: 1 });
    await withDatabase(cwd, async (database) => {
      for (const entry of out.runs) {
        const stored = await database.backtestResults.get(entry.id);
        expect(stored?.strategy).toBe(entry.strategy);
        expect(stored?.params).toEqual(entry.params);
      }
    });
    // Each entry is the run that strategy gives on its own.
    const alone = await backtestJson(
      cwd,
      '--strategy',
      'sma-cross',
      ...SERIES,
      ...RANGE,
      '--no-store',
      '--params',
      '{"fast":5,"slow":20}',
    );
    expect({ metrics: sma.metrics, trades: sma.trades, equity: sma.equity }).toEqual(alone);
    expect({ metrics: ema.metrics, trades: ema.trades, equity: ema.equity }).toEqual(
      await backtestJson(cwd, '--strategy', 'ema-cross', ...SERIES, ...RANGE, '--no-store'),
    );
  });

  it('--lookahead-check finds no look-ahead bias in sma-cross', async () => {
    const cwd = workspace();
    const run = await runCliCaptured(
      ['backtest', '--strategy', 'sma-cross', ...SERIES, ...RANGE, '--lookahead-check'],
      {
        cwd,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^sma-cross: no look-ahead bias found \([1-9]\d* decisions compared at 5 cuts\)\n$/,
    );
    const json = await runCliCaptured(
      ['--json', 'backtest', '--strategy', 'sma-cross', ...SERIES, ...RANGE, '--lookahead-check'],
      { cwd },
    );
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      lookahead: [{ strategy: 'sma-cross', report: { biased: false } }],
    });
  });

  it('fees and slippage are charged on every fill', async () => {
    const cwd = workspace();
    const base = ['--strategy', 'sma-cross', ...SERIES, ...RANGE, '--no-store', '--fee-maker', '0'];
    const free = await backtestJson(cwd, ...base, '--fee-taker', '0');
    const taxed = await backtestJson(cwd, ...base, '--fee-taker', '0.001');
    const slipped = await backtestJson(cwd, ...base, '--fee-taker', '0', '--slippage-bps', '10');

    expect(free.metrics.fees).toBe(0);
    expect(taxed.metrics.fees).toBeGreaterThan(0);
    expect(taxed.metrics.endEquity).toBeLessThan(free.metrics.endEquity);
    expect(slipped.metrics.fees).toBe(0);
    expect(slipped.metrics.endEquity).toBeLessThan(free.metrics.endEquity);
    // Same decisions, same times: only the costs differ.
    const times = (out: BacktestJson) => out.trades.map((t) => [t.entryTime, t.exitTime]);
    expect(times(taxed)).toEqual(times(free));
    expect(times(slipped)).toEqual(times(free));
    for (const [i, t] of taxed.trades.entries()) {
      // fees = |qty| × price × rate per fill (one buy and one sell per long-only trade).
      expectClose(t.fees, t.qty * (t.entryPrice + t.exitPrice) * 0.001);
      expectClose(t.entryPrice, free.trades[i]!.entryPrice);
    }
    for (const [i, t] of slipped.trades.entries()) {
      // 10 bps against the taker: buys higher, sells lower.
      expectClose(t.entryPrice, free.trades[i]!.entryPrice * 1.001);
      expectClose(t.exitPrice, free.trades[i]!.exitPrice * 0.999);
    }
  });

  it('--fill close fills market orders at the signal candle close instead of the next open', async () => {
    const cwd = workspace();
    // September 2020: closes and next opens differ on most candles of this data.
    const range = ['--from', '2020-09-01', '--to', '2020-10-01'];
    const base = ['--strategy', 'sma-cross', ...SERIES, ...range, '--no-store'];
    const nextOpen = await backtestJson(cwd, ...base);
    const atClose = await backtestJson(cwd, ...base, '--fill', 'close');
    const candles = await withDatabase(cwd, (database) =>
      database.candles.range('binance', 'BTC/USDT', '1h', Date.UTC(2020, 7, 31), Date.UTC(2020, 9, 1)),
    );
    const byOpen = new Map(candles.map((c) => [c.ts, c]));
    const byClose = new Map(candles.map((c) => [c.ts + H, c]));
    const endOfData = candles.at(-1)!.ts + H;
    expect(nextOpen.trades.length).toBeGreaterThan(5);
    expect(atClose.trades.length).toBeGreaterThan(5);
    for (const t of nextOpen.trades) {
      // Decided on a close, filled at the next candle's open (its open time).
      expectClose(t.entryPrice, byOpen.get(t.entryTime)!.open);
      if (t.exitTime !== endOfData) expectClose(t.exitPrice, byOpen.get(t.exitTime)!.open);
    }
    for (const t of atClose.trades) {
      // Filled at the close of the candle the decision was made on, at its close time.
      expect(byClose.has(t.entryTime)).toBe(true);
      expectClose(t.entryPrice, byClose.get(t.entryTime)!.close);
      expectClose(t.exitPrice, byClose.get(t.exitTime)!.close);
    }
    const entries = (out: BacktestJson) => out.trades.map((t) => t.entryPrice);
    expect(entries(atClose)).not.toEqual(entries(nextOpen));
  });
});
