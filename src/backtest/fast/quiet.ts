/**
 * Runs of quiet bars: no funding or mark sample due, no order waiting, no cross, no liquidation-bound
 * breach — the state does not change, so a bar is its equity point. These loops make no calls, which
 * lets the compiler keep the columns' bounds and base pointers in registers (the main loop's rare event
 * calls prevent that); they stop at the first bar that needs the full step, which redoes it.
 *
 * The state they read is set in fields beforehand rather than passed: a double argument of a call that
 * is not inlined is boxed (a heap allocation), and a sweep trial makes ~20,000 of these calls.
 */

export class QuietRun {
  /** d of the bar before the run. */
  previous = Number.NaN;
  wallet = 0;
  /** qty × contractValue. */
  qcv = 0;
  /** Linear: the entry price; inverse: 1 / entry. */
  entryTerm = 0;
  /** Liquidation bound on the adverse side: a long's lows at or below it, a short's highs at or above it, stop. */
  bound = 0;
  long = true;
  /** The bar's adverse extreme: the lows for a long, the highs for a short. */
  adverse: Float64Array;
  readonly #fastMa: Float64Array;
  readonly #slowMa: Float64Array;
  readonly #open: Float64Array;
  readonly #close: Float64Array;
  readonly #equity: Float64Array;
  /** Equity index of bar j is j − offset. */
  readonly #offset: number;
  readonly #inverse: boolean;

  constructor(
    fastMa: Float64Array,
    slowMa: Float64Array,
    open: Float64Array,
    close: Float64Array,
    equity: Float64Array,
    offset: number,
    inverse: boolean,
  ) {
    this.#fastMa = fastMa;
    this.#slowMa = slowMa;
    this.#open = open;
    this.#close = close;
    this.#equity = equity;
    this.#offset = offset;
    this.#inverse = inverse;
    this.adverse = close;
  }

  /**
   * Flat from bar `from`: the equity is the wallet. The opens are read too, though nothing here needs
   * them: streamed, the column is in cache when the fill after a cross reads it (read cold, that is a
   * memory stall per fill). Returns the first bar needing the full step, `end` when none.
   */
  flat(from: number, end: number): number {
    const fastMa = this.#fastMa;
    const slowMa = this.#slowMa;
    const open = this.#open;
    const equity = this.#equity;
    const offset = this.#offset;
    const wallet = this.wallet;
    let prev = this.previous;
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
   * Holding a position from bar `from`: stops where the bar's path (open, extremes, close) reaches the
   * liquidation bound. Equity as pnlFor: linear wallet + qcv × (close − entry), inverse
   * wallet + qcv × (1/entry − 1/close).
   */
  held(from: number, end: number): number {
    const fastMa = this.#fastMa;
    const slowMa = this.#slowMa;
    const open = this.#open;
    const close = this.#close;
    const adverse = this.adverse;
    const equity = this.#equity;
    const offset = this.#offset;
    const inverse = this.#inverse;
    const long = this.long;
    const bound = this.bound;
    const wallet = this.wallet;
    const qcv = this.qcv;
    const entryTerm = this.entryTerm;
    let prev = this.previous;
    for (let j = from; j < end; j++) {
      const d = fastMa[j]! - slowMa[j]!;
      if ((prev < 0 && d > 0) || (prev > 0 && d < 0)) return j;
      const o = open[j]!;
      const extreme = adverse[j]!;
      const c = close[j]!;
      // The venue's path visits open, high, low and close: any of them (the extreme, for sound bars).
      if (long ? extreme <= bound || o <= bound || c <= bound : extreme >= bound || o >= bound || c >= bound)
        return j;
      prev = d;
      equity[j - offset] = inverse ? wallet + qcv * (entryTerm - 1 / c) : wallet + qcv * (c - entryTerm);
    }
    return end;
  }
}
