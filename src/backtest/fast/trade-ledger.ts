/**
 * The run's round trips reduced to what the metrics need while the bars run: the open trade in scalar
 * fields, with `TradeBook`'s exact arithmetic (metrics/trade-book.ts: same sums in the same order, same
 * flip fee split, same epsilon), and `tradeStats`' running sums over each closed trade's net PnL, in exit
 * order. Nothing is stored per trade: a 1m year can close 20,000 trades per sweep trial, and the trade
 * objects are built only when asked, by replaying the fills through TradeBook itself (see `replayTrades`).
 * trade-ledger.test.ts checks the PnLs and statistics against TradeBook and tradeStats.
 */

import { POSITION_QTY_EPSILON } from '../../core/position.js';
import { finiteOrNull } from '../metrics/json-number.js';

/** `tradeStats` (metrics/trade-stats.ts) fields. */
export interface LedgerStats {
  readonly trades: number;
  readonly winRate: number | null;
  readonly profitFactor: number | null;
  readonly expectancy: number | null;
}

export class TradeLedger {
  readonly #cv: number;
  readonly #inverse: boolean;
  // The open trade; direction 0 = none.
  #direction: 1 | -1 | 0 = 0;
  #open = 0;
  #entryValue = 0;
  #exitValue = 0;
  #fees = 0;
  #funding = 0;
  // tradeStats' sums, in trade order.
  #count = 0;
  #wins = 0;
  #losses = 0;
  #grossProfit = 0;
  #grossLoss = 0;
  #total = 0;

  constructor(contractValue: number, inverse: boolean) {
    this.#cv = contractValue;
    this.#inverse = inverse;
  }

  get isOpen(): boolean {
    return this.#direction !== 0;
  }

  fill(sign: 1 | -1, qty: number, price: number, fee: number): void {
    if (this.#direction === 0) {
      this.#openTrade(sign, qty, price, fee);
      return;
    }
    if (this.#direction === sign) {
      this.#open += qty;
      this.#entryValue += this.#valueOf(qty, price);
      this.#fees += fee;
      return;
    }
    const open = this.#open;
    const remainder = qty - open;
    if (remainder < -open * POSITION_QTY_EPSILON) {
      this.#open -= qty;
      this.#exitValue += this.#valueOf(qty, price);
      this.#fees += fee;
      return;
    }
    if (remainder <= open * POSITION_QTY_EPSILON) {
      this.#close(price, fee);
      return;
    }
    // Flip: the closing part takes its share of the fee, the rest opens the next trade.
    const closeFee = (fee * open) / qty;
    this.#close(price, closeFee);
    this.#openTrade(sign, remainder, price, fee - closeFee);
  }

  /** Funding received (negative = paid), attributed to the open trade; ignored when flat. */
  funding(amount: number): void {
    if (this.#direction !== 0) this.#funding += amount;
  }

  /** Closes what is still open at `mark` (no fee: TradeBook's end-of-data exit). */
  finish(mark: number): void {
    if (this.#direction !== 0) this.#close(mark, 0);
  }

  /** `tradeStats` of the closed trades. */
  stats(): LedgerStats {
    const count = this.#count;
    return {
      trades: count,
      winRate: count === 0 ? null : this.#wins / count,
      profitFactor: this.#losses === 0 ? null : finiteOrNull(this.#grossProfit / this.#grossLoss),
      expectancy: count === 0 ? null : finiteOrNull(this.#total / count),
    };
  }

  #valueOf(qty: number, price: number): number {
    return this.#inverse ? qty / price : qty * price;
  }

  #openTrade(direction: 1 | -1, qty: number, price: number, fee: number): void {
    this.#direction = direction;
    this.#open = qty;
    this.#entryValue = this.#valueOf(qty, price);
    this.#exitValue = 0;
    this.#fees = fee;
    this.#funding = 0;
  }

  #close(price: number, fee: number): void {
    const direction = this.#direction;
    const exitValue = this.#exitValue + this.#valueOf(this.#open, price);
    const fees = this.#fees + fee;
    const gross = this.#inverse
      ? direction * this.#cv * (this.#entryValue - exitValue)
      : direction * this.#cv * (exitValue - this.#entryValue);
    const pnl = gross - fees + this.#funding;
    this.#direction = 0;
    this.#count += 1;
    this.#total += pnl;
    if (pnl > 0) {
      this.#wins += 1;
      this.#grossProfit += pnl;
    } else if (pnl < 0) {
      this.#losses += 1;
      this.#grossLoss -= pnl;
    }
  }
}
