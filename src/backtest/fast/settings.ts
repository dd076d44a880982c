/**
 * What the fast path can reproduce exactly, checked once before a run: anything else is handed back as
 * `{ unsupported }` so the caller runs the kernel, which either simulates it or reports the input error.
 */

import type { Instrument } from '../../core/instrument.js';
import { isTimeframe } from '../../core/timeframe.js';
import type { BacktestConfig, SeriesData } from '../types.js';
import type { AccountOptions } from './account.js';
import type { FastPathUnsupported, SmaCrossFastParams } from './types.js';

export interface FastSettings extends AccountOptions {
  /** Market orders fill at the deciding bar's close (else at the next bar's open). */
  readonly fillAtClose: boolean;
}

function unsupported(reason: FastPathUnsupported['unsupported']): FastPathUnsupported {
  return { unsupported: reason };
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The account and fill settings of a single-series run, or why the fast path declines it. */
export function fastSettings(
  config: BacktestConfig,
  inst: Instrument,
  series: SeriesData,
): FastSettings | FastPathUnsupported {
  if (config.slippage.kind !== 'fixed') return unsupported('slippage-model');
  if (config.maxVolumeShare !== undefined) return unsupported('max-volume-share');
  if (config.symbols.length !== 1 || config.symbols[0] !== inst.symbol || series.symbol !== inst.symbol)
    return unsupported('multi-symbol');
  if (!isTimeframe(series.timeframe) || series.timeframe !== config.timeframe)
    return unsupported('timeframe');
  const n = series.ts.length;
  if (
    series.open.length !== n ||
    series.high.length !== n ||
    series.low.length !== n ||
    series.close.length !== n
  )
    return unsupported('invalid-series');
  const spot = inst.kind === 'spot';
  // The venue holds spot as cash: leverage 1 whatever the setting.
  const leverage = spot ? 1 : config.leverage;
  if (
    !(finite(config.capital) && config.capital > 0) ||
    !finite(config.fees.taker) ||
    !finite(config.slippage.bps) ||
    !(finite(leverage) && leverage > 0) ||
    (!spot && inst.maxLeverage !== undefined && leverage > inst.maxLeverage) ||
    !(finite(config.maintenanceRate) && config.maintenanceRate >= 0 && config.maintenanceRate < 1) ||
    (config.marginMode !== 'cross' && config.marginMode !== 'isolated') ||
    (config.fill !== 'next-open' && config.fill !== 'close') ||
    config.currency !== inst.settle
  )
    return unsupported('invalid-config');
  return {
    instrument: inst,
    capital: config.capital,
    currency: config.currency,
    taker: config.fees.taker,
    slippage: config.slippage.bps * 1e-4,
    leverage,
    marginMode: config.marginMode,
    maintenanceRate: config.maintenanceRate,
    fillAtClose: config.fill === 'close',
  };
}

/**
 * sma-cross's parameter rules (its table's bounds and `validate`). Long-short on spot is simulated: the
 * venue cuts a spot sell to the holding and refuses one with nothing held (`spot-short`).
 */
export function smaCrossParamsProblem(params: SmaCrossFastParams): FastPathUnsupported | undefined {
  const { fast, slow, mode, size, fraction } = params;
  const period = (p: unknown, min: number) =>
    typeof p === 'number' && Number.isInteger(p) && p >= min && p <= 10_000;
  if (!period(fast, 2) || !period(slow, 3) || fast >= slow) return unsupported('invalid-params');
  if (mode !== 'long-only' && mode !== 'long-short') return unsupported('invalid-params');
  if (size !== undefined && !(finite(size) && size > 0)) return unsupported('invalid-params');
  if (!(finite(fraction) && fraction >= 0 && fraction <= 10)) return unsupported('invalid-params');
  if (size === undefined && !(fraction > 0)) return unsupported('invalid-params');
  return undefined;
}
