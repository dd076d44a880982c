/**
 * A paper account for a trading session: the paper venue (the backtester's fill model against the live
 * tape), with what a session needs on top of it:
 * - trade ids unique across sessions (`<session tag>-<id>`), because fills are keyed by trade id in the
 *   journal and a restarted paper venue counts from 1 again;
 * - a restart rebuilt from the journal: every fill of the account booked back into the simulated account
 *   (cash, positions, margin), and the orders that were working sent to it again;
 * - funding journaled as it is settled (payments, and how far the funding clock got while a position was
 *   held or before a fill), so a restart books the payments again and pays no funding time twice.
 */

import type { Fill } from '../core/fill.js';
import type { ClientOrderId, InstrumentId } from '../core/ids.js';
import { tradeId } from '../core/ids.js';
import type { Candle, Trade } from '../core/market.js';
import type { Order } from '../core/order.js';
import type { ExecutionVenue, FundingPaid, OrderChanges, VenueListener } from '../engine/venue.js';
import { PaperVenue, type PaperVenueOptions } from '../venues/paper/index.js';
import type { BarDrivenVenue } from './market-driver.js';

const symbolOf = (id: InstrumentId): string => id.slice(id.indexOf(':') + 1);

/** Where a paper account's funding is journaled (the session's `Journal`). */
export interface FundingLog {
  fundingPaid(event: FundingPaid): void;
  fundingSettled(symbol: string, through: number): void;
}

export class PaperAccount implements ExecutionVenue, BarDrivenVenue {
  readonly exchange: string;
  readonly paper: PaperVenue;
  /** Per symbol: the last funding time settled, the last one journaled, payments not yet followed by one. */
  readonly #settledThrough = new Map<string, number>();
  readonly #written = new Map<string, number>();
  readonly #paidSinceWrite = new Set<string>();

  constructor(
    options: PaperVenueOptions,
    /** Distinguishes this process's trade ids from earlier sessions' (e.g. the start time in base 36). */
    private readonly sessionTag: string,
    private readonly fundingLog?: FundingLog,
  ) {
    this.paper = new PaperVenue(options);
    this.exchange = this.paper.exchange;
    if (fundingLog !== undefined)
      this.paper.onFundingSettled((symbol, through) => this.#settled(symbol, through));
  }

  /**
   * The funding clock of `symbol` got past `through`. Journaled only when it matters to a restart: when a
   * payment was made or a position is held (a restored position must not pay these times again). While
   * flat nothing is written (a flat account would otherwise write a row per funding time, forever); the
   * first fill after that writes how far the clock got first (`#catchUp`), so a position opened after
   * flat funding times is never charged them after a restart.
   */
  #settled(symbol: string, through: number): void {
    this.#settledThrough.set(symbol, through);
    const paid = this.#paidSinceWrite.delete(symbol);
    if (paid || this.paper.snapshot().positions.some((p) => p.symbol === symbol && p.qty !== 0))
      this.#writeSettled(symbol);
  }

  /** Before a fill is journaled: the funding times passed while flat are settled for good. */
  #catchUp(symbol: string): void {
    this.#writeSettled(symbol);
  }

  #writeSettled(symbol: string): void {
    const through = this.#settledThrough.get(symbol);
    if (through === undefined || !(through > (this.#written.get(symbol) ?? Number.NEGATIVE_INFINITY))) return;
    this.#written.set(symbol, through);
    this.fundingLog?.fundingSettled(symbol, through);
  }

  setListener(listener: VenueListener): void {
    this.paper.setListener((event) => {
      if (event.type === 'OrderFilled') {
        this.#catchUp(symbolOf(event.fill.instrumentId));
        listener({
          ...event,
          fill: { ...event.fill, tradeId: tradeId(`${this.sessionTag}-${event.fill.tradeId}`) },
        });
      } else if (event.type === 'PositionLiquidated') {
        this.#catchUp(symbolOf(event.fill.instrumentId));
        listener({
          ...event,
          fill: { ...event.fill, tradeId: tradeId(`${this.sessionTag}-${event.fill.tradeId}`) },
        });
      } else {
        // Journaled here, synchronously, so a payment's row always precedes its `settled` row.
        if (event.type === 'FundingPaid') {
          this.fundingLog?.fundingPaid(event);
          this.#paidSinceWrite.add(symbolOf(event.instrumentId));
        }
        listener(event);
      }
    });
  }

  submit(order: Order): void {
    this.paper.submit(order);
  }

  cancel(clientOrderId: ClientOrderId): void {
    this.paper.cancel(clientOrderId);
  }

  amend(clientOrderId: ClientOrderId, changes: OrderChanges): void {
    this.paper.amend(clientOrderId, changes);
  }

  onCandle(symbol: string, candle: Candle, closeTs: number): boolean {
    return this.paper.onCandle(symbol, candle, closeTs);
  }

  onTrade(trade: Trade): boolean {
    return this.paper.onTrade(trade);
  }

  lastPrice(symbol: string): number {
    return this.paper.lastPrice(symbol);
  }

  /** Books a journal fill back into the simulated account (no event). */
  restoreFill(fill: Fill): void {
    this.paper.restoreFill(fill);
  }

  /** Books a journaled funding payment back into the simulated account (no event). */
  restoreFunding(symbol: string, amount: number): void {
    this.paper.restoreFunding(symbol, amount);
  }

  /** The funding times up to `through` were settled before the restart: never paid again. */
  skipFundingThrough(symbol: string, through: number): void {
    this.paper.skipFundingThrough(symbol, through);
    // Journaled already: written again only once the clock gets past it.
    this.#written.set(symbol, Math.max(through, this.#written.get(symbol) ?? through));
  }
}
