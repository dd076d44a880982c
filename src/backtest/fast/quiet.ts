/**
 * Runs of quiet bars: no funding or mark sample due, no order waiting, no cross, no liquidation-bound
 * breach — the state does not change, so a bar is its equity point. These loops make no calls, which
 * lets the compiler keep the columns' bounds and base pointers in registers (the main loop's rare event
 * calls prevent that); they stop at the first bar that needs the full step, which redoes it.
 *
 * Each returns the index of that bar (`end` when none). `previous` is d of the bar before `from`.
 */

/**
 * Flat: the equity is the wallet. The opens are read too, though nothing here needs them: streamed, the
 * column is in cache when the fill after a cross reads it (read cold, that is a memory stall per fill, a
 * fifth of a 20,000-fill trial).
 */
export function quietFlat(
  fastMa: Float64Array,
  slowMa: Float64Array,
  previous: number,
  from: number,
  end: number,
  equity: Float64Array,
  offset: number,
  open: Float64Array,
  wallet: number,
): number {
  let prev = previous;
  for (let j = from; j < end; j++) {
    const d = fastMa[j]! - slowMa[j]!;
    if ((prev < 0 && d > 0) || (prev > 0 && d < 0)) return j;
    // A bar with an unusable open takes the full step (which gives it no special treatment).
    if (!(open[j]! > 0)) return j;
    prev = d;
    equity[j - offset] = wallet;
  }
  return end;
}

/**
 * Holding a position: stops where the bar's path (its open, then `adverse`: the low ≤ `bound` for a long,
 * the high ≥ `bound` for a short, `long` telling which) reaches the liquidation bound. Equity as pnlFor: linear
 * wallet + qcv × (close − entry), inverse wallet + qcv × (1/entry − 1/close); `entryTerm` is entry for
 * linear, 1/entry for inverse.
 */
export function quietHeld(
  fastMa: Float64Array,
  slowMa: Float64Array,
  previous: number,
  from: number,
  end: number,
  equity: Float64Array,
  offset: number,
  open: Float64Array,
  adverse: Float64Array,
  long: boolean,
  bound: number,
  close: Float64Array,
  wallet: number,
  qcv: number,
  entryTerm: number,
  inverse: boolean,
): number {
  let prev = previous;
  for (let j = from; j < end; j++) {
    const d = fastMa[j]! - slowMa[j]!;
    if ((prev < 0 && d > 0) || (prev > 0 && d < 0)) return j;
    const o = open[j]!;
    const extreme = adverse[j]!;
    if (long ? extreme <= bound || o <= bound : extreme >= bound || o >= bound) return j;
    prev = d;
    const c = close[j]!;
    equity[j - offset] = inverse ? wallet + qcv * (entryTerm - 1 / c) : wallet + qcv * (c - entryTerm);
  }
  return end;
}
