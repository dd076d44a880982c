/**
 * The multi-request operations of the client: cancel (plain or algo), open orders (plain plus each algo
 * list), all fills since a time (paged), cancel-all, and the child order of a triggered algo order.
 * Every request goes through the call runner.
 */

import type { Order, Trade } from 'ccxt';
import type { OrderQuery } from '../exchange/types.js';
import { type ClientCore, orderRef, tryOrderKinds } from './client-core.js';
import { learnOrderIds } from './order-report.js';
import { finite, rawOf, rawString } from './raw-fields.js';

/** Cancels one of our orders; ccxt's parse of the venue's answer (an acknowledgement on OKX). */
export async function cancelVenueOrder(core: ClientCore, query: OrderQuery): Promise<Order> {
  const { result } = await tryOrderKinds(core, query, (conditional) => {
    const { id, params } = orderRef(core, query, conditional);
    return core.runner.run({
      operation: 'cancel',
      endpoint: conditional ? 'cancel-algo' : 'cancel',
      label: `cancelOrder ${query.clientOrderId}`,
      run: () => core.exchange.cancelOrder(id, query.symbol, params),
    });
  });
  return result;
}

/** Open plain and algo orders of the symbols (all symbols when empty). */
export async function fetchOpenVenueOrders(core: ClientCore, symbols: readonly string[]): Promise<Order[]> {
  const targets: Array<string | undefined> = symbols.length === 0 ? [undefined] : [...symbols];
  const orders: Order[] = [];
  for (const symbol of targets) {
    const lists: Array<Record<string, unknown> | undefined> = [
      undefined,
      ...core.profile.openAlgoOrderParams,
    ];
    for (const params of lists) {
      const found = await core.runner.run({
        operation: 'query',
        endpoint:
          params !== undefined
            ? 'open-algo-orders'
            : symbol === undefined
              ? 'open-orders-all'
              : 'open-orders',
        label: `fetchOpenOrders ${symbol ?? '*'}`,
        run: () => core.exchange.fetchOpenOrders(symbol, undefined, undefined, params ?? {}),
      });
      orders.push(...found);
    }
  }
  for (const order of orders) learnOrderIds(order, core.ids);
  return orders;
}

/** Longest fill history walked in one call (pages); older fills need a later `since`. */
const MAX_FILL_PAGES = 20;

/** Executions of the symbol since `since`, oldest first, de-duplicated by trade id. */
export async function fetchVenueFills(core: ClientCore, symbol: string, since: number): Promise<Trade[]> {
  const { fillsPaging, fillsPageSize } = core.profile;
  const byId = new Map<string, Trade>();
  let cursor = since;
  let until: number | undefined;
  for (let page = 0; page < MAX_FILL_PAGES; page++) {
    const params = until === undefined ? {} : { until };
    const trades = await core.runner.run({
      operation: 'query',
      endpoint: 'fills',
      label: `fetchMyTrades ${symbol}`,
      run: () => core.exchange.fetchMyTrades(symbol, cursor, fillsPageSize, params),
    });
    let fresh = 0;
    for (const trade of trades) {
      const id = trade.id ?? undefined;
      if (id === undefined || byId.has(id) || (finite(trade.timestamp) ?? since) < since) continue;
      byId.set(id, trade);
      fresh += 1;
    }
    if (trades.length < fillsPageSize || fresh === 0) break;
    const times = trades.map((t) => finite(t.timestamp)).filter((t): t is number => t !== undefined);
    if (times.length === 0) break;
    // OKX answers the newest page of [begin, end]: walk back. Binance the oldest from startTime: walk on.
    if (fillsPaging === 'backward') until = Math.min(...times) - 1;
    else cursor = Math.max(...times);
  }
  return [...byId.values()].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
}

/** Cancels every open order of the symbols (all when empty), plain and algo. */
export async function cancelAllVenueOrders(core: ClientCore, symbols: readonly string[]): Promise<void> {
  const { profile, exchange, runner } = core;
  if (profile.cancelAll === 'native' && symbols.length > 0) {
    for (const symbol of symbols) {
      for (const params of [{}, ...(profile.algoOrders ? [profile.algoParams] : [])]) {
        await runner.run({
          operation: 'cancel',
          endpoint: 'cancel-all',
          label: `cancelAllOrders ${symbol}`,
          run: () => exchange.cancelAllOrders(symbol, params),
        });
      }
    }
    return;
  }
  const open = await fetchOpenVenueOrders(core, symbols);
  if (profile.cancelAll === 'native') {
    const openSymbols = [
      ...new Set(open.map((o) => o.symbol).filter((s): s is string => typeof s === 'string')),
    ];
    if (openSymbols.length > 0) await cancelAllVenueOrders(core, openSymbols);
    return;
  }
  // Group by symbol and kind: OKX cancels up to 20 orders of one instrument per request.
  const groups = new Map<string, { symbol: string; conditional: boolean; ids: string[] }>();
  for (const order of open) {
    if (order.id === undefined || order.id === null || order.symbol === undefined || order.symbol === null)
      continue;
    const conditional = profile.algoOrders && rawString(rawOf(order.info), 'algoId') !== undefined;
    const key = `${order.symbol}|${conditional}`;
    const group = groups.get(key) ?? { symbol: order.symbol, conditional, ids: [] };
    group.ids.push(order.id);
    groups.set(key, group);
  }
  for (const { symbol, conditional, ids } of groups.values()) {
    for (let i = 0; i < ids.length; i += profile.cancelBatchSize) {
      const batch = ids.slice(i, i + profile.cancelBatchSize);
      const label = `cancel ${batch.length} ${symbol}`;
      if (profile.cancelBatchSize > 1) {
        const params = conditional ? profile.algoParams : {};
        const run = () => exchange.cancelOrders(batch, symbol, params);
        await runner.run({ operation: 'cancel', endpoint: 'cancel-all', label, run });
      } else {
        const run = () => exchange.cancelOrder(batch[0]!, symbol);
        await runner.run({
          operation: 'cancel',
          endpoint: conditional ? 'cancel-algo' : 'cancel',
          label,
          run,
        });
      }
    }
  }
}

/** The plain order a triggered algo order placed (it carries the fills). */
export async function fetchChildOrder(core: ClientCore, childId: string, symbol: string): Promise<Order> {
  const child = await core.runner.run({
    operation: 'query',
    endpoint: 'order',
    label: `fetchOrder child ${childId}`,
    run: () => core.exchange.fetchOrder(childId, symbol),
  });
  learnOrderIds(child, core.ids);
  return child;
}
