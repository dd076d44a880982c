/** The per-bar accounting checks of a backtest run with `checkInvariants` (tests and investigations). */

import type { Instrument } from '../core/instrument.js';
import { pnlFor } from '../core/position.js';
import type { Kernel } from '../engine/kernel.js';
import type { SimulatedVenue } from '../venues/simulated/index.js';
import type { RunRecorder } from './run-recorder.js';

/** The accounting identities, and what we believe against what the venue holds. */
export function checkStep(
  kernel: Kernel,
  venue: SimulatedVenue,
  recorder: RunRecorder,
  ts: number,
  violations: string[],
): void {
  if (violations.length >= 20) return;
  for (const problem of kernel.portfolio.invariantProblems()) violations.push(`${ts}: ${problem}`);
  const truth = venue.snapshot();
  const scale = Math.max(1, Math.abs(kernel.portfolio.capital));
  if (Math.abs(truth.wallet - kernel.portfolio.wallet) > 1e-9 * scale)
    violations.push(`${ts}: venue wallet ${truth.wallet} != portfolio wallet ${kernel.portfolio.wallet}`);
  for (const held of truth.positions) {
    const index = kernel.portfolio.symbolIndex(held.symbol);
    const ours = kernel.portfolio.accountPosition(index).qty;
    if (Math.abs(ours - held.qty) > 1e-9 * Math.max(1, Math.abs(held.qty)))
      violations.push(`${ts}: ${held.symbol} venue holds ${held.qty}, portfolio ${ours}`);
  }
  for (let i = 0; ; i++) {
    const inst = safeInstrument(kernel, i);
    if (inst === undefined) break;
    const held = kernel.portfolio.accountPosition(i).qty;
    const fills = recorder.filledQty(inst.symbol);
    if (Math.abs(held - fills) > 1e-9 * Math.max(1, Math.abs(held)))
      violations.push(`${ts}: ${inst.symbol} position ${held} is not the sum of its fills ${fills}`);
  }
  const equity = kernel.portfolio.equity();
  const expected =
    kernel.portfolio.capital +
    kernel.portfolio.realizedPnl -
    kernel.portfolio.fees +
    kernel.portfolio.funding +
    unrealized(kernel);
  if (Math.abs(equity - expected) > 1e-9 * scale)
    violations.push(
      `${ts}: equity ${equity} != capital + realised − fees + funding + unrealised ${expected}`,
    );
}

/** Σ unrealised PnL computed from the positions and marks, independently of `Portfolio.equity`. */
function unrealized(kernel: Kernel): number {
  let total = 0;
  for (let i = 0; ; i++) {
    const inst = safeInstrument(kernel, i);
    if (inst === undefined) return total;
    const p = kernel.portfolio.accountPosition(i);
    if (p.qty !== 0) total += pnlFor(inst, p.qty, p.avgEntryPrice, kernel.portfolio.markOf(i));
  }
}

function safeInstrument(kernel: Kernel, index: number): Instrument | undefined {
  return index < kernel.portfolio.instrumentCount ? kernel.portfolio.instrumentAt(index) : undefined;
}
