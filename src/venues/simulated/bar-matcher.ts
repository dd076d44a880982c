/**
 * Matching one bar of one symbol. Each working order eligible on the bar (bar ts ≥ its eligibleFrom) gets
 * the path position of its next event (market fill, limit touch, stop or trailing trigger) and the open
 * position gets the position where the path reaches its liquidation price. Events are processed in path
 * order (orders before the liquidation on a tie, orders in submission order); after every fill the
 * liquidation price is recomputed, and reduce-only sizes are taken from the position at fill time.
 *
 * Only called when the symbol has working orders or an open position; the flat, order-less bar never
 * gets here. Reuses one BarPath; allocates only the events it emits.
 */

import { roundQty } from '../../core/precision.js';
import { BarPath } from './bar-path.js';
import { expireWorkingOrder, fillUpTo, takerFill } from './fills.js';
import { liquidatePosition } from './liquidation.js';
import type { VenueState } from './state.js';
import { scanTrailingStop } from './trailing.js';
import type { VenueBar } from './types.js';
import { EventKind, type WorkingOrder } from './working-order.js';

const NONE = Number.POSITIVE_INFINITY;

export class BarMatcher {
  private readonly st: VenueState;
  private readonly path = new BarPath();
  /** Serial of the bar being matched: volume caps are per order and per bar. */
  private barSeq = 0;

  constructor(st: VenueState) {
    this.st = st;
  }

  /** Matches symbol i's book on `bar` (read at once, never kept: the caller reuses the object). */
  run(i: number, bar: VenueBar): void {
    const st = this.st;
    const account = st.account;
    this.path.set(bar.ts, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.closeTs);
    this.barSeq++;
    const book = st.books[i]!;
    // Orders added while this bar is matched (a re-entrant listener) wait for the next bar.
    const n = book.length;
    for (let k = 0; k < n; k++) this.firstEvent(book[k]!);
    let liquidationAt = this.liquidationPosition(i, 0);
    let version = account.version;
    for (;;) {
      let next: WorkingOrder | undefined;
      let pos = NONE;
      for (let k = 0; k < n; k++) {
        const order = book[k]!;
        if (order.evPos < pos) {
          pos = order.evPos;
          next = order;
        }
      }
      if (next !== undefined && pos <= liquidationAt) this.process(next, pos);
      else if (liquidationAt <= 3) {
        pos = liquidationAt;
        liquidatePosition(st, i, this.path, pos);
      } else break;
      if (account.version !== version) {
        version = account.version;
        liquidationAt = this.liquidationPosition(i, pos);
      }
    }
    this.endBar(book, n);
  }

  /** Where the path reaches the liquidation price of symbol i from position `from` (NONE if it does not). */
  private liquidationPosition(i: number, from: number): number {
    const account = this.st.account;
    const qty = account.qty[i]!;
    if (qty === 0) return NONE;
    const level = account.liquidationPrice(i, this.st.last);
    // NaN (spot), 0 for a long and Infinity for a short mean it cannot be liquidated.
    if (qty > 0) return level > 0 ? this.path.firstAtOrBelow(level, from) : NONE;
    return level < NONE ? this.path.firstAtOrAbove(level, from) : NONE;
  }

  /** The order's first event on this bar, from the bar's open. */
  private firstEvent(order: WorkingOrder): void {
    const path = this.path;
    order.evPos = NONE;
    order.evKind = EventKind.None;
    if (order.closed || path.ts < order.eligibleFrom) return;
    if (order.actsAsMarket()) {
      order.evKind = EventKind.Market;
      order.evPos = this.st.closeMode ? 3 : 0;
      order.evPrice = this.st.closeMode ? path.close : path.open;
    } else if (order.actsAsLimit()) {
      if (order.isImmediate() && !order.seenBar) {
        order.evKind = EventKind.ImmediateAtOpen;
        order.evPos = 0;
      } else {
        order.evKind = EventKind.LimitTouch;
        order.evPos = this.limitTouch(order, 0);
      }
    } else if (order.type === 'trailing-stop') {
      order.evKind = EventKind.TrailingTrigger;
      order.evPos = scanTrailingStop(order, path, false);
    } else {
      order.evKind = EventKind.StopTrigger;
      order.evPos = order.triggerRising
        ? path.firstAtOrAbove(order.trigger, 0)
        : path.firstAtOrBelow(order.trigger, 0);
      // A bar that opens beyond the trigger fires at the open, at the open price.
      order.evPrice = order.evPos === 0 ? path.open : order.trigger;
    }
  }

  /** Where a limit is touched from `from`: a buy when the path is ≤ its price, a sell when ≥. */
  private limitTouch(order: WorkingOrder, from: number): number {
    return order.sign > 0
      ? this.path.firstAtOrBelow(order.price, from)
      : this.path.firstAtOrAbove(order.price, from);
  }

  private process(order: WorkingOrder, pos: number): void {
    const path = this.path;
    const kind = order.evKind;
    order.evPos = NONE;
    order.evKind = EventKind.None;
    const ts = path.timeAt(pos);
    switch (kind) {
      case EventKind.Market:
        this.taker(order, order.evPrice, ts);
        return;
      case EventKind.TrailingTrigger:
        // Fired: from now on a market order (its remainder fills like one on later bars).
        order.triggered = true;
        this.taker(order, order.evPrice, ts);
        return;
      case EventKind.ImmediateAtOpen: {
        const crosses = order.sign > 0 ? path.open <= order.price : path.open >= order.price;
        if (crosses) this.taker(order, path.open, ts);
        else expireWorkingOrder(this.st, order, ts);
        return;
      }
      case EventKind.LimitTouch:
        if (pos !== 0) this.maker(order, order.price, ts);
        else if (order.marketable && !order.seenBar) this.taker(order, path.open, ts);
        else this.maker(order, path.open, ts); // opened through the limit: a better price, still resting
        return;
      case EventKind.StopTrigger: {
        order.triggered = true;
        const ref = order.evPrice;
        if (order.type === 'stop-market') this.taker(order, ref, ts);
        else if (order.sign > 0 ? order.price >= ref : order.price <= ref) this.taker(order, ref, ts);
        else {
          // Not marketable at the trigger: rests as a limit, possibly touched later on this path.
          order.evKind = EventKind.LimitTouch;
          order.evPos = this.limitTouch(order, pos);
        }
        return;
      }
    }
  }

  /** The order's volume cap left on this bar (share × bar volume, down to the lot). */
  private capOf(order: WorkingOrder): number {
    if (order.capBar !== this.barSeq) {
      order.capBar = this.barSeq;
      const share = this.st.volumeShare;
      order.capLeft = share > 0 ? roundQty(order.inst, share * this.path.volume) : NONE;
    }
    return order.capLeft;
  }

  private taker(order: WorkingOrder, base: number, ts: number): void {
    const cap = this.capOf(order);
    order.capLeft = cap - takerFill(this.st, order, base, cap, this.path, ts);
  }

  private maker(order: WorkingOrder, price: number, ts: number): void {
    const want = Math.min(order.leaves, this.capOf(order));
    if (want > 0) order.capLeft -= fillUpTo(this.st, order, want, price, true, ts);
  }

  /** Commits trailing stops' best prices, marks first bars as seen, sweeps closed orders. */
  private endBar(book: WorkingOrder[], n: number): void {
    const ts = this.path.ts;
    for (let k = 0; k < n; k++) {
      const order = book[k]!;
      order.evPos = NONE;
      if (order.closed || ts < order.eligibleFrom) continue;
      if (order.type === 'trailing-stop' && !order.triggered) scanTrailingStop(order, this.path, true);
      order.seenBar = true;
    }
    sweepClosed(book);
  }
}

/** Removes closed orders from a book in place. */
export function sweepClosed(book: WorkingOrder[]): void {
  let kept = 0;
  for (let k = 0; k < book.length; k++) {
    const order = book[k]!;
    if (!order.closed) book[kept++] = order;
  }
  if (kept !== book.length) book.length = kept;
}
