/**
 * The fills and funding payments of a run, in columns (no object per event), and what is built from them
 * on demand: the fill log, and the trades through metrics/trade-book.ts's `TradeBook` itself (the kernel's
 * own round-trip accounting), replayed in the original order of fills and payments.
 */

import type { Instrument } from '../../core/instrument.js';
import { TradeBook, type TradeBookResult } from '../metrics/index.js';
import { F64List } from './f64-list.js';
import type { FastFill } from './types.js';

/** Bar index, signed qty (> 0 buy), price, fee. */
const FILL_STRIDE = 4;
/** Fills before the payment, amount. */
const FUNDING_STRIDE = 2;

export class FillRecord {
  readonly #times: Float64Array;
  readonly #fills: F64List;
  readonly #funding = new F64List(64);

  /**
   * `times[bar]`: the time stamped on a fill of that bar (its open, or its close for close fills).
   * `expectedFills` sizes the columns up front (a sweep passes the previous trials' count: growing
   * from small costs a chain of copies and garbage per trial).
   */
  constructor(times: Float64Array, expectedFills = 256) {
    this.#times = times;
    this.#fills = new F64List(Math.max(256, Math.ceil(expectedFills * 1.25)) * FILL_STRIDE);
  }

  get fills(): number {
    return this.#fills.length / FILL_STRIDE;
  }

  /** Records the bar, not its time: the time column is cold in the bar loop (a cache miss per fill). */
  fill(bar: number, signedQty: number, price: number, fee: number): void {
    const list = this.#fills;
    list.push(bar);
    list.push(signedQty);
    list.push(price);
    list.push(fee);
  }

  funding(amount: number): void {
    this.#funding.push(this.fills);
    this.#funding.push(amount);
  }

  fillLog(): FastFill[] {
    const out: FastFill[] = [];
    const list = this.#fills;
    for (let at = 0; at < list.length; at += FILL_STRIDE) {
      const signed = list.at(at + 1);
      out.push({
        ts: this.#times[list.at(at)]!,
        side: signed > 0 ? 'buy' : 'sell',
        qty: Math.abs(signed),
        price: list.at(at + 2),
        fee: list.at(at + 3),
      });
    }
    return out;
  }

  /**
   * The run's trades: the fills and payments through a TradeBook, closed at `mark` at `endTs`. A fill's
   * reason (a trade's exit reason) is its order's tag: `buyTag` or `sellTag`.
   */
  trades(inst: Instrument, endTs: number, mark: number, buyTag: string, sellTag: string): TradeBookResult {
    const book = new TradeBook();
    const fills = this.#fills;
    const funding = this.#funding;
    let payment = 0;
    const payUpTo = (fillCount: number) => {
      while (payment < funding.length && funding.at(payment) <= fillCount) {
        book.funding(inst.symbol, funding.at(payment + 1));
        payment += FUNDING_STRIDE;
      }
    };
    for (let at = 0; at < fills.length; at += FILL_STRIDE) {
      payUpTo(at / FILL_STRIDE);
      const signed = fills.at(at + 1);
      book.fill({
        symbol: inst.symbol,
        side: signed > 0 ? 'buy' : 'sell',
        qty: Math.abs(signed),
        price: fills.at(at + 2),
        fee: fills.at(at + 3),
        ts: this.#times[fills.at(at)]!,
        contractValue: inst.contractValue,
        inverse: inst.inverse,
        reason: signed > 0 ? buyTag : sellTag,
      });
    }
    payUpTo(Number.POSITIVE_INFINITY);
    return book.finish(endTs, () => mark);
  }
}
