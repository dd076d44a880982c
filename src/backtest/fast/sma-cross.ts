/**
 * `sma-cross` over whole typed arrays: the SMAs come precomputed (cached per series), then one pass over
 * the bars (bar-loop.ts), then the metrics. Trades and the fill log are built only when read: a sweep
 * trial needs the metrics alone.
 */

import { lowerBound } from '../../core/sorted-search.js';
import { computeMetrics, type TradeBookResult } from '../metrics/index.js';
import type { BacktestMetrics, BacktestTrade } from '../types.js';
import { FastAccount } from './account.js';
import { runBars } from './bar-loop.js';
import { CROSS_DOWN_TAG, CROSS_UP_TAG, CrossDecision } from './decide.js';
import { LotGrid } from './lot-grid.js';
import { fastSettings, smaCrossParamsProblem } from './settings.js';
import { SmaCache } from './sma-cache.js';
import type { FastFill, FastPathResult, SmaCrossFastInput } from './types.js';

const NO_TRADES: readonly BacktestTrade[] = Object.freeze([]);

export function runSmaCrossFast(input: SmaCrossFastInput): FastPathResult {
  const { series, params, config, instrument: inst } = input;
  const problem = smaCrossParamsProblem(params);
  if (problem !== undefined) return problem;
  const settings = fastSettings(config, inst, series);
  if ('unsupported' in settings) return settings;

  // A cache built for another close column would hand back the wrong averages: ignore it.
  const cache =
    input.smaCache !== undefined && input.smaCache.close === series.close
      ? input.smaCache
      : new SmaCache(series.close, 2);
  const fastMa = cache.get(params.fast);
  const slowMa = cache.get(params.slow);
  const closeTs = cache.closeTimes(series.ts, series.timeframe);
  const n = series.close.length;
  const start = input.tradeFrom === undefined ? 0 : lowerBound(series.ts, input.tradeFrom, n);
  const length = n - start;
  const buffer = input.equityBuffer;
  const equity =
    buffer !== undefined && buffer.length >= length ? buffer.subarray(0, length) : new Float64Array(length);
  const grid = new LotGrid(inst);
  const account = new FastAccount(
    settings,
    grid,
    series.open,
    series.close,
    settings.fillAtClose ? closeTs : series.ts,
    cache.fillsSeen,
  );

  const exposed = runBars(
    input,
    new CrossDecision(inst, grid, params, account, series.close),
    settings,
    account,
    fastMa,
    slowMa,
    closeTs,
    start,
    equity,
  );
  if (typeof exposed !== 'number') return exposed;

  if (account.record.fills > cache.fillsSeen) cache.fillsSeen = account.record.fills;
  const ledger = account.book;
  const lastClose = n > 0 ? series.close[n - 1]! : Number.NaN;
  const endTs = length > 0 ? closeTs[n - 1]! : 0;
  if (ledger.isOpen) {
    // TradeBook refuses to close at an unusable mark; so does the kernel's run.
    if (!(lastClose > 0) || !Number.isFinite(lastClose)) return { unsupported: 'invalid-series' };
    ledger.finish(lastClose);
  }
  const startTs = length > 0 ? series.ts[start]! : (input.tradeFrom ?? 0);
  const ts = closeTs.subarray(start);
  const exposure = length > 0 ? exposed / length : 0;
  // computeMetrics without the trades (built only when asked for), then tradeStats' four fields from
  // the ledger's running sums (the same sums in the same order).
  const base = computeMetrics({
    ts,
    equity,
    length,
    startEquity: settings.capital,
    trades: NO_TRADES,
    fees: account.fees,
    funding: account.funding,
    exposure,
    startTs,
  });
  const stats = ledger.stats();
  const metrics: BacktestMetrics = {
    ...base,
    winRate: stats.winRate,
    profitFactor: stats.profitFactor,
    expectancy: stats.expectancy,
    trades: stats.trades,
  };
  const record = account.record;
  let book: TradeBookResult | undefined;
  let fillLog: FastFill[] | undefined;
  return {
    ts,
    equity,
    length,
    startTs,
    get trades() {
      book ??= record.trades(inst, endTs, lastClose, CROSS_UP_TAG, CROSS_DOWN_TAG);
      return book.trades;
    },
    get details() {
      book ??= record.trades(inst, endTs, lastClose, CROSS_UP_TAG, CROSS_DOWN_TAG);
      return book.details;
    },
    fees: account.fees,
    funding: account.funding,
    exposure,
    fills: record.fills,
    get fillLog() {
      fillLog ??= record.fillLog();
      return fillLog;
    },
    rejectedOrders: account.rejected,
    wallet: account.wallet,
    position: account.qty,
    metrics,
  };
}
