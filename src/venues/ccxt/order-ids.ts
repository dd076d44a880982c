/**
 * Which venue ids belong to which of our orders. Needed because stop and trailing orders live twice at
 * the venue: OKX and Binance file the algo order under its own id (OKX `algoId` / `algoClOrdId`, Binance
 * `algoId` / `clientAlgoId`), and when it triggers it places a plain child order (OKX `ordId` with
 * `linkedAlgoOrd.algoId`, Binance `actualOrderId` / `ai`) whose fills carry only the child's ids. Reports
 * of the child are filed under our client order id and the algo's id — the id the kernel was given.
 *
 * Attached stop-loss / take-profit (OKX `attachAlgoOrds`) are one algo order at the venue for two of the
 * kernel's children; which leg an order it placed belongs to is learnt from the algo record
 * (`actualSide`, `ordId`), see `noteFiredLeg`.
 *
 * Bounded: the oldest entries go first once `capacity` orders are known (a long session keeps trading).
 */

export interface KnownOrder {
  readonly clientOrderId: string;
  conditional?: boolean;
  venueOrderId?: string;
}

export class OrderIdBook {
  readonly #byClientId = new Map<string, KnownOrder>();
  readonly #byVenueId = new Map<string, KnownOrder>();
  readonly #parentOfChild = new Map<string, string>();
  /** Order placed by a triggered attached algo order → the kernel's child (leg) it fills. */
  readonly #legOfOrder = new Map<string, string>();

  constructor(private readonly capacity = 20_000) {}

  /** Records what we know of one of our orders (merged with what was known). */
  note(clientOrderId: string, facts: { conditional?: boolean; venueOrderId?: string }): void {
    let known = this.#byClientId.get(clientOrderId);
    if (known === undefined) {
      known = { clientOrderId };
      this.#byClientId.set(clientOrderId, known);
      this.#trim();
    }
    if (facts.conditional !== undefined) known.conditional = facts.conditional;
    if (facts.venueOrderId !== undefined && facts.venueOrderId !== '') {
      known.venueOrderId = facts.venueOrderId;
      this.#byVenueId.set(facts.venueOrderId, known);
    }
  }

  /** A triggered algo order placed `childId`. */
  noteChild(parentVenueId: string, childId: string): void {
    if (childId === '' || parentVenueId === '' || childId === parentVenueId) return;
    this.#parentOfChild.set(childId, parentVenueId);
    if (this.#parentOfChild.size > this.capacity)
      this.#parentOfChild.delete(this.#parentOfChild.keys().next().value!);
  }

  /** A triggered attached algo order placed `orderId` for the kernel's child `legId`. */
  noteFiredLeg(orderId: string, legId: string): void {
    if (orderId === '') return;
    this.#legOfOrder.set(orderId, legId);
    if (this.#legOfOrder.size > this.capacity) this.#legOfOrder.delete(this.#legOfOrder.keys().next().value!);
  }

  /** The kernel's child an order placed by an attached algo order fills, once learnt. */
  legOfOrder(orderId: string | undefined): string | undefined {
    return orderId === undefined ? undefined : this.#legOfOrder.get(orderId);
  }

  get(clientOrderId: string): KnownOrder | undefined {
    return this.#byClientId.get(clientOrderId);
  }

  /** The order a venue id (its own, or a child's) belongs to. */
  byVenueId(venueId: string | undefined): KnownOrder | undefined {
    if (venueId === undefined || venueId === '') return undefined;
    const parent = this.#parentOfChild.get(venueId);
    return this.#byVenueId.get(parent ?? venueId);
  }

  #trim(): void {
    while (this.#byClientId.size > this.capacity) {
      const [oldestId, oldest] = this.#byClientId.entries().next().value!;
      this.#byClientId.delete(oldestId);
      if (oldest.venueOrderId !== undefined) this.#byVenueId.delete(oldest.venueOrderId);
    }
  }
}
