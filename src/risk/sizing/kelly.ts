/**
 * Kelly sizing from a trade history: f* = p − q / R, p and q the shares of winning and losing trades and
 * R the payoff ratio (average win / average loss), clamped to [0, cap]; without break-even trades this is
 * the familiar W − (1 − W) / R. `trades` may be per-trade returns or PnL: the
 * formula only uses their signs and the ratio of average magnitudes.
 */

import {
  invalid,
  requireFraction,
  requireInteger,
  type SizeResult,
  type SizingReason,
  zero,
} from './common.js';
import { fractionOfEquity, type SizingMarket } from './fixed.js';

export interface KellyOptions {
  /** Upper bound of the fraction, in [0, 1]; half- or quarter-Kelly is a common choice. */
  readonly cap: number;
  /** Below this many trades the fraction is 0 (reason `too-few-trades`); integer ≥ 1. */
  readonly minTrades: number;
}

export interface KellyEstimate {
  /** The clamped fraction of equity to commit, in [0, cap]. */
  readonly fraction: number;
  /** The unclamped f* (may be negative; NaN below minTrades). */
  readonly raw: number;
  /** Wins / trades (a 0 trade counts as a trade but neither a win nor a loss). */
  readonly winRate: number;
  /** Average win / average loss (Infinity with no losses, NaN with no wins). */
  readonly payoffRatio: number;
  readonly trades: number;
  /** `too-few-trades`, `no-edge` (f* ≤ 0) or `capped-kelly`. */
  readonly reason?: SizingReason;
}

/** The Kelly fraction of a trade history; throws QL_ERR_INVALID_INPUT on a non-finite trade or bad options. */
export function kellyFraction(trades: readonly number[], options: KellyOptions): KellyEstimate {
  const cap = requireFraction('cap', options.cap);
  const minTrades = requireInteger('minTrades', options.minTrades, 1);
  if (!Array.isArray(trades))
    throw invalid('Invalid trades: expected an array of numbers.', { field: 'trades' });
  let wins = 0;
  let losses = 0;
  let winSum = 0;
  let lossSum = 0;
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw invalid(`Invalid trade result ${String(t)} at index ${i}: must be a finite number.`, {
        field: 'trades',
        index: i,
        value: t,
      });
    }
    if (t > 0) {
      wins += 1;
      winSum += t;
    } else if (t < 0) {
      losses += 1;
      lossSum -= t;
    }
  }
  const n = trades.length;
  const winRate = n === 0 ? 0 : wins / n;
  const payoffRatio = wins === 0 ? Number.NaN : losses === 0 ? Infinity : winSum / wins / (lossSum / losses);
  const base = { winRate, payoffRatio, trades: n };
  if (n < minTrades) return { fraction: 0, raw: Number.NaN, ...base, reason: 'too-few-trades' };
  // f* = p − q / R with p, q the win and loss rates: a break-even trade moves neither (with none, q = 1 − W).
  // No wins: no edge. No losses: R = ∞, f* = p.
  const raw = wins === 0 ? 0 : losses === 0 ? winRate : winRate - losses / n / payoffRatio;
  if (!(raw > 0)) return { fraction: 0, raw, ...base, reason: 'no-edge' };
  if (raw > cap) return { fraction: cap, raw, ...base, reason: 'capped-kelly' };
  return { fraction: raw, raw, ...base };
}

export interface KellyQtyInput extends SizingMarket, KellyOptions {
  /** Account equity in settle currency. */
  readonly equity: number;
  readonly trades: readonly number[];
  /** Notional multiplier applied to the Kelly fraction; default 1. */
  readonly leverage?: number;
}

/**
 * Kelly fraction of equity as a quantity: `fractionOfEquity` with fraction = kellyFraction(trades).
 * A zero fraction or a cap is reported in `reason` (a venue-minimum reason takes precedence over the cap).
 */
export function kellyQty(input: KellyQtyInput): SizeResult {
  const k = kellyFraction(input.trades, input);
  const sized = fractionOfEquity({
    equity: input.equity,
    fraction: k.fraction,
    price: input.price,
    instrument: input.instrument,
    ...(input.leverage === undefined ? {} : { leverage: input.leverage }),
  });
  if (k.fraction === 0) return zero(k.reason ?? 'zero-fraction');
  if (sized.reason === undefined && k.reason !== undefined) return { ...sized, reason: k.reason };
  return sized;
}

/**
 * A rolling trade history for Kelly sizing: keeps the last `window` trade results and gives the
 * current Kelly estimate. The one stateful piece of the sizing module.
 */
export class KellyTracker {
  private readonly results: number[] = [];
  readonly window: number;
  readonly options: KellyOptions;

  constructor(options: KellyOptions & { readonly window: number }) {
    this.window = requireInteger('window', options.window, 1);
    requireFraction('cap', options.cap);
    requireInteger('minTrades', options.minTrades, 1);
    this.options = { cap: options.cap, minTrades: options.minTrades };
  }

  /** Records one closed trade's return or PnL; drops the oldest beyond the window. */
  record(result: number): void {
    if (typeof result !== 'number' || !Number.isFinite(result)) {
      throw invalid(`Invalid trade result ${String(result)}: must be a finite number.`, {
        field: 'result',
        value: result,
      });
    }
    this.results.push(result);
    if (this.results.length > this.window) this.results.shift();
  }

  /** The trades currently in the window, oldest first. */
  trades(): readonly number[] {
    return [...this.results];
  }

  get size(): number {
    return this.results.length;
  }

  /** Kelly estimate over the window. */
  estimate(): KellyEstimate {
    return kellyFraction(this.results, this.options);
  }

  /** Quantity for the current estimate; see `kellyQty`. */
  qty(input: Omit<KellyQtyInput, 'trades' | 'cap' | 'minTrades'>): SizeResult {
    return kellyQty({ ...input, ...this.options, trades: this.results });
  }

  clear(): void {
    this.results.length = 0;
  }
}
