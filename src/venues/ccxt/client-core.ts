/**
 * What the client's operations share: the ccxt exchange, the venue profile, the call runner (limiter,
 * classification, retries), the order id book and the report context. Also the rules for finding one of
 * our orders at the venue when it may be a plain or an algo order.
 */

import type { Exchange, Order } from 'ccxt';
import { ExchangeError, type OrderQuery } from '../exchange/types.js';
import type { CallRunner } from './call-runner.js';
import type { OrderIdBook } from './order-ids.js';
import { learnOrderIds, type ReportContext } from './order-report.js';
import { rawOf, rawString } from './raw-fields.js';
import type { VenueProfile } from './venue-profile.js';

export interface ClientCore {
  readonly exchange: Exchange;
  readonly profile: VenueProfile;
  readonly runner: CallRunner;
  readonly ids: OrderIdBook;
  readonly context: ReportContext;
}

/** Plain or algo order: what the query says, else what we learnt, else both are tried (plain first). */
export function orderKinds(core: ClientCore, query: OrderQuery): boolean[] {
  const known = query.conditional ?? core.ids.get(query.clientOrderId)?.conditional;
  if (known !== undefined) return [known && core.profile.algoOrders];
  return core.profile.algoOrders ? [false, true] : [false];
}

/** ccxt's (id, params) naming our order: by client order id, on the algo endpoints when conditional. */
export function orderRef(
  core: ClientCore,
  query: OrderQuery,
  conditional: boolean,
): { id: string; params: Record<string, unknown> } {
  const venueId = core.ids.get(query.clientOrderId)?.venueOrderId;
  // Generic venues: many ccxt classes can only address an order by the venue's id.
  if (!core.profile.algoOrders && venueId !== undefined) return { id: venueId, params: {} };
  return {
    id: venueId ?? '',
    params: { clientOrderId: query.clientOrderId, ...(conditional ? core.profile.algoParams : {}) },
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof ExchangeError && error.kind === 'not-found';
}

/**
 * Runs `attempt` for each possible kind of the order until one does not answer "not found"; the last
 * not-found is rethrown. What the venue answered teaches the id book the order's kind.
 */
export async function tryOrderKinds<T>(
  core: ClientCore,
  query: OrderQuery,
  attempt: (conditional: boolean) => Promise<T>,
): Promise<{ result: T; conditional: boolean }> {
  const kinds = orderKinds(core, query);
  for (let i = 0; ; i++) {
    const conditional = kinds[i]!;
    try {
      const result = await attempt(conditional);
      core.ids.note(query.clientOrderId, { conditional });
      return { result, conditional };
    } catch (error) {
      if (!isNotFound(error) || i === kinds.length - 1) throw error;
    }
  }
}

/** Our order as ccxt parses it, or undefined when the venue does not know it. */
export async function findVenueOrder(
  core: ClientCore,
  query: OrderQuery,
): Promise<{ order: Order; conditional: boolean } | undefined> {
  try {
    const { result, conditional } = await tryOrderKinds(core, query, (conditional) => {
      const { id, params } = orderRef(core, query, conditional);
      return core.runner.run({
        operation: 'query',
        endpoint: conditional ? 'order-algo' : 'order',
        label: `fetchOrder ${query.clientOrderId}`,
        run: () => core.exchange.fetchOrder(id, query.symbol, params),
      });
    });
    learnOrderIds(result, core.ids);
    if (result.id !== undefined && result.id !== null && result.id !== '')
      core.ids.note(query.clientOrderId, { venueOrderId: result.id });
    return { order: result, conditional };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The child order a triggered algo order placed, which holds the fills (OKX `effective` with `ordId`,
 * Binance `TRIGGERED` / `FINISHED` with `actualOrderId`); undefined while the algo order waits.
 */
export function triggeredChildId(order: Order): string | undefined {
  const raw = rawOf(order.info);
  const state = rawString(raw, 'state', 'algoStatus');
  if (
    state !== 'effective' &&
    state !== 'partially_effective' &&
    state !== 'TRIGGERED' &&
    state !== 'FINISHED'
  )
    return undefined;
  const list = Array.isArray(raw.ordIdList) ? raw.ordIdList.map(String).filter((id) => id !== '') : [];
  return rawString(raw, 'ordId', 'actualOrderId') ?? list[0];
}
