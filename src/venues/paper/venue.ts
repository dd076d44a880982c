/**
 * The paper venue: an in-process `ExecutionVenue` that fills against the live (or replayed) market with the
 * backtester's own fill model — it wraps a `SimulatedVenue` and feeds it from market events, so a paper run
 * and a backtest on the same candles produce the same fills (DESIGN.md §1.1). See README.md.
 *
 * - A closed candle of a symbol's finest series is the simulated venue's bar, exactly as in a backtest.
 * - A trade print is a one-point bar (open = high = low = close = price, volume = qty, ts = closeTs = the
 *   trade's time), so orders fill on the tape between candles.
 * - The venue never matches the same stretch of time twice: a candle that starts before the end of the
 *   last candle matched, or at or before the last trade matched, is not matched (its path was already
 *   traded through print by print); a trade before the last matched candle's close or the last trade
 *   matched is late and not matched either. Both are still market data for the strategies.
 *
 * Hot path: `onTrade` does one map lookup, two comparisons and the simulated venue's `onBarFrom` on a
 * reused bar object: no allocation unless an order fills.
 */

import type { Fill } from '../../core/fill.js';
import type { ClientOrderId } from '../../core/ids.js';
import type { Candle, Trade } from '../../core/market.js';
import type { Order } from '../../core/order.js';
import type { ExecutionVenue, OrderChanges, VenueListener } from '../../engine/venue.js';
import {
  type SimulatedAccountSnapshot,
  SimulatedVenue,
  type SimulatedVenueOptions,
  type VenueBar,
} from '../simulated/index.js';

/** The same options as the simulated venue: fees, slippage, fill timing, leverage, margin, funding. */
export type PaperVenueOptions = SimulatedVenueOptions;

export class PaperVenue implements ExecutionVenue {
  readonly exchange: string;
  private readonly sim: SimulatedVenue;
  private readonly indexOf = new Map<string, number>();
  /** Per symbol: close time of the last candle matched (−Infinity before the first). */
  private readonly candleEnd: Float64Array;
  /** Per symbol: time of the last trade matched (−Infinity before the first). */
  private readonly lastTrade: Float64Array;
  /** The bar handed to the simulated venue, reused (read at once, never kept). */
  private readonly bar: VenueBar = { ts: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, closeTs: 0 };

  constructor(options: PaperVenueOptions) {
    this.sim = new SimulatedVenue(options);
    this.exchange = this.sim.exchange;
    for (const inst of options.instruments) this.indexOf.set(inst.symbol, this.sim.symbolIndex(inst.symbol));
    this.candleEnd = new Float64Array(options.instruments.length).fill(Number.NEGATIVE_INFINITY);
    this.lastTrade = new Float64Array(options.instruments.length).fill(Number.NEGATIVE_INFINITY);
  }

  // ExecutionVenue: straight to the simulated venue (same checks, same events, same ids).

  setListener(listener: VenueListener): void {
    this.sim.setListener(listener);
  }

  submit(order: Order): void {
    this.sim.submit(order);
  }

  cancel(clientOrderId: ClientOrderId): void {
    this.sim.cancel(clientOrderId);
  }

  amend(clientOrderId: ClientOrderId, changes: OrderChanges): void {
    this.sim.amend(clientOrderId, changes);
  }

  // Market data in.

  /** True when the venue trades `symbol`. */
  trades(symbol: string): boolean {
    return this.indexOf.has(symbol);
  }

  /**
   * A closed candle of `symbol`'s finest series, closing at `closeTs`. Matches it as the backtest's bar
   * and returns true, or returns false when the venue does not trade the symbol or already matched time
   * the candle covers (see the file comment).
   */
  onCandle(symbol: string, candle: Candle, closeTs: number): boolean {
    const i = this.indexOf.get(symbol);
    if (i === undefined) return false;
    const ts = candle.ts;
    if (ts < this.candleEnd[i]! || ts <= this.lastTrade[i]!) return false;
    const bar = this.bar;
    bar.ts = ts;
    bar.open = candle.open;
    bar.high = candle.high;
    bar.low = candle.low;
    bar.close = candle.close;
    bar.volume = candle.volume;
    bar.closeTs = closeTs;
    this.sim.onBarFrom(i, bar);
    this.candleEnd[i] = closeTs;
    return true;
  }

  /**
   * A public trade print: matched as a one-point bar at its time. Returns false (nothing matched) for a
   * symbol the venue does not trade, a print without a positive finite price, or a late print.
   */
  onTrade(trade: Trade): boolean {
    const i = this.indexOf.get(trade.symbol);
    if (i === undefined) return false;
    const t = trade.tsEvent;
    const price = trade.price;
    if (!(price > 0 && price < Number.POSITIVE_INFINITY)) return false;
    if (t < this.candleEnd[i]! || t < this.lastTrade[i]!) return false;
    const bar = this.bar;
    bar.ts = t;
    bar.open = price;
    bar.high = price;
    bar.low = price;
    bar.close = price;
    // A print without a usable size counts as none (the volume cap then lets nothing through).
    bar.volume = trade.qty >= 0 ? trade.qty : 0;
    bar.closeTs = t;
    this.sim.onBarFrom(i, bar);
    this.lastTrade[i] = t;
    return true;
  }

  // The account, as the simulated venue keeps it.

  /** The last matched price of `symbol` (a candle's close or a trade's price); NaN before any. */
  lastPrice(symbol: string): number {
    const i = this.indexOf.get(symbol);
    return i === undefined ? Number.NaN : this.sim.lastPrice(i);
  }

  /** wallet + unrealised PnL at the last prices. */
  equity(): number {
    return this.sim.equity();
  }

  /** Wallet, positions, margin and available balance (what an exchange would report). */
  snapshot(): SimulatedAccountSnapshot {
    return this.sim.snapshot();
  }

  /** Books a fill from before a restart into the account without an event (a paper account's recovery). */
  restoreFill(fill: Fill): void {
    this.sim.restoreFill(fill);
  }

  /** Books a funding payment from before a restart without an event (a paper account's recovery). */
  restoreFunding(symbol: string, amount: number): void {
    this.sim.restoreFunding(symbol, amount);
  }

  /** Marks the symbol's funding times up to `through` as settled before a restart (never paid twice). */
  skipFundingThrough(symbol: string, through: number): void {
    this.sim.skipFundingThrough(symbol, through);
  }

  /** Told the last funding time settled for a symbol (paid, or passed while flat). */
  onFundingSettled(listener: (symbol: string, through: number) => void): void {
    this.sim.onFundingSettled(listener);
  }
}
