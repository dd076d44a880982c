/**
 * The account of a fast-path run: one symbol, one settle currency, with the kernel's arithmetic.
 * - Position as `applyFillToPosition` (core/position.ts); wallet += (realised after − before) − fee as
 *   engine/portfolio.ts and the venue account; so wallet, position and equity are bit-identical.
 * - The venue's order checks at submission (venues/simulated/order-checks.ts: minimum size and notional,
 *   spot short, cash or initial margin against `available`) and its cuts at fill time (fills.ts
 *   `allowedQty`: reduce-only and spot sells to the position, spot buys to the cash), with the margin
 *   each position holds tracked as the venue account does.
 * Fills and payments are recorded in columns (no object per event); objects are built only when asked
 * (fill-record.ts).
 */

import { type Instrument, quoteNotional } from '../../core/instrument.js';
import { POSITION_QTY_EPSILON, pnlFor } from '../../core/position.js';
import { stepTolerance } from '../../core/precision.js';
import { FillRecord } from './fill-record.js';
import type { LotGrid } from './lot-grid.js';
import { TradeLedger } from './trade-ledger.js';

/**
 * Relative distance from the liquidation price at which a run is handed to the kernel. The fast path
 * does not model liquidations; the margin keeps a bar path that comes close (the venue walks open →
 * extremes → close and may use the mark) from liquidating in the kernel where the fast path saw nothing.
 */
export const LIQUIDATION_SLACK = 0.01;

export interface AccountOptions {
  readonly instrument: Instrument;
  readonly capital: number;
  readonly currency: string;
  readonly taker: number;
  /** Fixed slippage as a fraction of the price (bps × 1e-4). */
  readonly slippage: number;
  readonly leverage: number;
  readonly marginMode: 'cross' | 'isolated';
  readonly maintenanceRate: number;
}

/** |qty| contracts at `price` in the settle currency (venues/simulated/account.ts `notional`). */
function notional(inst: Instrument, qty: number, price: number): number {
  const q = Math.abs(qty) * inst.contractValue;
  return inst.inverse ? q / price : q * price;
}

export class FastAccount {
  /** Wallet: capital + realised − fees + funding (engine/portfolio.ts). */
  wallet: number;
  fees = 0;
  funding = 0;
  /** Signed contracts held (the account position of core/position.ts). */
  qty = 0;
  /** Average entry price; 0 when flat. */
  entry = 0;
  /** Realised PnL before fees, cumulative (the position's running total, for identical rounding). */
  realizedPnl = 0;
  /** Initial margin the venue holds for the position (derivatives): entry notional / leverage. */
  margin = 0;
  readonly book: TradeLedger;
  /** Every fill and funding payment, for the fill log and the trades built on demand. */
  readonly record: FillRecord;
  /** Orders the venue refused, by reason key (as the kernel's `rejectedOrders`). */
  readonly rejected: Record<string, number> = {};
  /**
   * Adverse-price bounds of the open position: a long's path at or below `liqLow`, or a short's at or
   * above `liqHigh`, is handed to the kernel. ±Infinity when flat.
   */
  liqLow = Number.NEGATIVE_INFINITY;
  liqHigh = Number.POSITIVE_INFINITY;
  readonly #o: AccountOptions;
  readonly #inst: Instrument;
  readonly #grid: LotGrid;
  readonly #spot: boolean;
  readonly #cross: boolean;
  readonly #open: Float64Array;
  readonly #close: Float64Array;
  /** The accepted order waiting for its fill (signed, 0 = none). */
  pendingQty = 0;
  pendingReduceOnly = false;

  /**
   * `open`/`close`: the bars' prices, read here by bar index (see CrossDecision on why prices are not
   * passed). `fillTimes[bar]` is the time of a fill on that bar: its open time, or its close time for
   * close fills.
   */
  constructor(
    options: AccountOptions,
    grid: LotGrid,
    open: Float64Array,
    close: Float64Array,
    fillTimes: Float64Array,
    expectedFills?: number,
  ) {
    this.#open = open;
    this.#close = close;
    this.#o = options;
    this.#inst = options.instrument;
    this.#grid = grid;
    this.#spot = options.instrument.kind === 'spot';
    this.#cross = options.marginMode === 'cross';
    this.wallet = options.capital;
    this.book = new TradeLedger(options.instrument.contractValue, options.instrument.inverse);
    this.record = new FillRecord(fillTimes, expectedFills);
  }

  /** Equity marked at `price` (engine/portfolio.ts: the wallet alone when flat). */
  equityAt(price: number): number {
    if (this.qty === 0) return this.wallet;
    return this.wallet + pnlFor(this.#inst, this.qty, this.entry, price);
  }

  /** What new exposure may use (SimAccount.available): cash − margin held (+ upnl in cross mode). */
  available(last: number): number {
    let free = this.#spot ? this.wallet - this.qty * this.entry : this.wallet;
    if (!this.#spot && this.qty !== 0) {
      free -= this.margin;
      if (this.#cross) free += pnlFor(this.#inst, this.qty, this.entry, last);
    }
    return free;
  }

  /**
   * Submits the order `decision` holds at the close of `bar`: the venue's verdict is counted in `rejected`
   * when it refuses it; an accepted order waits in `pendingQty` for its fill. Returns whether accepted.
   */
  submit(decision: { readonly qty: number; readonly reduceOnly: boolean }, bar: number): boolean {
    const key = this.#rejection(decision.qty, decision.reduceOnly, this.#close[bar]!);
    if (key !== undefined) {
      this.rejected[key] = (this.rejected[key] ?? 0) + 1;
      return false;
    }
    this.pendingQty = decision.qty;
    this.pendingReduceOnly = decision.reduceOnly;
    return true;
  }

  #rejection(signedQty: number, reduceOnly: boolean, last: number): string | undefined {
    const inst = this.#inst;
    const qty = Math.abs(signedQty);
    // validateOrderQty (core/precision.ts): minimum size in lot units, then the minimum notional at `last`.
    if (inst.minSize > 0) {
      const units = qty / inst.lotSize;
      if (units < inst.minSize / inst.lotSize - stepTolerance(units)) return 'min-size';
    }
    if (
      inst.minNotional !== undefined &&
      inst.minNotional > 0 &&
      quoteNotional(inst, qty, last) < inst.minNotional * (1 - 1e-12)
    )
      return 'min-size';
    const sign = signedQty > 0 ? 1 : -1;
    const position = this.qty;
    const opposite = position !== 0 && Math.sign(position) !== sign;
    if (reduceOnly && !opposite) return 'reduce-only-no-position';
    if (this.#spot && sign < 0 && !(position > 0)) return 'spot-short';
    const available = this.available(last);
    const slack = Math.abs(available) * 1e-12;
    if (this.#spot) {
      if (sign < 0) return undefined;
      return qty * last > available + slack ? 'insufficient-balance' : undefined;
    }
    // Only the part beyond closing an opposite position opens new exposure and needs initial margin.
    const opening = reduceOnly ? 0 : opposite ? Math.max(0, qty - Math.abs(position)) : qty;
    if (opening <= 0) return undefined;
    // A flip first closes the opposite position, freeing its margin (and, isolated, realising its PnL).
    let freed = 0;
    if (opposite) {
      const share = Math.min(qty, Math.abs(position)) / Math.abs(position);
      freed = this.margin * share + (this.#cross ? 0 : pnlFor(inst, position, this.entry, last) * share);
    }
    return notional(inst, opening, last) / this.#o.leverage > available + freed + slack
      ? 'insufficient-margin'
      : undefined;
  }

  /**
   * Executes the pending order at bar `bar`'s open (or close) plus the fixed slippage, after the venue's
   * cuts (fills.ts `allowedQty`). Returns whether it filled (a cut to nothing cancels the order).
   */
  fillPending(bar: number, atClose: boolean): boolean {
    const signedQty = this.pendingQty;
    const reduceOnly = this.pendingReduceOnly;
    this.pendingQty = 0;
    return this.#fill(signedQty, reduceOnly, atClose ? this.#close[bar]! : this.#open[bar]!, bar);
  }

  #fill(signedQty: number, reduceOnly: boolean, basePrice: number, bar: number): boolean {
    const inst = this.#inst;
    const sign = signedQty > 0 ? 1 : -1;
    const price = basePrice * (1 + sign * this.#o.slippage);
    const rate = this.#o.taker;
    let qty = Math.abs(signedQty);
    if (reduceOnly || (this.#spot && sign < 0)) {
      const position = this.qty;
      if (position === 0 || Math.sign(position) === sign) return false;
      qty = Math.min(qty, Math.abs(position));
    }
    if (this.#spot && sign > 0) {
      const cash = this.available(Number.NaN);
      if (qty * price * (1 + rate) > cash) {
        const afford = cash > 0 ? this.#grid.down(cash / (price * (1 + rate))) : 0;
        if (afford <= 0 || afford < inst.minSize) return false;
        qty = Math.min(qty, afford);
      }
    }
    const fee = notional(inst, qty, price) * rate;
    const q0 = this.qty;
    const before = this.realizedPnl;
    this.#applyToPosition(sign, qty, price);
    // engine/portfolio.ts: wallet += (realised after − realised before) − fee.
    this.fees += fee;
    this.wallet += this.realizedPnl - before - fee;
    if (!this.#spot) this.#updateMargin(q0, sign, qty, price);
    this.book.fill(sign, qty, price, fee);
    this.record.fill(bar, sign * qty, price, fee);
    this.updateLiquidationBounds();
    return true;
  }

  /** The venue account's margin bookkeeping (venues/simulated/account.ts `applyFill`). */
  #updateMargin(q0: number, sign: 1 | -1, qty: number, price: number): void {
    const q1 = this.qty;
    const lev = this.#o.leverage;
    if (q0 === 0 || Math.sign(q0) === sign) this.margin += notional(this.#inst, qty, price) / lev;
    else if (q1 === 0) this.margin = 0;
    else if (Math.sign(q1) === Math.sign(q0)) this.margin *= Math.abs(q1) / Math.abs(q0);
    else this.margin = notional(this.#inst, q1, price) / lev;
  }

  /**
   * `applyFillToPosition` (core/position.ts) on the numbers alone, same operations in the same order:
   * the core function builds a new position object (and fee map) per fill, which costs more than the
   * rest of a sweep trial's fills together. account.test.ts checks it against the core function.
   */
  #applyToPosition(sign: 1 | -1, qty: number, price: number): void {
    const inst = this.#inst;
    const q = this.qty;
    const openQty = Math.abs(q);
    if (q === 0 || Math.sign(q) === sign) {
      this.entry =
        openQty === 0
          ? price
          : inst.inverse
            ? (openQty + qty) / (openQty / this.entry + qty / price)
            : (openQty * this.entry + qty * price) / (openQty + qty);
      this.qty = q + sign * qty;
      return;
    }
    const epsilon = openQty * POSITION_QTY_EPSILON;
    const closeQty = Math.min(qty, openQty);
    this.realizedPnl = this.realizedPnl + pnlFor(inst, Math.sign(q) * closeQty, this.entry, price);
    const remainder = qty - openQty;
    if (Math.abs(remainder) <= epsilon) {
      this.qty = 0;
      this.entry = 0;
    } else if (remainder < 0) {
      this.qty = q + sign * qty;
    } else {
      this.qty = sign * remainder;
      this.entry = price;
    }
  }

  /**
   * A funding payment at `mark` (venues/simulated/funding.ts): −qty × cv × mark × rate (linear) or
   * −qty × cv / mark × rate (inverse); a long pays a positive rate. Isolated positions pay it out of
   * their margin.
   */
  payFunding(rate: number, mark: number): void {
    const q = this.qty;
    if (q === 0 || !Number.isFinite(rate)) return;
    const inst = this.#inst;
    const value = inst.inverse ? (q * inst.contractValue) / mark : q * inst.contractValue * mark;
    const amount = -value * rate;
    this.wallet += amount;
    this.funding += amount;
    if (!this.#cross) this.margin = Math.max(0, this.margin + amount);
    this.book.funding(amount);
    this.record.funding(amount);
    this.updateLiquidationBounds();
  }

  /**
   * Recomputes the adverse-price bounds after the position, the wallet or the margin changed: the venue's
   * liquidation price (liquidation-price.ts; collateral = the wallet in cross mode, the position's margin
   * in isolated mode), moved LIQUIDATION_SLACK toward the position.
   */
  updateLiquidationBounds(): void {
    this.liqLow = Number.NEGATIVE_INFINITY;
    this.liqHigh = Number.POSITIVE_INFINITY;
    const q = this.qty;
    if (q === 0 || this.#spot) return;
    const inst = this.#inst;
    const entry = this.entry;
    const m = this.#o.maintenanceRate;
    const size = Math.abs(q) * inst.contractValue;
    const collateral = this.#cross ? this.wallet : this.margin;
    if (!(collateral > 0)) {
      // Nothing backs the position: any price liquidates.
      if (q > 0) this.liqLow = Number.POSITIVE_INFINITY;
      else this.liqHigh = Number.NEGATIVE_INFINITY;
      return;
    }
    if (q > 0) {
      const price = inst.inverse
        ? ((1 + m) * size) / (collateral + size / entry)
        : Math.max(0, (entry - collateral / size) / (1 - m));
      this.liqLow = price * (1 + LIQUIDATION_SLACK);
    } else {
      const denominator = size / entry - collateral;
      const price = inst.inverse
        ? denominator <= 0
          ? Number.POSITIVE_INFINITY
          : ((1 - m) * size) / denominator
        : (entry + collateral / size) / (1 + m);
      this.liqHigh = price * (1 - LIQUIDATION_SLACK);
    }
  }
}
