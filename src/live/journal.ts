/**
 * The trading journal: what the live runner writes to the database, and reads back after a restart.
 *
 * - Order intents go in synchronously with the send (`recordIntent`, awaited by the venue before it
 *   sends): the outbox of DESIGN.md §1.3.
 * - Everything after (order updates, fills, strategy state) is written behind, in arrival order. If the
 *   database fails, writes stay queued and are retried with backoff; the journal reports itself unhealthy
 *   (the runner then stops sending: fail closed) and healthy again once the queue has drained — the
 *   outbox is replayed, nothing is dropped.
 */

import { QuantLabError } from '../core/errors.js';
import type { Fill } from '../core/fill.js';
import { parseClientOrderId, strategyTag } from '../core/ids.js';
import type { Order } from '../core/order.js';
import type { FundingPaid } from '../engine/venue.js';
import type { Logger } from '../logging/index.js';
import type { FillRecord, OrderRecord, Repositories } from '../storage/index.js';
import type { SignalRecord } from '../strategies/ports.js';
import type { OutboxPort } from '../venues/exchange/exchange-venue.js';

export interface JournalOptions {
  readonly repositories: Pick<Repositories, 'orders' | 'fills' | 'strategyState'> &
    Partial<Pick<Repositories, 'signals' | 'tradeLogs'>>;
  /** The trading account: `paper:<name>`, or the venue account key (`okx:demo:…`). */
  readonly account: string;
  /** The exchange label written to `orders.exchange` / `fills.exchange`. */
  readonly exchange: string;
  readonly logger: Logger;
  readonly now: () => number;
  /** Told when writes start failing (false) and when the backlog has been written again (true). */
  readonly onHealth?: (healthy: boolean, error?: unknown) => void;
  readonly retryDelaysMs?: readonly number[];
}

type Write = () => Promise<void>;

/** A paper account's funding as journaled: the payments, and per symbol the last funding time settled. */
export interface JournaledFunding {
  readonly payments: FundingPaid[];
  readonly settledThrough: ReadonlyMap<string, number>;
}

const FUNDING_PAID = 'funding.paid';
const FUNDING_SETTLED = 'funding.settled';

export class Journal implements OutboxPort {
  private readonly queue: Write[] = [];
  private readonly pendingOrders = new Map<string, Order>();
  private running: Promise<void> | undefined;
  private failures = 0;
  private healthy = true;
  private closed = false;

  constructor(private readonly options: JournalOptions) {}

  /** The outbox write: resolves once the intent is durable, rejects (after no retry) when it cannot be. */
  async recordIntent(order: Order): Promise<void> {
    if (!this.healthy)
      throw new QuantLabError('QL_ERR_TRADING_HALTED', 'the journal has unwritten changes; not sending');
    try {
      await this.options.repositories.orders.insert(this.record(order));
    } catch (error) {
      // The same intent again (a resend after a restart): already durable.
      if (error instanceof QuantLabError && error.code === 'QL_ERR_CONFLICT') return;
      // Unhealthy until a write succeeds again: a probe in the queue finds out when.
      if (this.healthy) this.setHealth(false, error);
      this.enqueue(async () => {
        await this.options.repositories.orders.get(order.clientOrderId);
      });
      throw error;
    }
  }

  /** Every order change (write-behind; the latest version of an order wins). */
  orderChanged(order: Order): void {
    if (order.status === 'New') return;
    const queued = this.pendingOrders.has(order.clientOrderId);
    this.pendingOrders.set(order.clientOrderId, order);
    if (queued) return;
    this.enqueue(async () => {
      // Until the newest version is written: a change made while a write was running is written next.
      for (;;) {
        const latest = this.pendingOrders.get(order.clientOrderId)!;
        await this.upsertOrder(latest);
        if (this.pendingOrders.get(order.clientOrderId) === latest) {
          this.pendingOrders.delete(order.clientOrderId);
          return;
        }
      }
    });
  }

  fill(strategyId: string | undefined, fill: Fill): void {
    const record: FillRecord = {
      exchange: this.options.exchange,
      tradeId: fill.tradeId,
      clientOrderId: fill.clientOrderId,
      venueOrderId: fill.venueOrderId ?? null,
      strategyId: strategyId ?? null,
      symbol: fill.instrumentId.slice(fill.instrumentId.indexOf(':') + 1),
      side: fill.side,
      qty: fill.qty,
      price: fill.price,
      fee: fill.fee,
      feeCurrency: fill.feeCurrency,
      liquidity: fill.liquidity,
      ts: fill.tsEvent,
      raw: null,
      account: this.options.account,
    };
    this.enqueue(async () => {
      await this.options.repositories.fills.insertIfAbsent(record);
    });
  }

  /** A strategy's recorded decision (the signals log). */
  signal(record: SignalRecord): void {
    const signals = this.options.repositories.signals;
    if (signals === undefined) return;
    this.enqueue(async () => {
      await signals.append({ ...record, payload: record.payload });
    });
  }

  /** A paper funding payment (`trade_logs`, action `funding.paid`): booked again after a restart. */
  fundingPaid(event: FundingPaid): void {
    const { type: _type, ...details } = event;
    this.tradeLog(FUNDING_PAID, event.tsEvent, details);
  }

  /**
   * The last funding time a paper account settled for a symbol (`trade_logs`, action `funding.settled`):
   * after a restart no funding time up to it is paid again. Written by the paper account only when it
   * advances and matters (a payment, a position held, or the first fill after flat funding times), so a
   * flat account writes none.
   */
  fundingSettled(symbol: string, through: number): void {
    this.tradeLog(FUNDING_SETTLED, through, { symbol, through });
  }

  strategyState(strategyId: string, state: Readonly<Record<string, unknown>>): void {
    const now = this.options.now();
    this.enqueue(() => this.options.repositories.strategyState.put(strategyId, state, now));
  }

  /** True while every write has succeeded. */
  get isHealthy(): boolean {
    return this.healthy;
  }

  get backlog(): number {
    return this.queue.length;
  }

  /** Resolves when everything queued so far is written (or the journal is closed). */
  async flush(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  // Recovery -----------------------------------------------------------------------------------------

  /** Orders of this account not in a terminal status, as they were last written. */
  async openOrders(): Promise<Order[]> {
    const records = await this.options.repositories.orders.listOpen({ account: this.options.account });
    return records.map((record) => record.raw as Order).filter((order) => order?.clientOrderId !== undefined);
  }

  /** Orders of this account created since `since` (epoch ms), every status, as last written. */
  async ordersSince(since: number): Promise<Order[]> {
    const records = await this.options.repositories.orders.list({
      account: this.options.account,
      from: since,
    });
    return records.map((record) => record.raw as Order).filter((order) => order?.clientOrderId !== undefined);
  }

  /** Every fill of this account, oldest first. */
  fills(): Promise<FillRecord[]> {
    return this.options.repositories.fills.list({ account: this.options.account });
  }

  /** This account's journaled funding; each payment once even if its row was written twice. */
  async funding(): Promise<JournaledFunding> {
    const logs = this.options.repositories.tradeLogs;
    if (logs === undefined) return { payments: [], settledThrough: new Map() };
    const subject = this.options.account;
    const [paid, settled] = await Promise.all([
      logs.query({ subject, action: FUNDING_PAID }),
      logs.query({ subject, action: FUNDING_SETTLED }),
    ]);
    const payments = new Map<string, FundingPaid>();
    for (const row of paid) {
      const event = { ...(row.details as Omit<FundingPaid, 'type'>), type: 'FundingPaid' as const };
      payments.set(`${event.instrumentId}@${event.tsEvent}`, event);
    }
    const settledThrough = new Map<string, number>();
    for (const row of settled) {
      const { symbol, through } = row.details as { symbol: string; through: number };
      settledThrough.set(symbol, Math.max(through, settledThrough.get(symbol) ?? through));
    }
    return { payments: [...payments.values()], settledThrough };
  }

  /** One past the highest client order id sequence the strategy ever used on this account. */
  async nextSequence(strategyId: string): Promise<number> {
    const records = await this.options.repositories.orders.list({
      account: this.options.account,
      strategyId,
    });
    const tag = strategyTag(strategyId);
    let next = 0;
    for (const record of records) {
      const parsed = parseClientOrderId(record.clientOrderId);
      if (parsed !== undefined && parsed.strategyTag === tag) next = Math.max(next, parsed.sequence + 1);
    }
    return next;
  }

  // Internals -----------------------------------------------------------------------------------------

  /** Update, or insert when the intent is not there yet — either may race the outbox's own insert. */
  private async upsertOrder(order: Order): Promise<void> {
    const { orders } = this.options.repositories;
    if ((await orders.get(order.clientOrderId)) === undefined) {
      try {
        await orders.insert(this.record(order));
        return;
      } catch (error) {
        if (!(error instanceof QuantLabError && error.code === 'QL_ERR_CONFLICT')) throw error;
      }
    }
    await orders.update(order.clientOrderId, {
      ...(order.venueOrderId === undefined ? {} : { venueOrderId: order.venueOrderId }),
      status: order.status,
      filledQty: order.filledQty,
      avgFillPrice: order.filledQty > 0 ? order.avgFillPrice : null,
      fees: totalFees(order),
      feeCurrency: Object.keys(order.fees)[0] ?? null,
      raw: order,
      updatedAt: this.options.now(),
    });
  }

  private record(order: Order): OrderRecord {
    const now = this.options.now();
    return {
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId ?? null,
      strategyId: order.strategyId,
      exchange: this.options.exchange,
      symbol: order.instrumentId.slice(order.instrumentId.indexOf(':') + 1),
      side: order.side,
      type: order.type,
      timeInForce: order.timeInForce,
      qty: order.qty,
      price: order.price ?? null,
      stopPrice: order.triggerPrice ?? null,
      reduceOnly: order.reduceOnly,
      status: order.status,
      filledQty: order.filledQty,
      avgFillPrice: order.filledQty > 0 ? order.avgFillPrice : null,
      fees: totalFees(order),
      feeCurrency: Object.keys(order.fees)[0] ?? null,
      external: order.strategyId === 'external',
      createdAt: order.tsInit,
      updatedAt: now,
      raw: order,
      account: this.options.account,
    };
  }

  private tradeLog(action: string, ts: number, details: unknown): void {
    const logs = this.options.repositories.tradeLogs;
    if (logs === undefined) return;
    const subject = this.options.account;
    this.enqueue(async () => {
      await logs.append({ ts, actor: 'paper-venue', action, subject, details });
    });
  }

  private enqueue(write: Write): void {
    if (this.closed) {
      // After close the database may be gone: say so loudly, never drop in silence. Reconciliation at
      // the next start recovers what this change was about from the venue.
      this.options.logger.error(
        { backlog: this.queue.length + 1 },
        'journal write after close: not recorded',
      );
      return;
    }
    this.queue.push(write);
    this.running ??= this.run();
  }

  private async run(): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [100, 250, 500, 1000, 2000, 5000];
    try {
      while (this.queue.length > 0 && !this.closed) {
        const write = this.queue[0]!;
        try {
          await write();
          this.queue.shift();
          if (this.failures > 0) this.failures = 0;
          if (!this.healthy && this.queue.length === 0) this.setHealth(true);
        } catch (error) {
          this.failures += 1;
          if (this.healthy) this.setHealth(false, error);
          this.options.logger.warn(
            { err: error, backlog: this.queue.length },
            'journal write failed; retrying',
          );
          await sleep(delays[Math.min(this.failures - 1, delays.length - 1)]!);
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  private setHealth(healthy: boolean, error?: unknown): void {
    this.healthy = healthy;
    this.options.onHealth?.(healthy, error);
  }
}

function totalFees(order: Order): number {
  let total = 0;
  for (const value of Object.values(order.fees)) total += value;
  return total;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
