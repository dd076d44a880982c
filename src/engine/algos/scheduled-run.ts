/**
 * TWAP and VWAP: a parent worked in slices at scheduled times. A slice is a target — the lots the parent
 * should have been given by then — so whatever an earlier slice left (an unfilled limit, a refused child,
 * a slice too small to place on its own, volume the participation cap held back) joins the next child
 * without any bookkeeping of its own, and children can never add up to more than the parent.
 */

import type { Order } from '../../core/order.js';
import { AlgoRun, type RunInit } from './algo-run.js';
import { peggedPrice, withinLimit } from './child-price.js';
import type { SliceSchedule } from './slice-schedule.js';
import type { AlgoStatus, SliceStyle, TwapRequest, VwapRequest } from './types.js';

export class ScheduledRun extends AlgoRun {
  private readonly schedule: SliceSchedule;
  private readonly style: SliceStyle;
  private readonly priceLimit: number | undefined;
  private readonly maxParticipation: number | undefined;
  private readonly sweepAtEnd: boolean;
  /** Slices whose time has come. */
  private due = 0;
  /** Slices whose lots have been handed to a child (or merged into the next slice). */
  private given = 0;
  private ending = false;
  private swept = false;
  /** The participation cap held part of what is due back: try again at every step. */
  private behind = false;
  /** Volume observed since the last child (participation cap). */
  private volume: number;

  constructor(
    init: RunInit & { readonly request: TwapRequest | VwapRequest },
    schedule: SliceSchedule,
    lastBarVolume: number,
  ) {
    super(init);
    const { request } = init;
    this.schedule = schedule;
    this.style = request.style ?? { type: 'market' };
    this.priceLimit = request.priceLimit;
    this.maxParticipation = request.maxParticipation;
    this.sweepAtEnd = request.sweepAtEnd === true;
    // The first child may take its share of the bar that just closed.
    this.volume = lastBarVolume;
  }

  begin(now: number): void {
    this.onTime(now);
  }

  override observeVolume(volume: number): void {
    if (volume > 0) this.volume += volume;
  }

  onTime(now: number): void {
    if (this.state !== 'working') return;
    const times = this.schedule.times;
    while (this.due < times.length && times[this.due]! <= now) this.due += 1;
    if (this.ending) this.tryEnd(now);
    else if (now >= this.schedule.endTs) {
      this.ending = true;
      // Slices that fell due since the previous step (a step coarser than the slices) still go out,
      // once; the end is handled when that child ends or at the next step.
      if (this.due > this.given && this.trySlice(now)) return;
      this.tryEnd(now);
    } else if (this.due > this.given || this.behind) this.trySlice(now);
  }

  protected afterChildEnded(_order: Order, now: number): void {
    if (this.ending) this.tryEnd(now);
    else if (this.due > this.given || this.behind) this.trySlice(now);
  }

  protected override scheduleStatus(): Pick<AlgoStatus, 'slicesDue' | 'slices' | 'endTs'> {
    return { slicesDue: this.due, slices: this.schedule.times.length, endTs: this.schedule.endTs };
  }

  /** Working limit children are cancelled; true while any is still open. */
  private cancelLimits(): boolean {
    let open = false;
    for (const [id, child] of this.live) {
      if (!child.limit) continue; // a market child fills soon: its lots count as given
      open = true;
      this.cancelChild(id);
    }
    return open;
  }

  /** Places the child of the slices due; false when nothing went out. */
  private trySlice(now: number): boolean {
    if (now <= this.blockedAt) return false;
    // The unfilled part of an earlier limit slice is carried into this one once its cancel is confirmed.
    if (this.cancelLimits()) return false;
    const target = this.schedule.cum[this.due - 1]!;
    let units = target - this.filledUnits - this.liveUnits();
    if (this.maxParticipation !== undefined) {
      const cap = this.grid.units(this.maxParticipation * this.volume);
      this.behind = cap < units;
      if (this.behind) units = cap;
    }
    if (units < this.grid.minUnits) {
      // Too small to place alone: it joins the next slice (or waits for more volume).
      if (!this.behind) this.given = this.due;
      return false;
    }
    let price: number | undefined;
    if (this.style.type === 'limit') {
      price = peggedPrice(
        this.services.lastPrice(this.symbol),
        this.side,
        this.style.offsetBps,
        this.priceLimit,
      );
      if (Number.isNaN(price)) return false; // no price yet: the next step tries again
    } else if (!this.marketAllowed()) return false;
    this.given = this.due;
    this.volume = 0;
    this.place(units, price);
    return true;
  }

  /** A market slice needs a last price, and waits while it is beyond the price limit. */
  private marketAllowed(): boolean {
    return withinLimit(this.services.lastPrice(this.symbol), this.side, this.priceLimit);
  }

  /**
   * The schedule is over: working limits are cancelled, market children allowed to fill; then what is
   * left is swept with a market order (`sweepAtEnd`) or the parent expires.
   */
  private tryEnd(now: number): void {
    this.cancelLimits();
    if (this.live.size > 0) return;
    const remaining = this.totalUnits - this.filledUnits;
    if (remaining <= 0) return;
    if (this.sweepAtEnd && !this.swept && remaining >= this.grid.minUnits && now > this.blockedAt) {
      if (this.marketAllowed()) {
        this.swept = true;
        this.place(remaining, undefined);
        return;
      }
    }
    this.finish('expired', `the schedule ended with ${this.grid.qty(remaining)} unfilled`);
  }
}
