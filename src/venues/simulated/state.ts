/**
 * The state the parts of the simulated venue share (intake, matcher, fills, liquidation, funding): the
 * clock, last prices, the order books, the account and the event sink.
 */

import { type InstrumentId, venueOrderId as toVenueOrderId, type VenueOrderId } from '../../core/ids.js';
import { type Instrument, instrumentIdOf } from '../../core/instrument.js';
import type { VenueEvent, VenueListener } from '../../engine/venue.js';
import { SimAccount } from './account.js';
import {
  DEFAULT_LIQUIDATION_FEE_RATE,
  DEFAULT_MAINTENANCE_RATE,
  leverageBySymbol,
  validateOptions,
} from './options.js';
import { type SlippageParams, slippageParams } from './pricing.js';
import type { SimulatedVenueOptions } from './types.js';
import type { WorkingOrder } from './working-order.js';

/** How many ended client order ids a venue remembers to answer late cancels with `order-closed`. */
export const ENDED_ORDERS_REMEMBERED = 100_000;

function ignoreEvent(_event: VenueEvent): void {}

export class VenueState {
  readonly exchange: string;
  readonly instruments: readonly Instrument[];
  readonly instrumentIds: readonly InstrumentId[];
  readonly currency: string;
  /** Market orders fill at the last close inside submit (else at the next eligible open). */
  readonly closeMode: boolean;
  readonly makerRate: number;
  readonly takerRate: number;
  readonly slippage: SlippageParams;
  /** Largest share of a bar's volume one order may take; 0 = no cap. */
  readonly volumeShare: number;
  readonly leverage: Float64Array;
  readonly account: SimAccount;
  /** Close of each symbol's last bar (NaN before its first). */
  readonly last: Float64Array;
  /** The last bar's open, high, low and volume (kept in close mode, for slippage and the volume cap). */
  readonly lastOpen: Float64Array;
  readonly lastHigh: Float64Array;
  readonly lastLow: Float64Array;
  readonly lastVolume: Float64Array;
  /** The venue clock: the closeTs of the last bar processed (max over symbols). */
  now = Number.NEGATIVE_INFINITY;
  /** Working orders per symbol index, in submission order (closed ones are swept after each bar). */
  readonly books: WorkingOrder[][];
  /**
   * Every client order id seen here: its working order, or null once it ended (remembered, so that a late
   * cancel is told `order-closed`, not `unknown-order`). One map changed in place when an order ends: a
   * small map of working orders that empties and refills reallocates its table at nearly every order, and
   * V8 allocates the table of a long-lived map in the old generation (garbage for the next mark-compact).
   */
  readonly orders = new Map<string, WorkingOrder | null>();
  /** Ended ids in the order they ended (a ring), to forget the oldest beyond ENDED_ORDERS_REMEMBERED. */
  private readonly endedIds: string[] = [];
  private nextEnded = 0;
  listener: VenueListener = ignoreEvent;
  /** A bar is being matched: books are not compacted under the matcher's feet. */
  matching = false;
  private orderSeq = 0;
  private tradeSeq = 0;
  private liquidationSeq = 0;

  constructor(options: SimulatedVenueOptions) {
    validateOptions(options);
    const n = options.instruments.length;
    this.exchange = options.exchange;
    this.instruments = [...options.instruments];
    this.instrumentIds = this.instruments.map((inst) => instrumentIdOf(inst));
    this.currency = options.account.currency;
    this.closeMode = options.fill === 'close';
    this.makerRate = options.fees.maker;
    this.takerRate = options.fees.taker;
    this.slippage = slippageParams(options.slippage);
    this.volumeShare = options.maxVolumeShare ?? 0;
    this.leverage = leverageBySymbol(options);
    this.account = new SimAccount(this.instruments, this.instrumentIds, {
      capital: options.account.capital,
      currency: options.account.currency,
      marginMode: options.account.marginMode ?? 'cross',
      leverage: this.leverage,
      maintenanceRate: options.account.maintenanceRate ?? DEFAULT_MAINTENANCE_RATE,
      liquidationFeeRate: options.account.liquidationFeeRate ?? DEFAULT_LIQUIDATION_FEE_RATE,
    });
    this.last = new Float64Array(n).fill(Number.NaN);
    this.lastOpen = new Float64Array(n).fill(Number.NaN);
    this.lastHigh = new Float64Array(n).fill(Number.NaN);
    this.lastLow = new Float64Array(n).fill(Number.NaN);
    this.lastVolume = new Float64Array(n).fill(Number.NaN);
    this.books = this.instruments.map(() => []);
  }

  emit(event: VenueEvent): void {
    this.listener(event);
  }

  /** The clock for an event outside a bar: `now`, or `fallback` before the first bar. */
  clock(fallback: number): number {
    return Number.isFinite(this.now) ? this.now : fallback;
  }

  nextVenueOrderId(): VenueOrderId {
    this.orderSeq++;
    return toVenueOrderId(`sim-${this.orderSeq}`);
  }

  nextTradeId(): string {
    this.tradeSeq++;
    return `sim-t-${this.tradeSeq}`;
  }

  nextLiquidationId(): string {
    this.liquidationSeq++;
    return `liq${this.liquidationSeq}`;
  }

  /** The working order with this client order id, if any. */
  workingOrder(clientOrderId: string): WorkingOrder | undefined {
    return this.orders.get(clientOrderId) ?? undefined;
  }

  /** True when the order ended here (and is still remembered). */
  hasEnded(clientOrderId: string): boolean {
    return this.orders.get(clientOrderId) === null;
  }

  /** Marks an order as ended: no longer working, remembered as closed. */
  endOrder(order: WorkingOrder): void {
    order.closed = true;
    order.evPos = Number.POSITIVE_INFINITY;
    const id = order.clientOrderId;
    if (this.orders.get(id) === null) return;
    this.orders.set(id, null);
    // Bounded (a paper account runs for months): the oldest ids are forgotten first.
    const slot = this.nextEnded;
    this.nextEnded = (slot + 1) % ENDED_ORDERS_REMEMBERED;
    const oldest = this.endedIds[slot];
    if (oldest !== undefined && this.orders.get(oldest) === null) this.orders.delete(oldest);
    this.endedIds[slot] = id;
  }

  /** The fee rate for a liquidity side. */
  feeRate(maker: boolean): number {
    return maker ? this.makerRate : this.takerRate;
  }
}
