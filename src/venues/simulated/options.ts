/**
 * Validation of the simulated venue's options: a misconfigured venue fails at construction
 * (QL_ERR_INVALID_INPUT), never halfway through a backtest.
 */

import { QuantLabError } from '../../core/errors.js';
import type { Instrument } from '../../core/instrument.js';
import type { FundingSeries, MarkSeries, SimulatedVenueOptions } from './types.js';

export const DEFAULT_MAINTENANCE_RATE = 0.004;
export const DEFAULT_LIQUIDATION_FEE_RATE = 0.005;

function invalid(message: string, details: Record<string, unknown> = {}): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', `Simulated venue: ${message}`, { details });
}

function finite(name: string, value: number | undefined, min: number, minInclusive = true): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || (minInclusive ? value < min : value <= min))
    throw invalid(`${name} ${value} must be a finite number ${minInclusive ? '>=' : '>'} ${min}.`, {
      [name]: value,
    });
}

/** Throws QL_ERR_INVALID_INPUT for options the venue cannot run with. */
export function validateOptions(options: SimulatedVenueOptions): void {
  const { account } = options;
  finite('account.capital', account.capital, 0);
  if (typeof account.currency !== 'string' || account.currency === '')
    throw invalid('account.currency is empty.');
  if (account.marginMode !== undefined && account.marginMode !== 'cross' && account.marginMode !== 'isolated')
    throw invalid(`marginMode ${String(account.marginMode)} must be cross or isolated.`);
  const m = account.maintenanceRate;
  if (m !== undefined && (!Number.isFinite(m) || m < 0 || m >= 1))
    throw invalid(`maintenanceRate ${m} must be in [0, 1).`);
  finite('liquidationFeeRate', account.liquidationFeeRate, 0);
  finite('fees.maker', options.fees.maker, Number.NEGATIVE_INFINITY);
  finite('fees.taker', options.fees.taker, Number.NEGATIVE_INFINITY);
  finite('maxVolumeShare', options.maxVolumeShare, 0, false);
  const slippage = options.slippage;
  if (slippage !== undefined) {
    if (slippage.kind === 'fixed') finite('slippage.bps', slippage.bps, 0);
    else if (slippage.kind === 'volatility-volume') {
      finite('slippage.spreadBps', slippage.spreadBps, 0);
      finite('slippage.impact', slippage.impact, 0);
    } else throw invalid(`slippage kind ${String((slippage as { kind: unknown }).kind)} is unknown.`);
  }
  if (options.fill !== undefined && options.fill !== 'next-open' && options.fill !== 'close')
    throw invalid(`fill ${String(options.fill)} must be next-open or close.`);
  if (options.instruments.length === 0) throw invalid('no instruments.');
  const symbols = new Set<string>();
  for (const inst of options.instruments) {
    if (symbols.has(inst.symbol)) throw invalid(`instrument ${inst.symbol} is listed twice.`);
    symbols.add(inst.symbol);
    if (inst.settle !== account.currency) {
      throw invalid(`${inst.symbol} settles in ${inst.settle}, the account is in ${account.currency}.`, {
        symbol: inst.symbol,
      });
    }
  }
  for (const [symbol, series] of Object.entries(options.funding ?? {}))
    checkSeries(`funding ${symbol}`, series);
  for (const [symbol, series] of Object.entries(options.marks ?? {})) checkSeries(`marks ${symbol}`, series);
}

function checkSeries(name: string, series: FundingSeries | MarkSeries): void {
  const values = 'rate' in series ? series.rate : series.price;
  if (series.ts.length !== values.length) throw invalid(`${name}: ts and values differ in length.`);
  for (let k = 1; k < series.ts.length; k++) {
    if (!(series.ts[k]! > series.ts[k - 1]!))
      throw invalid(`${name}: timestamps must increase (index ${k}).`);
  }
}

/** Leverage per symbol index: 1 for spot, else the option (number or per symbol, default 1). */
export function leverageBySymbol(options: SimulatedVenueOptions): Float64Array {
  const setting = options.account.leverage;
  return Float64Array.from(options.instruments, (inst: Instrument) => {
    if (inst.kind === 'spot') return 1;
    const lev = typeof setting === 'number' ? setting : (setting?.[inst.symbol] ?? 1);
    if (!Number.isFinite(lev) || lev <= 0) throw invalid(`leverage ${lev} for ${inst.symbol} must be > 0.`);
    if (inst.maxLeverage !== undefined && lev > inst.maxLeverage) {
      throw invalid(`leverage ${lev} for ${inst.symbol} exceeds its maximum ${inst.maxLeverage}.`, {
        symbol: inst.symbol,
        leverage: lev,
        maxLeverage: inst.maxLeverage,
      });
    }
    return lev;
  });
}
