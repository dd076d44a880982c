/**
 * Monte Carlo bootstrap of trades: each run draws as many trades as the input, with replacement, in random
 * order, and walks an equity path: startEquity + cumulative PnL (PnLs in currency), or with `compounding`
 * startEquity × Π(1 + r) (trade returns, for strategies sized by a fraction of equity — what the optimizer
 * resamples). Ruin is absorbing: a path whose value reaches 0 or below stays at 0 for the rest of its draws
 * (an account with nothing left cannot trade back up), so a return is never below −100 % and a drawdown
 * never above 100 %; `ruined` is the share of paths that did. Per run: total return (final / start − 1)
 * and max drawdown ((peak − value) / peak, peak including startEquity). Reported as the 5th, 50th and 95th
 * percentiles (linear interpolation between order statistics, numpy's default) and the mean over runs.
 * Deterministic for a seed; a ruined path keeps drawing (and ignoring) its trades, so the other paths see
 * the same draws as without ruin.
 *
 * Cost: runs × trades steps, two Float64Arrays of `runs` and one of the PnLs; nothing per step.
 */

import { QuantLabError } from '../../core/errors.js';
import { createRandom } from './random.js';

export interface MonteCarloOptions {
  readonly startEquity: number;
  /** Number of resampled paths, integer ≥ 1. */
  readonly runs: number;
  readonly seed: number;
  /**
   * The inputs are trade returns (fractions of the equity at entry) and each path compounds them:
   * value × (1 + r). Default false: PnLs in currency, added.
   */
  readonly compounding?: boolean;
}

export interface Distribution {
  p5: number;
  p50: number;
  p95: number;
  mean: number;
}

export interface MonteCarloResult {
  returns: Distribution;
  maxDrawdown: Distribution;
  runs: number;
  /** Share of paths that reached 0 (ruin, absorbing), in [0, 1]; absent in results stored before it. */
  ruined?: number;
}

export function monteCarlo(
  pnls: Float64Array | readonly number[],
  options: MonteCarloOptions,
): MonteCarloResult {
  const { startEquity, runs, seed } = options;
  const compounding = options.compounding === true;
  if (!(startEquity > 0) || !Number.isFinite(startEquity))
    invalid('startEquity', startEquity, 'a finite number > 0');
  if (!Number.isInteger(runs) || runs < 1) invalid('runs', runs, 'an integer ≥ 1');
  const sample = Float64Array.from(pnls);
  for (let i = 0; i < sample.length; i++) {
    if (!Number.isFinite(sample[i]!)) invalid(`pnls[${i}]`, sample[i], 'finite');
  }

  const random = createRandom(seed);
  const n = sample.length;
  const returns = new Float64Array(runs);
  const drawdowns = new Float64Array(runs);
  let ruinedPaths = 0;
  for (let run = 0; run < runs; run++) {
    let value = startEquity;
    let peak = startEquity;
    let maxDrawdown = 0;
    let ruined = false;
    for (let k = 0; k < n; k++) {
      const draw = sample[random.int(n)]!;
      if (ruined) continue;
      value = compounding ? value * (1 + draw) : value + draw;
      if (value <= 0) {
        value = 0;
        ruined = true;
      }
      if (value > peak) peak = value;
      else {
        const drawdown = (peak - value) / peak;
        if (drawdown > maxDrawdown) maxDrawdown = drawdown;
      }
    }
    if (ruined) ruinedPaths += 1;
    returns[run] = value / startEquity - 1;
    drawdowns[run] = maxDrawdown;
  }
  return {
    returns: distributionOf(returns),
    maxDrawdown: distributionOf(drawdowns),
    runs,
    ruined: ruinedPaths / runs,
  };
}

/** Percentiles and mean of `values` (sorted in place). */
function distributionOf(values: Float64Array): Distribution {
  values.sort();
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return {
    p5: percentileOfSorted(values, 0.05),
    p50: percentileOfSorted(values, 0.5),
    p95: percentileOfSorted(values, 0.95),
    mean: sum / values.length,
  };
}

/** Linear interpolation between the order statistics around rank q × (n − 1). */
export function percentileOfSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = q * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

function invalid(field: string, value: unknown, rule: string): never {
  throw new QuantLabError(
    'QL_ERR_INVALID_INPUT',
    `Invalid Monte Carlo ${field} ${String(value)}: must be ${rule}.`,
    {
      details: { field, value },
    },
  );
}
