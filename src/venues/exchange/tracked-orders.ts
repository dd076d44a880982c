/**
 * The orders an exchange venue tracks, found by our client order id or the venue's id: which of them a
 * report is about (an attached algo order's reports concern its venue-held children), what is still in
 * flight, and forgetting what ended long ago.
 */

import { attachedLegOf } from '../../core/attached-ids.js';
import { trackedLegs } from './attached-legs.js';
import type { TrackedOrder } from './tracked-order.js';

export class TrackedOrders {
  readonly #byClientId = new Map<string, TrackedOrder>();
  readonly #byVenueId = new Map<string, TrackedOrder>();

  get(clientOrderId: string): TrackedOrder | undefined {
    return this.#byClientId.get(clientOrderId);
  }

  has(clientOrderId: string | undefined): boolean {
    return clientOrderId !== undefined && this.#byClientId.has(clientOrderId);
  }

  add(tracked: TrackedOrder): void {
    this.#byClientId.set(tracked.clientOrderId, tracked);
    this.indexVenueId(tracked);
  }

  /**
   * Finds the order by its venue id from now on. Never a venue-held child: its venue id is the attached
   * algo order's, shared with its sibling, so only our client order id tells them apart.
   */
  indexVenueId(tracked: TrackedOrder): void {
    if (tracked.venueOrderId !== undefined && tracked.venueHeld !== true)
      this.#byVenueId.set(tracked.venueOrderId, tracked);
  }

  find(clientOrderId: string | undefined, venueId: string): TrackedOrder | undefined {
    if (clientOrderId !== undefined) {
      const tracked = this.#byClientId.get(clientOrderId);
      if (tracked !== undefined) return tracked;
    }
    return venueId === '' ? undefined : this.#byVenueId.get(venueId);
  }

  /** The venue-held children of an attached algo order, by its client id; empty for any other id. */
  legs(clientOrderId: string | undefined): TrackedOrder[] {
    return trackedLegs(this.#byClientId, clientOrderId);
  }

  /** The other working children of the attached algo order a venue-held child belongs to. */
  siblingsOf(tracked: TrackedOrder): TrackedOrder[] {
    const leg = attachedLegOf(tracked.clientOrderId);
    if (leg === undefined) return [];
    return this.legs(leg.algo).filter((t) => t !== tracked && !t.ended);
  }

  /** Orders sent whose outcome is not known yet. */
  inFlight(): string[] {
    return [...this.#byClientId.values()]
      .filter((t) => t.inFlightSince !== undefined && !t.ended)
      .map((t) => t.clientOrderId);
  }

  /** Forgets orders that ended before `cutoff` (and have no operation pending); how many. */
  prune(cutoff: number, busy: (clientOrderId: string) => boolean): number {
    let forgotten = 0;
    for (const [id, tracked] of this.#byClientId) {
      if (!tracked.ended || tracked.endedAt === undefined || tracked.endedAt > cutoff || busy(id)) continue;
      this.#byClientId.delete(id);
      if (tracked.venueOrderId !== undefined && this.#byVenueId.get(tracked.venueOrderId) === tracked)
        this.#byVenueId.delete(tracked.venueOrderId);
      forgotten += 1;
    }
    return forgotten;
  }
}
