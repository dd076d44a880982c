/**
 * Automatic position reduction: when market moves (not orders — the gate stops those) push a held
 * position past an `auto-reduce` limit by more than its tolerance, plan reduce-only market orders that
 * bring it back to the limit. The plan is shared out over the strategies holding the position, in
 * proportion to what each holds; positions adopted as `external` are not touched (no strategy owns them).
 */

import { quoteNotional, settleNotional } from '../../core/instrument.js';
import { roundQty } from '../../core/precision.js';
import type { Portfolio } from '../../engine/portfolio.js';
import type { AutoReduceConfig } from '../config/auto-reduce-config.js';

export interface PlannedReduction {
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly limit: 'per-symbol-notional' | 'gross-exposure';
  readonly details: Readonly<Record<string, number | string>>;
}

const EXTERNAL = 'external';

/** What to send now (empty, without allocating a plan, while every position is inside its limits). */
export function planReductions(config: AutoReduceConfig, portfolio: Portfolio): PlannedReduction[] {
  if (!portfolio.hasOpenPosition()) return NONE;
  const grossFactor = grossExposureFactor(config, portfolio, GROSS);
  let plan: PlannedReduction[] | undefined;
  for (let i = 0; i < portfolio.instrumentCount; i++) {
    const held = portfolio.accountPosition(i).qty;
    const mark = portfolio.markOf(i);
    if (held === 0 || !(mark > 0)) continue;
    const inst = portfolio.instrumentAt(i);
    const limit = symbolLimit(config, inst.symbol);
    const notional = Math.abs(quoteNotional(inst, held, mark));
    let factor = 1;
    let reason: PlannedReduction['limit'] = 'gross-exposure';
    let details: Record<string, number | string> | undefined;
    if (limit !== undefined && notional > limit * (1 + config.tolerance)) {
      factor = limit / notional;
      reason = 'per-symbol-notional';
      details = { symbol: inst.symbol, notional, limit, mark };
    }
    if (grossFactor.factor < factor) {
      factor = grossFactor.factor;
      reason = 'gross-exposure';
      details = { gross: grossFactor.gross, limit: grossFactor.limit, mark };
    }
    if (factor >= 1 || details === undefined) continue;
    // Rounded up to the lot: after the reduction the position is at or under the limit.
    const total = Math.min(Math.abs(held), roundQty(inst, Math.abs(held) * (1 - factor), 'up'));
    if (total <= 0) continue;
    plan ??= [];
    shareOut(plan, portfolio, inst.symbol, held, total, reason, details);
  }
  return plan ?? NONE;
}

// Shared empty plan and scratch: the quiet path (every tick) allocates nothing.
const NONE: PlannedReduction[] = Object.freeze([]) as unknown as PlannedReduction[];
const GROSS = { factor: 1, gross: 0, limit: 0 };

function symbolLimit(config: AutoReduceConfig, symbol: string): number | undefined {
  const limits = config.perSymbolNotional;
  return typeof limits === 'number' ? limits : limits?.[symbol];
}

/** The factor every position must shrink by for gross exposure to be back at its limit (1: inside). */
function grossExposureFactor(
  config: AutoReduceConfig,
  portfolio: Portfolio,
  out: { factor: number; gross: number; limit: number },
): { factor: number; gross: number; limit: number } {
  out.factor = 1;
  out.gross = 0;
  out.limit = 0;
  if (config.grossExposure === undefined) return out;
  let gross = 0;
  for (let i = 0; i < portfolio.instrumentCount; i++) {
    const held = portfolio.accountPosition(i).qty;
    const inst = portfolio.instrumentAt(i);
    if (held === 0 || inst.settle !== portfolio.currency) continue;
    gross += Math.abs(settleNotional(inst, held, portfolio.markOf(i)));
  }
  const limit = config.grossExposure * portfolio.equity();
  out.gross = gross;
  out.limit = limit;
  if (gross > limit * (1 + config.tolerance)) out.factor = Math.max(0, limit) / gross;
  return out;
}

function shareOut(
  plan: PlannedReduction[],
  portfolio: Portfolio,
  symbol: string,
  held: number,
  total: number,
  limit: PlannedReduction['limit'],
  details: Readonly<Record<string, number | string>>,
): void {
  const inst = portfolio.instrumentAt(portfolio.symbolIndex(symbol));
  const holders: { id: string; qty: number }[] = [];
  let sameSide = 0;
  for (const id of portfolio.strategyIds()) {
    if (id === EXTERNAL) continue;
    const qty = portfolio.position(id, symbol).qty;
    if (qty !== 0 && Math.sign(qty) === Math.sign(held)) {
      holders.push({ id, qty: Math.abs(qty) });
      sameSide += Math.abs(qty);
    }
  }
  let left = total;
  // Largest holder first: rounding up to the lot lands on the one best able to take it.
  holders.sort((a, b) => b.qty - a.qty);
  for (const h of holders) {
    if (left <= 0) break;
    let share = Math.min(h.qty, left, roundQty(inst, (total * h.qty) / sameSide, 'up'));
    // The venue refuses less than its minimum: round a small share up to it, or close a smaller holding.
    if (share < inst.minSize) share = Math.min(h.qty, inst.minSize);
    if (share <= 0) continue;
    left = roundQty(inst, left - share, 'nearest');
    plan.push({ strategyId: h.id, symbol, side: held > 0 ? 'sell' : 'buy', qty: share, limit, details });
  }
}
