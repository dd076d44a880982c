/**
 * The simulated venue's account: the venue's own truth, in one settle currency.
 *
 *   wallet = capital + realised PnL − fees + funding
 *
 * Positions per symbol are core `Position`s (applyFillToPosition). Spot holdings are cash spent, so the
 * cash left is wallet − Σ spot qty × entry. Derivative positions hold margin = entry notional / leverage
 * (added on increases, released pro rata on reductions; funding also moves it in isolated mode). The
 * numeric mirrors (`qty`, `entry`, `margin`, `liq`) are typed arrays so the per-bar path reads them cheaply.
 */

import type { Fill } from '../../core/fill.js';
import type { InstrumentId } from '../../core/ids.js';
import type { Instrument } from '../../core/instrument.js';
import { applyFillToPosition, flatPosition, type Position } from '../../core/position.js';
import { liquidationPriceFor } from './liquidation-price.js';
import type { MarginMode } from './types.js';

export interface AccountSettings {
  readonly capital: number;
  readonly currency: string;
  readonly marginMode: MarginMode;
  /** Leverage per symbol index (1 for spot). */
  readonly leverage: Float64Array;
  readonly maintenanceRate: number;
  readonly liquidationFeeRate: number;
}

export class SimAccount {
  readonly settings: AccountSettings;
  readonly instruments: readonly Instrument[];
  readonly cross: boolean;
  wallet: number;
  realizedPnl = 0;
  fees = 0;
  funding = 0;
  /** Bumped on every change of the account (fills, funding): cached liquidation prices go stale. */
  version = 0;
  /** Open derivative positions (cross liquidation prices depend on each other when there are several). */
  openDerivatives = 0;
  readonly positions: Position[];
  readonly qty: Float64Array;
  readonly entry: Float64Array;
  readonly margin: Float64Array;
  /** Cached liquidation prices (NaN flat or spot) and the account version they were computed at. */
  readonly liq: Float64Array;
  private readonly liqVersion: Float64Array;
  private readonly spot: Uint8Array;

  constructor(instruments: readonly Instrument[], ids: readonly InstrumentId[], settings: AccountSettings) {
    const n = instruments.length;
    this.settings = settings;
    this.instruments = instruments;
    this.cross = settings.marginMode === 'cross';
    this.wallet = settings.capital;
    this.positions = ids.map((id) => flatPosition(id));
    this.qty = new Float64Array(n);
    this.entry = new Float64Array(n);
    this.margin = new Float64Array(n);
    this.liq = new Float64Array(n).fill(Number.NaN);
    this.liqVersion = new Float64Array(n).fill(-1);
    this.spot = Uint8Array.from(instruments, (inst) => (inst.kind === 'spot' ? 1 : 0));
  }

  isSpot(i: number): boolean {
    return this.spot[i] === 1;
  }

  /** Books a fill: position, realised PnL, fee, margin. */
  applyFill(i: number, fill: Fill): void {
    const inst = this.instruments[i]!;
    const before = this.positions[i]!;
    const after = applyFillToPosition(before, inst, fill);
    const realized = after.realizedPnl - before.realizedPnl;
    this.positions[i] = after;
    this.realizedPnl += realized;
    this.fees += fill.fee;
    this.wallet += realized - fill.fee;
    const q0 = before.qty;
    const q1 = after.qty;
    this.qty[i] = q1;
    this.entry[i] = after.avgEntryPrice;
    if (!this.isSpot(i)) {
      const lev = this.settings.leverage[i]!;
      const fillSign = fill.side === 'buy' ? 1 : -1;
      if (q0 === 0 || Math.sign(q0) === fillSign)
        this.margin[i]! += notional(inst, fill.qty, fill.price) / lev;
      else if (q1 === 0) this.margin[i] = 0;
      else if (Math.sign(q1) === Math.sign(q0)) this.margin[i]! *= Math.abs(q1) / Math.abs(q0);
      else this.margin[i] = notional(inst, q1, fill.price) / lev; // flipped: only the new side holds margin
      if (q0 === 0 && q1 !== 0) this.openDerivatives++;
      else if (q0 !== 0 && q1 === 0) this.openDerivatives--;
    }
    this.version++;
  }

  /** Books a funding payment (`amount` received, negative = paid) on symbol i. */
  applyFunding(i: number, amount: number): void {
    this.wallet += amount;
    this.funding += amount;
    // Isolated positions pay funding out of (and receive it into) their own margin, as on Binance/OKX.
    if (!this.cross) this.margin[i] = Math.max(0, this.margin[i]! + amount);
    this.version++;
  }

  /** Unrealised PnL of symbol i at `price`. */
  unrealized(i: number, price: number): number {
    const q = this.qty[i]!;
    if (q === 0) return 0;
    const inst = this.instruments[i]!;
    const e = this.entry[i]!;
    return inst.inverse ? q * inst.contractValue * (1 / e - 1 / price) : q * inst.contractValue * (price - e);
  }

  /** Cash not spent on spot holdings: wallet − Σ spot qty × entry. */
  cash(): number {
    let cash = this.wallet;
    for (let i = 0; i < this.qty.length; i++) if (this.spot[i] === 1) cash -= this.qty[i]! * this.entry[i]!;
    return cash;
  }

  /**
   * What new exposure may use: cash + unrealised PnL of derivatives − their margin (cross), or cash − the
   * margin held by isolated positions (isolated).
   */
  available(last: Float64Array): number {
    let free = this.cash();
    for (let i = 0; i < this.qty.length; i++) {
      if (this.spot[i] === 1 || this.qty[i] === 0) continue;
      free -= this.margin[i]!;
      if (this.cross) free += this.unrealized(i, last[i]!);
    }
    return free;
  }

  /** wallet + unrealised PnL of every position at `last`. */
  equity(last: Float64Array): number {
    let equity = this.wallet;
    for (let i = 0; i < this.qty.length; i++) if (this.qty[i] !== 0) equity += this.unrealized(i, last[i]!);
    return equity;
  }

  /**
   * The liquidation price of symbol i, recomputed when the account changed since it was cached or, in
   * cross mode with several positions, every time (the others' prices move).
   */
  liquidationPrice(i: number, last: Float64Array): number {
    if (this.liqVersion[i] === this.version && !(this.cross && this.openDerivatives > 1)) return this.liq[i]!;
    const q = this.qty[i]!;
    let price = Number.NaN;
    if (q !== 0 && !this.isSpot(i)) {
      const collateral = this.cross ? this.crossCollateral(i, last) : this.margin[i]!;
      price = liquidationPriceFor(
        this.instruments[i]!,
        q,
        this.entry[i]!,
        collateral,
        this.settings.maintenanceRate,
      );
    }
    this.liq[i] = price;
    this.liqVersion[i] = this.version;
    return price;
  }

  /**
   * What backs position i in cross mode: cash + the other derivative positions' unrealised PnL − their
   * maintenance margins, all at their last prices.
   */
  crossCollateral(i: number, last: Float64Array): number {
    const m = this.settings.maintenanceRate;
    let collateral = this.cash();
    for (let j = 0; j < this.qty.length; j++) {
      if (j === i || this.spot[j] === 1 || this.qty[j] === 0) continue;
      const price = last[j]!;
      collateral += this.unrealized(j, price) - m * notional(this.instruments[j]!, this.qty[j]!, price);
    }
    return collateral;
  }
}

/** |qty| contracts at `price` in the settle currency. */
export function notional(inst: Instrument, qty: number, price: number): number {
  const q = Math.abs(qty) * inst.contractValue;
  return inst.inverse ? q / price : q * price;
}
