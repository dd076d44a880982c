/**
 * Volatility targeting: size so the position's annualised volatility is `targetVol` of equity.
 * notional = equity × targetVol / assetVol, capped at equity × maxLeverage.
 */

import type { Instrument } from '../../core/instrument.js';
import {
  contractsFor,
  finalize,
  invalid,
  requireInstrument,
  requireInteger,
  requireNonNegative,
  requirePositive,
  type SizeResult,
  zero,
} from './common.js';

/**
 * Annualised realised volatility of the last `window` log returns of `closes` (so the last window + 1
 * closes): sample standard deviation (n − 1) × √periodsPerYear. NaN while there are fewer than
 * window + 1 closes (warm-up), like the indicators. Throws QL_ERR_INVALID_INPUT on a close ≤ 0 or not
 * finite in the window, or a bad window / periodsPerYear.
 */
export function realisedVolatility(closes: Float64Array, window: number, periodsPerYear: number): number {
  requireInteger('window', window, 2);
  requirePositive('periodsPerYear', periodsPerYear);
  if (!(closes instanceof Float64Array)) {
    throw invalid('Invalid closes: expected a Float64Array.', { field: 'closes' });
  }
  const n = closes.length;
  if (n < window + 1) return Number.NaN;
  const start = n - window - 1;
  for (let i = start; i < n; i++) {
    const c = closes[i]!;
    if (!Number.isFinite(c) || c <= 0) {
      throw invalid(`Invalid close ${c} at index ${i}: must be a finite number > 0.`, {
        field: 'closes',
        index: i,
        value: c,
      });
    }
  }
  let mean = 0;
  for (let i = start + 1; i < n; i++) mean += Math.log(closes[i]! / closes[i - 1]!);
  mean /= window;
  let ss = 0;
  for (let i = start + 1; i < n; i++) {
    const d = Math.log(closes[i]! / closes[i - 1]!) - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (window - 1)) * Math.sqrt(periodsPerYear);
}

export interface VolatilityTargetInput {
  /** Account equity in settle currency. */
  readonly equity: number;
  /** Annualised target volatility of the position relative to equity, e.g. 0.2 for 20 %. */
  readonly targetVol: number;
  /** Annualised asset volatility, e.g. from `realisedVolatility`. Give this or `atr`. */
  readonly realisedVol?: number;
  /** Average true range in price units; ATR / price is the per-period vol. Give this or `realisedVol`. */
  readonly atr?: number;
  /** Bars per year, to annualise the ATR (365 for daily crypto, 8760 for hourly). Needed with `atr`. */
  readonly periodsPerYear?: number;
  readonly price: number;
  readonly instrument: Instrument;
  /** Largest notional as a multiple of equity, > 0. The instrument's maxLeverage, if lower, also applies. */
  readonly maxLeverage: number;
}

/**
 * Position notional = equity × targetVol / assetVol (settle currency), capped at equity × maxLeverage
 * (reason `capped-max-leverage`), converted to contracts and rounded down to the lot. assetVol is
 * `realisedVol`, or (atr / price) × √periodsPerYear. A zero asset volatility sizes at the cap.
 */
export function volatilityTarget(input: VolatilityTargetInput): SizeResult {
  const inst = requireInstrument(input.instrument);
  const equity = requireNonNegative('equity', input.equity);
  const targetVol = requireNonNegative('targetVol', input.targetVol);
  const price = requirePositive('price', input.price);
  const maxLeverage = requirePositive('maxLeverage', input.maxLeverage);
  const hasRealised = input.realisedVol !== undefined;
  const hasAtr = input.atr !== undefined;
  if (hasRealised === hasAtr) {
    throw invalid('Give exactly one of realisedVol and atr.', {
      field: 'realisedVol',
      realisedVol: input.realisedVol,
      atr: input.atr,
    });
  }
  let assetVol: number;
  if (hasRealised) {
    assetVol = requireNonNegative('realisedVol', input.realisedVol);
  } else {
    const atr = requireNonNegative('atr', input.atr);
    const periodsPerYear = requirePositive('periodsPerYear', input.periodsPerYear);
    assetVol = (atr / price) * Math.sqrt(periodsPerYear);
  }
  if (equity === 0) return zero('zero-equity');
  if (targetVol === 0) return zero('zero-fraction');
  const leverageCap = Math.min(maxLeverage, inst.maxLeverage ?? Infinity);
  const wanted = assetVol === 0 ? Infinity : (equity * targetVol) / assetVol;
  const cap = equity * leverageCap;
  const capped = wanted > cap;
  const notional = capped ? cap : wanted;
  return finalize(
    inst,
    contractsFor(inst, notional, price),
    price,
    capped ? 'capped-max-leverage' : undefined,
  );
}
