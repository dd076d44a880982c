/**
 * Iceberg: one visible limit child of at most `displayQty` at a time; when it fills, the next is placed
 * at once, until the total is done. A refused child (under `skip`) or a child that could not be priced
 * yet is tried again at the next time step.
 */

import type { Order } from '../../core/order.js';
import { AlgoRun, type RunInit } from './algo-run.js';
import { peggedPrice } from './child-price.js';
import type { IcebergRequest } from './types.js';

export class IcebergRun extends AlgoRun {
  private readonly displayUnits: number;
  private readonly price: number | undefined;
  private readonly offsetBps: number;
  private readonly priceLimit: number | undefined;

  constructor(init: RunInit & { readonly request: IcebergRequest }) {
    super(init);
    const { request } = init;
    this.displayUnits = this.grid.units(request.displayQty);
    this.price = request.price;
    this.offsetBps = request.offsetBps ?? 0;
    this.priceLimit = request.priceLimit;
  }

  begin(now: number): void {
    this.placeNext(now);
  }

  onTime(now: number): void {
    if (this.state === 'working' && this.live.size === 0) this.placeNext(now);
  }

  protected afterChildEnded(_order: Order, now: number): void {
    if (this.live.size === 0) this.placeNext(now);
  }

  /**
   * The next visible size: the display, unless that would leave a tail below the minimum size (which
   * could never be placed): then the tail is made the minimum by showing less now, and only when even
   * that cannot work is the rest shown at once (more than the display, the only way to finish).
   */
  visibleUnits(remaining: number): number {
    const display = this.displayUnits;
    const min = this.grid.minUnits;
    if (remaining <= display) return remaining;
    if (remaining - display >= min) return display;
    if (remaining - min >= min) return remaining - min;
    return remaining;
  }

  private placeNext(now: number): void {
    if (now <= this.blockedAt) return;
    const remaining = this.totalUnits - this.filledUnits - this.liveUnits();
    if (remaining <= 0) return;
    const price =
      this.price ??
      peggedPrice(this.services.lastPrice(this.symbol), this.side, this.offsetBps, this.priceLimit);
    if (Number.isNaN(price)) return; // no price yet: the next step tries again
    this.place(this.visibleUnits(remaining), price);
  }
}
