/**
 * Turns fills into round-trip trades, per symbol: a trade opens when the position leaves flat and closes
 * when it is flat again; a fill that crosses zero (flip) closes one trade and opens the next.
 *
 * - qty: the largest absolute position held during the trade, contracts.
 * - entryPrice / exitPrice: average of the increasing / reducing fills, quantity-weighted — arithmetic for
 *   linear contracts, harmonic for inverse ones (as `core/position.ts`, so PnL stays additive over fills).
 * - Gross PnL is what the position realised: linear Σ(sells q·p) − Σ(buys q·p), inverse
 *   Σ(buys q/p) − Σ(sells q/p), times contractValue. That equals tradedQty × cv × (exit − entry) signed
 *   (or × (1/entry − 1/exit) for inverse), where tradedQty is the total entered (= total exited); it
 *   equals `qty` × … unless the trade was added to after a partial close, in which case only the traded
 *   quantity gives the PnL the account actually saw.
 * - fees: every fee of the trade; a flip fill's fee is split by quantity between the closing and the
 *   opening part. pnl = gross − fees + funding (net).
 * - A reducing fill within POSITION_QTY_EPSILON (relative) of the open quantity closes the trade exactly,
 *   like `applyFillToPosition`.
 */

import { QuantLabError } from '../../core/errors.js';
import { POSITION_QTY_EPSILON } from '../../core/position.js';
import type { BacktestTrade } from '../types.js';

export interface TradeBookFill {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Contracts, > 0. */
  readonly qty: number;
  readonly price: number;
  /** Paid (positive) or rebate (negative), settle currency. */
  readonly fee: number;
  readonly ts: number;
  readonly contractValue: number;
  readonly inverse: boolean;
  /** Why the fill happened (`signal`, `stop-loss`, `liquidation` …); default `signal`. */
  readonly reason?: string;
}

export interface TradeDetail {
  /** Funding received (negative = paid) while the trade was open. */
  funding: number;
  exitReason: string;
}

export interface TradeBookResult {
  /** In exit-time order; ties in entry order. */
  trades: BacktestTrade[];
  /** Aligned with `trades`. */
  details: TradeDetail[];
}

interface OpenTrade {
  readonly symbol: string;
  /** +1 long, −1 short. */
  readonly direction: 1 | -1;
  /** Opening order across symbols, for ties on exit time. */
  readonly seq: number;
  readonly entryTime: number;
  readonly contractValue: number;
  readonly inverse: boolean;
  /** Contracts open now (absolute). */
  open: number;
  maxQty: number;
  entryQty: number;
  /** Σ q·p (linear) or Σ q/p (inverse) of the increasing fills. */
  entryValue: number;
  exitQty: number;
  exitValue: number;
  fees: number;
  funding: number;
}

interface ClosedTrade {
  readonly seq: number;
  readonly trade: BacktestTrade;
  readonly detail: TradeDetail;
}

const DEFAULT_REASON = 'signal';
const END_OF_DATA = 'end-of-data';

export class TradeBook {
  readonly #open = new Map<string, OpenTrade>();
  readonly #closed: ClosedTrade[] = [];
  #seq = 0;

  fill(f: TradeBookFill): void {
    validateFill(f);
    const sign = f.side === 'buy' ? 1 : -1;
    const trade = this.#open.get(f.symbol);
    if (trade === undefined) {
      this.#openTrade(f, sign, f.qty, f.fee);
      return;
    }
    if (trade.direction === sign) {
      trade.open += f.qty;
      trade.entryQty += f.qty;
      trade.entryValue += priceWeight(trade.inverse, f.qty, f.price);
      trade.fees += f.fee;
      if (trade.open > trade.maxQty) trade.maxQty = trade.open;
      return;
    }
    const remainder = f.qty - trade.open;
    if (remainder < -trade.open * POSITION_QTY_EPSILON) {
      // Partial close.
      trade.open -= f.qty;
      trade.exitQty += f.qty;
      trade.exitValue += priceWeight(trade.inverse, f.qty, f.price);
      trade.fees += f.fee;
      return;
    }
    if (remainder <= trade.open * POSITION_QTY_EPSILON) {
      this.#close(trade, f.price, f.fee, f.ts, f.reason ?? DEFAULT_REASON);
      return;
    }
    // Flip: the closing part takes its share of the fee, the rest opens the next trade.
    const closeFee = (f.fee * trade.open) / f.qty;
    this.#close(trade, f.price, closeFee, f.ts, f.reason ?? DEFAULT_REASON);
    this.#openTrade(f, sign, remainder, f.fee - closeFee);
  }

  /** Funding received (negative = paid) on `symbol`: attributed to its open trade, ignored when flat. */
  funding(symbol: string, amount: number): void {
    const trade = this.#open.get(symbol);
    if (trade !== undefined) trade.funding += amount;
  }

  /** Whether `symbol` has an open trade. */
  isOpen(symbol: string): boolean {
    return this.#open.has(symbol);
  }

  /**
   * Closes what is still open at `mark(symbol)` (mark-to-market exit at `ts`, reason `end-of-data`, no
   * fee) and returns all trades in exit-time order (ties: entry order). The book is flat afterwards.
   */
  finish(ts: number, mark: (symbol: string) => number): TradeBookResult {
    for (const trade of [...this.#open.values()]) {
      const price = mark(trade.symbol);
      if (!(price > 0) || !Number.isFinite(price)) {
        throw new QuantLabError(
          'QL_ERR_INVALID_INPUT',
          `No usable mark for ${trade.symbol} to close its open trade at the end of the data: ${price}.`,
          { details: { symbol: trade.symbol, mark: price } },
        );
      }
      this.#close(trade, price, 0, ts, END_OF_DATA);
    }
    const ordered = [...this.#closed].sort((a, b) => a.trade.exitTime - b.trade.exitTime || a.seq - b.seq);
    return { trades: ordered.map((c) => c.trade), details: ordered.map((c) => c.detail) };
  }

  #openTrade(f: TradeBookFill, direction: 1 | -1, qty: number, fee: number): void {
    this.#seq += 1;
    this.#open.set(f.symbol, {
      symbol: f.symbol,
      direction,
      seq: this.#seq,
      entryTime: f.ts,
      contractValue: f.contractValue,
      inverse: f.inverse,
      open: qty,
      maxQty: qty,
      entryQty: qty,
      entryValue: priceWeight(f.inverse, qty, f.price),
      exitQty: 0,
      exitValue: 0,
      fees: fee,
      funding: 0,
    });
  }

  /** Closes the whole remaining quantity of `trade` at `price`. */
  #close(trade: OpenTrade, price: number, fee: number, ts: number, reason: string): void {
    const exitQty = trade.exitQty + trade.open;
    const exitValue = trade.exitValue + priceWeight(trade.inverse, trade.open, price);
    const fees = trade.fees + fee;
    // Flat to flat: entered = exited, so the difference of the value sums is the realised PnL.
    const gross = trade.inverse
      ? trade.direction * trade.contractValue * (trade.entryValue - exitValue)
      : trade.direction * trade.contractValue * (exitValue - trade.entryValue);
    this.#open.delete(trade.symbol);
    this.#closed.push({
      seq: trade.seq,
      trade: {
        symbol: trade.symbol,
        side: trade.direction === 1 ? 'long' : 'short',
        qty: trade.maxQty,
        entryTime: trade.entryTime,
        entryPrice: averagePrice(trade.inverse, trade.entryQty, trade.entryValue),
        exitTime: ts,
        exitPrice: averagePrice(trade.inverse, exitQty, exitValue),
        pnl: gross - fees + trade.funding,
        fees,
      },
      detail: { funding: trade.funding, exitReason: reason },
    });
  }
}

/** What an average price is built from: q·p (linear) or q/p (inverse, harmonic mean). */
function priceWeight(inverse: boolean, qty: number, price: number): number {
  return inverse ? qty / price : qty * price;
}

function averagePrice(inverse: boolean, qty: number, value: number): number {
  return inverse ? qty / value : value / qty;
}

function validateFill(f: TradeBookFill): void {
  const problems: string[] = [];
  if (f.side !== 'buy' && f.side !== 'sell') problems.push(`side ${String(f.side)} is not buy or sell`);
  if (!(f.qty > 0) || !Number.isFinite(f.qty)) problems.push(`qty ${f.qty} is not a finite number > 0`);
  if (!(f.price > 0) || !Number.isFinite(f.price))
    problems.push(`price ${f.price} is not a finite number > 0`);
  if (!Number.isFinite(f.fee)) problems.push(`fee ${f.fee} is not finite`);
  if (!Number.isFinite(f.ts)) problems.push(`ts ${f.ts} is not finite`);
  if (!(f.contractValue > 0) || !Number.isFinite(f.contractValue))
    problems.push(`contractValue ${f.contractValue} is not a finite number > 0`);
  if (problems.length > 0) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `Invalid fill for ${f.symbol}: ${problems.join('; ')}.`, {
      details: { symbol: f.symbol, problems },
    });
  }
}
