/**
 * Every built-in strategy over real candles from ../shared/data/ohlcv, through the full kernel, with the
 * accounting checked after every bar: equity = capital + realised − fees + funding + unrealised, the
 * portfolio agrees with the venue's own account, and every position is the sum of its fills. Trades must
 * account for the whole PnL: Σ trade pnl = end equity − capital.
 */

import { expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import type { BacktestConfig, BacktestData, SeriesData } from '../../src/backtest/types.js';
import { BUILTIN_STRATEGIES } from '../../src/strategies/builtins/index.js';
import type { StrategyDefinition } from '../../src/strategies/types.js';
import { fineInstrument, loadSeriesFile } from '../support/backtest-data.js';
import { describeWithSharedData, sharedDataPath } from '../support/shared-data.js';

function config(
  definition: StrategyDefinition,
  symbols: string[],
  timeframe: string,
  overrides: Partial<BacktestConfig> = {},
): BacktestConfig {
  return {
    strategy: definition.name,
    strategyVersion: definition.version,
    params: {},
    exchange: 'binance',
    symbols,
    timeframe,
    capital: 10_000,
    currency: 'USDT',
    fees: { maker: 0.0002, taker: 0.0005 },
    slippage: { kind: 'fixed', bps: 2 },
    fill: 'next-open',
    leverage: 1,
    marginMode: 'cross',
    maintenanceRate: 0.004,
    liquidationFeeRate: 0.005,
    ...overrides,
  };
}

function run(definition: StrategyDefinition, cfg: BacktestConfig, data: BacktestData) {
  const output = runBacktest({
    definition,
    config: cfg,
    data,
    instruments: cfg.symbols.map((s) => fineInstrument('binance', s)),
    checkInvariants: true,
  });
  const { metrics, trades } = output.result;
  expect(output.invariantViolations).toEqual([]);
  expect(output.paused).toBeUndefined();
  const pnl = trades.reduce((sum, t) => sum + t.pnl, 0);
  expect(Math.abs(pnl - (metrics.endEquity - metrics.startEquity))).toBeLessThan(1e-6 * cfg.capital);
  for (const value of Object.values(metrics)) if (value !== null) expect(Number.isFinite(value)).toBe(true);
  return output;
}

const single = BUILTIN_STRATEGIES.filter((d) => (d.legs ?? 1) === 1);
const byName = (name: string) => BUILTIN_STRATEGIES.find((d) => d.name === name)!;

describeWithSharedData('built-in strategies over real candles: accounting invariants', () => {
  const ohlcv = (...parts: string[]) => sharedDataPath('ohlcv', ...parts);
  let btcSpot: SeriesData;
  let xrpPerp: SeriesData;
  let xrpFunding: { ts: Float64Array; rate: Float64Array };
  let xrpMarks: { ts: Float64Array; price: Float64Array };

  it('loads the real series', async () => {
    btcSpot = await loadSeriesFile(
      ohlcv('cryptodatadownload-binance', 'Binance_BTCUSDT_1h.csv'),
      'BTC/USDT',
      '1h',
    );
    xrpPerp = await loadSeriesFile(
      ohlcv('freqtrade', 'futures', 'XRP_USDT_USDT-5m-futures.feather'),
      'XRP/USDT:USDT',
      '5m',
    );
    const funding = await loadSeriesFile(
      ohlcv('freqtrade', 'futures', 'XRP_USDT_USDT-8h-funding_rate.feather'),
      'XRP/USDT:USDT',
      '8h',
    );
    const marks = await loadSeriesFile(
      ohlcv('freqtrade', 'futures', 'XRP_USDT_USDT-8h-mark.feather'),
      'XRP/USDT:USDT',
      '8h',
    );
    xrpFunding = { ts: funding.ts, rate: funding.open };
    xrpMarks = { ts: marks.ts, price: marks.open };
    expect(btcSpot.ts.length).toBeGreaterThan(20_000);
    expect(xrpPerp.ts.length).toBeGreaterThan(1_900);
  });

  for (const definition of single) {
    it(`${definition.name}: BTC/USDT spot, 1h`, () => {
      const output = run(definition, config(definition, ['BTC/USDT'], '1h'), { series: [btcSpot] });
      expect(output.result.extras.bars).toBe(btcSpot.ts.length);
    });

    it(`${definition.name}: XRP/USDT perpetual, 5m, 3× leverage, real funding and marks`, () => {
      const cfg = config(definition, ['XRP/USDT:USDT'], '5m', { leverage: 3 });
      const output = run(definition, cfg, {
        series: [xrpPerp],
        funding: { 'XRP/USDT:USDT': xrpFunding },
        marks: { 'XRP/USDT:USDT': xrpMarks },
      });
      if (output.result.trades.length > 0 && definition.name === 'sma-cross')
        expect(output.result.metrics.funding).not.toBe(0);
    });
  }

  it('sma-cross long-short on the perpetual pays and receives funding', () => {
    const definition = byName('sma-cross');
    const cfg = {
      ...config(definition, ['XRP/USDT:USDT'], '5m', { leverage: 3 }),
      params: { mode: 'long-short' },
    };
    const output = run(definition, cfg, {
      series: [xrpPerp],
      funding: { 'XRP/USDT:USDT': xrpFunding },
      marks: { 'XRP/USDT:USDT': xrpMarks },
    });
    expect(output.result.extras.long.trades).toBeGreaterThan(0);
    expect(output.result.extras.short.trades).toBeGreaterThan(0);
    expect(output.result.metrics.funding).not.toBe(0);
  });

  it('pairs: BTC and ETH perpetuals, 1h', async () => {
    const btc = await loadSeriesFile(
      ohlcv('cryptodatadownload-binance', 'Binance_BTCUSDT_1h.csv'),
      'BTC/USDT:USDT',
      '1h',
    );
    const eth = await loadSeriesFile(
      ohlcv('cryptodatadownload-binance', 'Binance_ETHUSDT_1h.csv'),
      'ETH/USDT:USDT',
      '1h',
    );
    const definition = byName('pairs');
    const output = run(
      definition,
      config(definition, ['BTC/USDT:USDT', 'ETH/USDT:USDT'], '1h', { leverage: 2 }),
      {
        series: [btc, eth],
      },
    );
    expect(output.result.trades.length).toBeGreaterThan(0);
  });

  it('cash-carry: BTC/USDT spot and the Binance perpetual, 1h', async () => {
    const perp = await loadSeriesFile(
      ohlcv('cryptodatadownload-binance', 'BTCUSDT_Binance_futures_data_hour.csv'),
      'BTC/USDT:USDT',
      '1h',
    );
    const definition = byName('cash-carry');
    const output = run(definition, config(definition, ['BTC/USDT', 'BTC/USDT:USDT'], '1h', { leverage: 2 }), {
      series: [btcSpot, perp],
    });
    expect(output.result.extras.bars).toBeGreaterThan(0);
  });
});
