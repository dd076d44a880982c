/**
 * Funding of perpetual swaps. At the start of a bar, every funding time f < closeTs not yet applied is
 * paid with the position held before the bar's fills:
 *
 *   amount = −qty × contractValue × mark × rate          (linear, quote)
 *   amount = −qty × contractValue / mark × rate          (inverse, base coin)
 *
 * (received when positive), mark = the last mark sample ≤ f when a mark series is given, else the bar's
 * open. Nothing is emitted while flat; funding times before a symbol's first bar pass while it is flat.
 */

import type { Instrument } from '../../core/instrument.js';
import type { VenueState } from './state.js';
import type { FundingSeries, MarkSeries } from './types.js';

export class FundingClock {
  /** The next unpaid funding time per symbol; Infinity when there is none (onBar compares only this). */
  readonly next: Float64Array;
  private readonly pointer: Int32Array;
  private readonly markPointer: Int32Array;
  private readonly series: readonly (FundingSeries | undefined)[];
  private readonly marks: readonly (MarkSeries | undefined)[];
  /** Told the last funding time settled (paid or passed while flat) after each settlement of symbol i. */
  onSettled: ((i: number, through: number) => void) | undefined;

  constructor(
    instruments: readonly Instrument[],
    funding: Readonly<Record<string, FundingSeries>> = {},
    marks: Readonly<Record<string, MarkSeries>> = {},
  ) {
    // Spot and dated futures never pay funding, whatever series they were given.
    this.series = instruments.map((inst) => (inst.kind === 'swap' ? funding[inst.symbol] : undefined));
    this.marks = instruments.map((inst) => marks[inst.symbol]);
    this.pointer = new Int32Array(instruments.length);
    this.markPointer = new Int32Array(instruments.length).fill(-1);
    this.next = Float64Array.from(this.series, (s) =>
      s === undefined || s.ts.length === 0 ? Number.POSITIVE_INFINITY : s.ts[0]!,
    );
  }

  /** Pays the funding times of symbol i before `closeTs`; `open` is the bar's open (mark fallback). */
  settle(st: VenueState, i: number, open: number, closeTs: number): void {
    const series = this.series[i]!;
    const account = st.account;
    const inst = st.instruments[i]!;
    let k = this.pointer[i]!;
    while (k < series.ts.length && series.ts[k]! < closeTs) {
      const f = series.ts[k]!;
      const rate = series.rate[k]!;
      k++;
      const qty = account.qty[i]!;
      if (qty === 0 || !Number.isFinite(rate)) continue;
      const mark = this.markAt(i, f, open);
      const value = inst.inverse ? (qty * inst.contractValue) / mark : qty * inst.contractValue * mark;
      const amount = -value * rate;
      account.applyFunding(i, amount);
      st.emit({
        type: 'FundingPaid',
        instrumentId: st.instrumentIds[i]!,
        rate,
        markPrice: mark,
        qty,
        amount,
        currency: inst.settle,
        tsEvent: f,
        tsInit: f,
      });
    }
    this.pointer[i] = k;
    this.next[i] = k < series.ts.length ? series.ts[k]! : Number.POSITIVE_INFINITY;
    if (k > 0) this.onSettled?.(i, series.ts[k - 1]!);
  }

  /** Marks the funding times of symbol i up to `through` as settled (a restart: they were, before it). */
  skipThrough(i: number, through: number): void {
    const series = this.series[i];
    if (series === undefined) return;
    let k = this.pointer[i]!;
    while (k < series.ts.length && series.ts[k]! <= through) k++;
    this.pointer[i] = k;
    this.next[i] = k < series.ts.length ? series.ts[k]! : Number.POSITIVE_INFINITY;
  }

  /** The last mark sample ≤ f, or `fallback` when there is none. */
  private markAt(i: number, f: number, fallback: number): number {
    const marks = this.marks[i];
    if (marks === undefined) return fallback;
    let m = this.markPointer[i]!;
    while (m + 1 < marks.ts.length && marks.ts[m + 1]! <= f) m++;
    this.markPointer[i] = m;
    return m >= 0 ? marks.price[m]! : fallback;
  }
}
