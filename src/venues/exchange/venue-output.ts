/**
 * What every part of the exchange venue reports through: events to the kernel (each followed by the
 * runner's wake-up, so it drains them), the rejection of an order we gave up on, the venue's clock and
 * its logger.
 */

import type { ClientOrderId } from '../../core/ids.js';
import type { VenueEvent, VenueListener } from '../../engine/venue.js';
import type { Logger } from '../../logging/index.js';
import { endTracked, type TrackedOrder } from './tracked-order.js';

/** The fields every per-order kernel event carries. */
export interface EventStamp {
  clientOrderId: ClientOrderId;
  tsEvent: number;
  tsInit: number;
}

export class VenueOutput {
  private listener: VenueListener = () => {};

  constructor(
    private readonly clock: { now(): number },
    private readonly notify: () => void,
    private readonly logger: Logger | undefined,
  ) {}

  setListener(listener: VenueListener): void {
    this.listener = listener;
  }

  now(): number {
    return this.clock.now();
  }

  emit(event: VenueEvent): void {
    this.listener(event);
    this.notify();
  }

  stamp(tracked: TrackedOrder, tsEvent = this.now()): EventStamp {
    return { clientOrderId: tracked.clientOrderId, tsEvent, tsInit: this.now() };
  }

  /** Ends the order as rejected (or never placed): a later execution of it is kept as external. */
  reject(tracked: TrackedOrder, reason: string): void {
    endTracked(tracked, this.now());
    tracked.rejected = true;
    tracked.inFlightSince = undefined;
    this.emit({ type: 'OrderRejected', ...this.stamp(tracked), reason });
  }

  log(level: 'warn' | 'error', details: object, message: string): void {
    this.logger?.[level](details, message);
  }
}
