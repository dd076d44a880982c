/**
 * The account of a fast-path run: one symbol, one settle currency, with the kernel's arithmetic. Fills
 * update the position as `applyFillToPosition` does and the wallet moves by (realised difference − fee)
 * exactly as `engine/portfolio.ts` does it, so wallet, position and equity stay bit-identical to the
 * kernel's. Fills and payments are recorded in columns (no object per event); objects are built only
 * when asked (fill-record.ts).
 */

import { type Instrument, settleNotional } from '../../core/instrument.js';
import { POSITION_QTY_EPSILON, pnlFor } from '../../core/position.js';
import { FillRecord } from './fill-record.js';
import type { LotGrid } from './lot-grid.js';
import { TradeLedger } from './trade-ledger.js';

/**
 * Relative distance from the liquidation price at which a run is handed to the kernel. The fast path
 * does not model liquidations; the margin keeps a kernel whose liquidation price differs slightly (fees
 * to close, another margin figure) from liquidating where the fast path saw nothing.
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
  readonly book: TradeLedger;
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
  /** Every fill and funding payment, for the fill log and the trades built on demand. */
  readonly record: FillRecord;

  /** `fillTimes[bar]` is the time of a fill on that bar: its open time, or its close time for close fills. */
  constructor(options: AccountOptions, grid: LotGrid, fillTimes: Float64Array, expectedFills?: number) {
    this.record = new FillRecord(fillTimes, expectedFills);
    this.#o = options;
    this.#inst = options.instrument;
    this.#grid = grid;
    this.#spot = options.instrument.kind === 'spot';
    this.wallet = options.capital;
    this.book = new TradeLedger(options.instrument.contractValue, options.instrument.inverse);
  }

  /** Equity marked at `price` (engine/portfolio.ts: the wallet alone when flat). */
  equityAt(price: number): number {
    if (this.qty === 0) return this.wallet;
    return this.wallet + pnlFor(this.#inst, this.qty, this.entry, price);
  }

  /**
   * Executes a market order of `signedQty` contracts at `basePrice` (bar `bar`'s open or close) plus the
   * fixed slippage. A spot buy is cut to what the cash pays for, fee included, and cancelled below the minimum
   * size. Returns whether it filled.
   */
  fill(signedQty: number, basePrice: number, bar: number): boolean {
    const inst = this.#inst;
    const buy = signedQty > 0;
    const price = buy ? basePrice * (1 + this.#o.slippage) : basePrice * (1 - this.#o.slippage);
    let qty = Math.abs(signedQty);
    if (this.#spot && buy) {
      const affordable = this.wallet / (inst.contractValue * price * (1 + this.#o.taker));
      const cap = Number.isFinite(affordable) && affordable > 0 ? this.#grid.down(affordable) : 0;
      if (cap < qty) qty = cap;
      if (!(qty > 0) || qty < inst.minSize) return false;
    }
    const fee = Math.abs(settleNotional(inst, qty, price)) * this.#o.taker;
    const before = this.realizedPnl;
    this.#applyToPosition(buy ? 1 : -1, qty, price);
    // engine/portfolio.ts: wallet += (realised after − realised before) − fee.
    this.fees += fee;
    this.wallet += this.realizedPnl - before - fee;
    this.book.fill(buy ? 1 : -1, qty, price, fee);
    this.record.fill(bar, buy ? qty : -qty, price, fee);
    this.updateLiquidationBounds();
    return true;
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

  /** A funding payment at `mark`: a long pays a positive rate (venue.ts FundingPaid). */
  payFunding(rate: number, mark: number): void {
    const q = this.qty;
    if (q === 0) return;
    const amount = -(settleNotional(this.#inst, q, mark) * rate);
    this.funding += amount;
    this.wallet += amount;
    this.book.funding(amount);
    this.record.funding(amount);
    this.updateLiquidationBounds();
  }

  /**
   * Margin an order needs beyond what it closes, against what is available: required = new exposure ×
   * notional / leverage; available = equity − margin still held by the part of the position it leaves.
   * True when the venue could refuse it (the run then goes to the kernel).
   */
  marginShort(signedQty: number, price: number, equity: number): boolean {
    if (this.#spot) return false;
    const q = this.qty;
    const qty = Math.abs(signedQty);
    const opposite = q !== 0 && Math.sign(q) !== Math.sign(signedQty);
    const newQty = opposite ? Math.max(0, qty - Math.abs(q)) : qty;
    if (newQty === 0) return false;
    const kept = opposite ? Math.max(0, Math.abs(q) - qty) : Math.abs(q);
    const L = this.#o.leverage;
    const required = Math.abs(settleNotional(this.#inst, newQty, price)) / L;
    const held = kept === 0 ? 0 : Math.abs(settleNotional(this.#inst, kept, this.entry)) / L;
    return required > equity - held;
  }

  /**
   * Recomputes the adverse-price bounds after the position or (cross) the wallet changed: core/margin.ts's
   * liquidation price with margin = the wallet (cross) or entry notional / leverage (isolated), moved
   * LIQUIDATION_SLACK toward the position.
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
    const margin =
      this.#o.marginMode === 'cross'
        ? this.wallet
        : Math.abs(settleNotional(inst, q, entry)) / this.#o.leverage;
    if (!(margin > 0)) {
      // No margin left: any price liquidates.
      if (q > 0) this.liqLow = Number.POSITIVE_INFINITY;
      else this.liqHigh = Number.NEGATIVE_INFINITY;
      return;
    }
    if (q > 0) {
      const price = inst.inverse
        ? ((1 + m) * size) / (margin + size / entry)
        : Math.max(0, (entry - margin / size) / (1 - m));
      this.liqLow = price * (1 + LIQUIDATION_SLACK);
    } else {
      const denominator = size / entry - margin;
      const price = inst.inverse
        ? denominator <= 0
          ? Number.POSITIVE_INFINITY
          : ((1 - m) * size) / denominator
        : (entry + margin / size) / (1 + m);
      this.liqHigh = price * (1 - LIQUIDATION_SLACK);
    }
  }
}
