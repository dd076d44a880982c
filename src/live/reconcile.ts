/**
 * Reconciliation (DESIGN.md §1.3): make what we believe match what the venue holds, before any new order
 * at start, then periodically and after every reconnect.
 *
 * 1. Each of our working or in-flight orders is queried by client order id; what changed while we were
 *    not looking (fills, cancels) becomes the missing events, through the same venue code as live news.
 *    Those events can create orders (an entry that filled while we were down gets its venue-held
 *    stop-loss / take-profit, which may have fired too): the step repeats until it finds no order it has
 *    not queried, so that their fills land under them before step 2 could call them external.
 * 2. Recent executions are pulled per symbol: fills of ours we missed are applied (de-duplicated by trade
 *    id); fills of orders we never placed are kept as `external`.
 * 3. Open orders at the venue that are not ours are adopted, marked external.
 * 4. Positions are compared per symbol; a difference is adopted as an `external` position and reported
 *    as drift (an alert), never silently absorbed.
 * Any failure makes the result `ok: false`: the runner then refuses to trade.
 */

import { QuantLabError } from '../core/errors.js';
import { strategyId, clientOrderId as toClientOrderId, venueOrderId } from '../core/ids.js';
import { type Instrument, instrumentIdOf } from '../core/instrument.js';
import { applyOrderEvent, createOrder, type Order } from '../core/order.js';
import type { OrderManager } from '../engine/order-manager.js';
import type { Portfolio } from '../engine/portfolio.js';
import type { ExchangeVenue } from '../venues/exchange/exchange-venue.js';
import type {
  BalanceReport,
  ExchangeClient,
  FillReport,
  OrderStatusReport,
  PositionReport,
} from '../venues/exchange/types.js';

/** Positions and orders found at the venue that Quant Lab did not open are held by this strategy id. */
export const EXTERNAL_STRATEGY = strategyId('external');

export interface PositionDrift {
  readonly symbol: string;
  readonly ours: number;
  readonly venue: number;
}

export interface ReconcileResult {
  readonly ok: boolean;
  readonly error?: string;
  /** Our orders whose state was brought up to date. */
  readonly checkedOrders: number;
  readonly adoptedOrders: readonly string[];
  /** Venue order ids of foreign orders we could not represent (left alone, reported). */
  readonly unadoptable: readonly string[];
  readonly externalFills: number;
  readonly drift: readonly PositionDrift[];
  readonly balances: readonly BalanceReport[];
  readonly positions: readonly PositionReport[];
}

export interface ReconcileOptions {
  readonly client: ExchangeClient;
  readonly venue: ExchangeVenue;
  readonly orders: OrderManager;
  readonly portfolio: Portfolio;
  readonly instruments: readonly Instrument[];
  /** Fills from this time on are pulled (epoch ms). */
  readonly since: number;
  readonly now: () => number;
  /**
   * An execution we did not place (or of an order we gave up on): the runner records it (once per trade
   * id). Its effect on positions is adopted through the position comparison, so it is never counted twice.
   */
  readonly recordExternalFill: (report: FillReport) => void;
  /** Applies the venue events queued so far to the kernel (the orders they create are then queried). */
  readonly drain?: () => void;
}

/** Passes of step 1 at most: each pass queries the orders the previous one's events created. */
const MAX_SYNC_PASSES = 5;

export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const { client, venue, orders, portfolio, instruments } = options;
  const symbols = instruments.map((i) => i.symbol);
  let checkedOrders = 0;
  let externalFills = 0;
  const adoptedOrders: string[] = [];
  const unadoptable: string[] = [];
  try {
    checkedOrders = await syncOurOrders(venue, orders, options.drain);
    for (const symbol of symbols) {
      for (const fill of await client.fetchFills(symbol, options.since)) {
        if (venue.owns(fill)) venue.applyFillReport(fill);
        else {
          options.recordExternalFill(fill);
          externalFills += 1;
        }
      }
    }
    for (const report of await client.fetchOpenOrders(symbols)) {
      if (venue.owns(report)) {
        venue.applyOrderReport(report);
        continue;
      }
      const inst = instruments.find((i) => i.symbol === report.symbol);
      if (inst === undefined) continue;
      let adopted: Order;
      try {
        adopted = adoptExternalOrder(report, inst, options.now());
      } catch {
        unadoptable.push(report.venueOrderId); // a kind of order we cannot represent: reported, left alone
        continue;
      }
      if (orders.get(adopted.clientOrderId) !== undefined) continue;
      orders.restore(adopted, 'external');
      venue.restore(adopted, [], true);
      adoptedOrders.push(report.venueOrderId);
    }
    const positions = await client.fetchPositions(symbols);
    const drift = comparePositions(positions, portfolio, instruments);
    for (const d of drift) {
      // The difference is held externally: Quant Lab's strategies keep exactly what they traded.
      const current = portfolio.position(EXTERNAL_STRATEGY, d.symbol);
      const venuePosition = positions.find((p) => p.symbol === d.symbol);
      portfolio.restorePosition(
        EXTERNAL_STRATEGY,
        d.symbol,
        current.qty + (d.venue - d.ours),
        venuePosition?.avgPrice ?? 0,
      );
    }
    const balances = await client.fetchBalances();
    return { ok: true, checkedOrders, adoptedOrders, unadoptable, externalFills, drift, balances, positions };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: message,
      checkedOrders,
      adoptedOrders,
      unadoptable,
      externalFills,
      drift: [],
      balances: [],
      positions: [],
    };
  }
}

/** Throws QL_ERR_RECONCILIATION_FAILED for a failed result (the runner's start refuses to trade). */
export function assertReconciled(result: ReconcileResult): void {
  if (!result.ok) {
    throw new QuantLabError(
      'QL_ERR_RECONCILIATION_FAILED',
      `Reconciliation with the venue failed (${result.error}); no order will be sent until it succeeds.`,
      { details: { checkedOrders: result.checkedOrders } },
    );
  }
}

/** Step 1: queries our open orders, again for those the answers created, until none is new. */
async function syncOurOrders(
  venue: ExchangeVenue,
  orders: OrderManager,
  drain: (() => void) | undefined,
): Promise<number> {
  const synced = new Set<string>();
  for (let pass = 0; pass < MAX_SYNC_PASSES; pass++) {
    drain?.();
    const due = [...orders.all()].filter(
      (o) => !synced.has(o.clientOrderId) && isOpen(o) && venue.isTracked(o.clientOrderId),
    );
    if (due.length === 0) break;
    for (const order of due) {
      synced.add(order.clientOrderId);
      await venue.syncOrder(order.clientOrderId);
    }
  }
  drain?.();
  return synced.size;
}

function isOpen(order: Order): boolean {
  return (
    order.status === 'Submitted' ||
    order.status === 'Accepted' ||
    order.status === 'PartiallyFilled' ||
    order.status === 'PendingCancel'
  );
}

function comparePositions(
  positions: readonly PositionReport[],
  portfolio: Portfolio,
  instruments: readonly Instrument[],
): PositionDrift[] {
  const drift: PositionDrift[] = [];
  for (const inst of instruments) {
    if (inst.kind === 'spot') continue; // spot holdings are balances, compared by the runner's balance check
    let venue = 0;
    for (const p of positions) if (p.symbol === inst.symbol) venue += p.qty;
    const ours = portfolio.accountPosition(portfolio.symbolIndex(inst.symbol)).qty;
    if (Math.abs(venue - ours) > inst.lotSize / 2) drift.push({ symbol: inst.symbol, ours, venue });
  }
  return drift;
}

/** An order found at the venue that Quant Lab did not place, as a working order of `external`. */
function adoptExternalOrder(report: OrderStatusReport, inst: Instrument, now: number): Order {
  // External ids may be anything: ours must be 1–32 alphanumerics.
  const cleaned = `x${report.venueOrderId}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 32);
  const base = createOrder({
    clientOrderId: toClientOrderId(cleaned),
    strategyId: EXTERNAL_STRATEGY,
    instrumentId: instrumentIdOf(inst),
    side: report.side,
    type: report.type === 'market' ? 'limit' : report.type,
    qty: report.qty,
    ...(report.price === undefined || report.type === 'market'
      ? { price: report.price ?? 1 }
      : { price: report.price }),
    ...(report.triggerPrice === undefined ? {} : { triggerPrice: report.triggerPrice }),
    reduceOnly: report.reduceOnly,
    tsInit: report.tsEvent,
  });
  const submitted = applyOrderEvent(base, {
    type: 'OrderSubmitted',
    clientOrderId: base.clientOrderId,
    tsEvent: now,
    tsInit: now,
  });
  return applyOrderEvent(submitted, {
    type: 'OrderAccepted',
    clientOrderId: base.clientOrderId,
    venueOrderId: venueOrderId(report.venueOrderId),
    tsEvent: report.tsEvent,
    tsInit: now,
  });
}
