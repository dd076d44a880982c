import type { Selectable } from 'kysely';
import { QuantLabError } from '../../core/errors.js';
import { type OrderStatus, TERMINAL_STATUSES } from '../../core/order-state.js';
import type { StorageContext } from '../context.js';
import { guard, isUniqueViolation, notFound } from '../errors.js';
import { fromBool, fromJsonOrNull, toBool, toJsonOrNull } from '../json.js';
import type { OrdersTable } from '../schema.js';

export interface OrderRecord {
  clientOrderId: string;
  venueOrderId: string | null;
  strategyId: string | null;
  exchange: string;
  symbol: string;
  side: string;
  type: string;
  timeInForce: string | null;
  qty: number;
  price: number | null;
  stopPrice: number | null;
  reduceOnly: boolean;
  status: OrderStatus;
  filledQty: number;
  avgFillPrice: number | null;
  fees: number;
  feeCurrency: string | null;
  /** Placed outside Quant Lab (found at reconciliation). */
  external: boolean;
  createdAt: number;
  updatedAt: number;
  raw: unknown;
  /** The trading account (paper session, demo or live venue account) it belongs to. */
  account?: string | null;
}

export type OrderUpdate = Partial<
  Pick<OrderRecord, 'venueOrderId' | 'status' | 'filledQty' | 'avgFillPrice' | 'fees' | 'feeCurrency' | 'raw'>
> & { updatedAt: number };

/**
 * Statuses after which an order can change no more (core's state table). Anything else counts as open, so a
 * status this list does not know (a new in-flight state) is treated as open and gets reconciled rather
 * than forgotten.
 */
export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = [...TERMINAL_STATUSES];

export interface OrderRepository {
  /** Persists an order intent. Throws QL_ERR_CONFLICT when the client order id exists. */
  insert(order: OrderRecord): Promise<void>;
  get(clientOrderId: string): Promise<OrderRecord | undefined>;
  getByVenueOrderId(exchange: string, venueOrderId: string): Promise<OrderRecord | undefined>;
  /** Updates status and fill fields; throws QL_ERR_NOT_FOUND for an unknown id. */
  update(clientOrderId: string, changes: OrderUpdate): Promise<OrderRecord>;
  /** Orders not in a terminal status, oldest first. */
  listOpen(filter?: {
    exchange?: string;
    account?: string;
    symbol?: string;
    strategyId?: string;
  }): Promise<OrderRecord[]>;
  list(filter?: {
    exchange?: string;
    account?: string;
    symbol?: string;
    strategyId?: string;
    status?: OrderStatus;
    from?: number;
    to?: number;
    limit?: number;
  }): Promise<OrderRecord[]>;
}

function toRecord(r: Selectable<OrdersTable>): OrderRecord {
  return {
    clientOrderId: r.client_order_id,
    venueOrderId: r.venue_order_id,
    strategyId: r.strategy_id,
    exchange: r.exchange,
    symbol: r.symbol,
    side: r.side,
    type: r.type,
    timeInForce: r.time_in_force,
    qty: r.qty,
    price: r.price,
    stopPrice: r.stop_price,
    reduceOnly: fromBool(r.reduce_only),
    status: r.status as OrderStatus, // only ever written from an OrderStatus
    filledQty: r.filled_qty,
    avgFillPrice: r.avg_fill_price,
    fees: r.fees,
    feeCurrency: r.fee_currency,
    external: fromBool(r.external),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    raw: fromJsonOrNull(r.raw),
    account: r.account,
  };
}

export function createOrderRepository({ db }: StorageContext): OrderRepository {
  return {
    insert(o) {
      return guard('orders.insert', async () => {
        try {
          await db
            .insertInto('orders')
            .values({
              client_order_id: o.clientOrderId,
              venue_order_id: o.venueOrderId,
              strategy_id: o.strategyId,
              exchange: o.exchange,
              symbol: o.symbol,
              side: o.side,
              type: o.type,
              time_in_force: o.timeInForce,
              qty: o.qty,
              price: o.price,
              stop_price: o.stopPrice,
              reduce_only: toBool(o.reduceOnly),
              status: o.status,
              filled_qty: o.filledQty,
              avg_fill_price: o.avgFillPrice,
              fees: o.fees,
              fee_currency: o.feeCurrency,
              external: toBool(o.external),
              created_at: o.createdAt,
              updated_at: o.updatedAt,
              raw: toJsonOrNull(o.raw),
              account: o.account ?? null,
            })
            .execute();
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new QuantLabError(
            'QL_ERR_CONFLICT',
            `an order with client order id ${o.clientOrderId} exists`,
            {
              details: { clientOrderId: o.clientOrderId },
            },
          );
        }
      });
    },

    get(clientOrderId) {
      return guard('orders.get', async () => {
        const row = await db
          .selectFrom('orders')
          .selectAll()
          .where('client_order_id', '=', clientOrderId)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    getByVenueOrderId(exchange, venueOrderId) {
      return guard('orders.getByVenueOrderId', async () => {
        const row = await db
          .selectFrom('orders')
          .selectAll()
          .where('exchange', '=', exchange)
          .where('venue_order_id', '=', venueOrderId)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    update(clientOrderId, c) {
      return guard('orders.update', async () => {
        const row = await db
          .updateTable('orders')
          .set({
            venue_order_id: c.venueOrderId,
            status: c.status,
            filled_qty: c.filledQty,
            avg_fill_price: c.avgFillPrice,
            fees: c.fees,
            fee_currency: c.feeCurrency,
            raw: c.raw === undefined ? undefined : toJsonOrNull(c.raw),
            updated_at: c.updatedAt,
          })
          .where('client_order_id', '=', clientOrderId)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) throw notFound('order', clientOrderId);
        return toRecord(row);
      });
    },

    listOpen(filter = {}) {
      return guard('orders.listOpen', async () => {
        let query = db
          .selectFrom('orders')
          .selectAll()
          .where('status', 'not in', TERMINAL_ORDER_STATUSES)
          .orderBy('created_at')
          .orderBy('client_order_id');
        if (filter.exchange !== undefined) query = query.where('exchange', '=', filter.exchange);
        if (filter.account !== undefined) query = query.where('account', '=', filter.account);
        if (filter.symbol !== undefined) query = query.where('symbol', '=', filter.symbol);
        if (filter.strategyId !== undefined) query = query.where('strategy_id', '=', filter.strategyId);
        return (await query.execute()).map(toRecord);
      });
    },

    list(filter = {}) {
      return guard('orders.list', async () => {
        let query = db.selectFrom('orders').selectAll().orderBy('created_at').orderBy('client_order_id');
        if (filter.exchange !== undefined) query = query.where('exchange', '=', filter.exchange);
        if (filter.account !== undefined) query = query.where('account', '=', filter.account);
        if (filter.symbol !== undefined) query = query.where('symbol', '=', filter.symbol);
        if (filter.strategyId !== undefined) query = query.where('strategy_id', '=', filter.strategyId);
        if (filter.status !== undefined) query = query.where('status', '=', filter.status);
        if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
        if (filter.to !== undefined) query = query.where('created_at', '<=', filter.to);
        if (filter.limit !== undefined) query = query.limit(filter.limit);
        return (await query.execute()).map(toRecord);
      });
    },
  };
}
