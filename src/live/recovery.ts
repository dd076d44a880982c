/**
 * Recovery after a restart (a clean stop or `kill -9`): the kernel is rebuilt from the journal before
 * anything new happens.
 *
 * - Positions per strategy come from the account's stored fills. A paper account books every fill again
 *   (cash and positions, in the portfolio and in the paper venue); an exchange account restores positions
 *   only, because its cash is the venue's balance (`settleCapital`). A paper account also books its
 *   journaled funding payments again, in time order with the fills, and skips the funding times it
 *   had settled (so none is paid twice, none lost).
 * - Working orders are put back. Paper: sent again to the paper venue for what was left of them (the
 *   in-process venue died with the process). Exchange: tracked again, queried at reconciliation; an order
 *   whose send never got an answer is resolved by the venue's in-flight rules.
 */

import { attachedIds, venueHoldsAttachments } from '../core/attached-ids.js';
import type { Fill } from '../core/fill.js';
import {
  type ClientOrderId,
  type InstrumentId,
  type TradeId,
  strategyId as toStrategyId,
} from '../core/ids.js';
import type { Instrument } from '../core/instrument.js';
import type { Order } from '../core/order.js';
import { isTerminal } from '../core/order-state.js';
import type { Kernel } from '../engine/kernel.js';
import { Portfolio } from '../engine/portfolio.js';
import type { FundingPaid } from '../engine/venue.js';
import type { FillRecord } from '../storage/index.js';
import type { ExchangeVenue } from '../venues/exchange/exchange-venue.js';
import type { ExchangeClient } from '../venues/exchange/types.js';
import type { Journal, JournaledFunding } from './journal.js';
import type { PaperAccount } from './paper-account.js';
import { EXTERNAL_STRATEGY } from './reconcile.js';

export interface RestoreOptions {
  readonly journal: Journal;
  readonly kernel: Kernel;
  readonly venue: PaperAccount | ExchangeVenue;
  readonly paper: boolean;
  /** Filled with the trade ids of external fills already recorded (never recorded twice). */
  readonly externalTrades: Set<string>;
}

export interface RestoreSummary {
  readonly orders: number;
  readonly fills: number;
  /** Funding payments booked again (paper accounts). */
  readonly funding: number;
}

export async function restoreFromJournal(options: RestoreOptions): Promise<RestoreSummary> {
  const { journal, kernel, venue } = options;
  const [orders, records] = await Promise.all([journal.openOrders(), journal.fills()]);
  const exchange = venue.exchange;
  const fills: Array<{ strategyId: string; fill: Fill }> = [];
  for (const record of records) {
    if (record.strategyId === EXTERNAL_STRATEGY) options.externalTrades.add(record.tradeId);
    if (kernel.portfolio.symbolIndex(record.symbol) < 0) continue;
    fills.push({ strategyId: record.strategyId ?? EXTERNAL_STRATEGY, fill: fillOf(exchange, record) });
  }
  let funding = 0;
  if (options.paper) funding = restorePaper(kernel, venue as PaperAccount, fills, await journal.funding());
  else restorePositions(kernel, fills);

  // The fill rows are the truth: an order's stored version may list a trade whose fill row was not
  // written before a crash. That trade must count as unseen, so reconciliation fetches and applies it.
  const rowsByOrder = new Map<string, FillRecord[]>();
  for (const record of records) {
    if (record.clientOrderId === null) continue;
    const rows = rowsByOrder.get(record.clientOrderId) ?? [];
    rows.push(record);
    rowsByOrder.set(record.clientOrderId, rows);
  }
  for (const stored of orders) {
    const order = withFillsOf(stored, rowsByOrder.get(stored.clientOrderId) ?? []);
    kernel.orders.restore(order);
    if (options.paper) {
      const paper = venue as PaperAccount;
      if (order.leavesQty > 0) paper.submit(remainderOf(order));
      // A cancel asked for before the restart still stands.
      if (order.status === 'PendingCancel') paper.cancel(order.clientOrderId);
    } else (venue as ExchangeVenue).restore(order, order.tradeIds, order.venueOrderId !== undefined);
  }
  if (!options.paper) await restoreHeldProtection(journal, kernel, rowsByOrder);
  return { orders: orders.length, fills: fills.length, funding };
}

/** How far back an ended entry's unjournaled venue-held children are looked for (reconciliation's span). */
const HELD_PROTECTION_LOOKBACK_MS = 24 * 3_600_000;

/**
 * Entries whose stop-loss / take-profit the venue holds, ended with fills, whose children have no
 * journal row (a `kill -9` between the entry's row and theirs): the children are recorded again under
 * their derived ids, so reconciliation queries them and never adopts the venue's OCO as external.
 */
async function restoreHeldProtection(
  journal: Journal,
  kernel: Kernel,
  rowsByOrder: ReadonlyMap<string, readonly FillRecord[]>,
): Promise<void> {
  const recent = await journal.ordersSince(Date.now() - HELD_PROTECTION_LOOKBACK_MS);
  const known = new Set(recent.map((o) => o.clientOrderId));
  for (const stored of recent) {
    if (!venueHoldsAttachments(stored) || !isTerminal(stored)) continue;
    const ids = attachedIds(stored.clientOrderId);
    if (known.has(ids.stopLoss) || known.has(ids.takeProfit)) continue;
    const entry = withFillsOf(stored, rowsByOrder.get(stored.clientOrderId) ?? []);
    if (entry.filledQty > 0) kernel.orders.restoreHeldProtection(entry);
  }
}

/**
 * The account's cash in the settle currency, as the venue holds it: total balance minus the unrealised
 * PnL of open positions (the portfolio adds that back from its own marks).
 */
export async function settleCapital(
  client: ExchangeClient,
  currency: string,
  instruments: readonly Instrument[],
): Promise<number> {
  const [balances, positions] = await Promise.all([
    client.fetchBalances(),
    client.fetchPositions(instruments.map((i) => i.symbol)),
  ]);
  const total = balances.find((b) => b.currency === currency)?.total ?? 0;
  let unrealised = 0;
  for (const p of positions) unrealised += p.unrealisedPnl ?? 0;
  return total - unrealised;
}

/**
 * A paper account's cash and positions: its fills and funding payments booked again in time order (a
 * payment before the fills of its own time: funding is settled at the start of a bar), then each
 * symbol's funding clock moved past what was settled before the restart. Returns the payments booked.
 */
function restorePaper(
  kernel: Kernel,
  paper: PaperAccount,
  fills: ReadonlyArray<{ strategyId: string; fill: Fill }>,
  funding: JournaledFunding,
): number {
  const symbolOf = (event: FundingPaid) => event.instrumentId.slice(event.instrumentId.indexOf(':') + 1);
  const payments = funding.payments
    .filter((p) => kernel.portfolio.symbolIndex(symbolOf(p)) >= 0)
    .sort((a, b) => a.tsEvent - b.tsEvent);
  const settled = new Map(funding.settledThrough);
  let next = 0;
  const payUpTo = (ts: number) => {
    for (; next < payments.length && payments[next]!.tsEvent <= ts; next++) {
      const payment = payments[next]!;
      const symbol = symbolOf(payment);
      kernel.portfolio.applyFunding(payment);
      paper.restoreFunding(symbol, payment.amount);
      settled.set(symbol, Math.max(payment.tsEvent, settled.get(symbol) ?? payment.tsEvent));
    }
  };
  for (const { strategyId, fill } of fills) {
    payUpTo(fill.tsEvent);
    kernel.portfolio.applyFill(toStrategyId(strategyId), fill);
    paper.restoreFill(fill);
  }
  payUpTo(Number.POSITIVE_INFINITY);
  for (const [symbol, through] of settled)
    if (kernel.portfolio.symbolIndex(symbol) >= 0) paper.skipFundingThrough(symbol, through);
  return payments.length;
}

/** Positions per strategy from the fills, restored without moving cash. */
function restorePositions(kernel: Kernel, fills: ReadonlyArray<{ strategyId: string; fill: Fill }>): void {
  const instruments: Instrument[] = [];
  for (let i = 0; i < kernel.portfolio.instrumentCount; i++)
    instruments.push(kernel.portfolio.instrumentAt(i));
  const scratch = new Portfolio({
    instruments,
    currency: kernel.portfolio.currency,
    capital: 0,
    now: () => 0,
  });
  const strategies = new Set<string>();
  for (const { strategyId, fill } of fills) {
    scratch.applyFill(toStrategyId(strategyId), fill);
    strategies.add(strategyId);
  }
  for (const id of strategies) {
    for (const inst of instruments) {
      const position = scratch.position(toStrategyId(id), inst.symbol);
      if (position.qty !== 0)
        kernel.portfolio.restorePosition(toStrategyId(id), inst.symbol, position.qty, position.avgEntryPrice);
    }
  }
}

function fillOf(exchange: string, record: FillRecord): Fill {
  return {
    tradeId: record.tradeId as TradeId,
    clientOrderId: (record.clientOrderId ?? 'external') as ClientOrderId,
    instrumentId: `${exchange}:${record.symbol}` as InstrumentId,
    side: record.side === 'sell' ? 'sell' : 'buy',
    qty: record.qty,
    price: record.price,
    fee: record.fee,
    feeCurrency: record.feeCurrency ?? '',
    liquidity: record.liquidity === 'maker' ? 'maker' : 'taker',
    tsEvent: record.ts,
    tsInit: record.ts,
  };
}

/** The order as its journaled fills say: trade ids, filled quantity and average price from the fill rows. */
function withFillsOf(order: Order, rows: readonly FillRecord[]): Order {
  const ids = rows.map((r) => r.tradeId);
  if (ids.length === order.tradeIds.length && ids.every((id) => order.tradeIds.includes(id as TradeId)))
    return order;
  let filled = 0;
  let cost = 0;
  for (const row of rows) {
    filled += row.qty;
    cost += row.qty * row.price;
  }
  const status = filled > 0 ? order.status : order.status === 'PartiallyFilled' ? 'Accepted' : order.status;
  return {
    ...order,
    tradeIds: ids as TradeId[],
    filledQty: filled,
    leavesQty: order.qty - filled,
    avgFillPrice: filled > 0 ? cost / filled : 0,
    status,
  };
}

/** What the paper venue must still work of an order that was partly filled before the restart. */
function remainderOf(order: Order): Order {
  if (order.filledQty === 0) return order;
  return {
    ...order,
    qty: order.leavesQty,
    filledQty: 0,
    leavesQty: order.leavesQty,
    tradeIds: [],
    avgFillPrice: 0,
    fees: {},
  };
}
