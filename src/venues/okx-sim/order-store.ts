/**
 * Every order, algo order and fill the simulator has seen, with OKX-style ids. Nothing is ever removed:
 * history endpoints page through it, and a client order id stays taken after its order closed (so a resent
 * order is refused as a duplicate, which is what idempotent clients rely on).
 */

import type { SimAlgo, SimFill, SimOrder } from './types.js';

/** Ids shaped like OKX's: 19 digits, increasing. */
export class IdSource {
  #next: bigint;

  constructor(startMs: number) {
    // OKX ids are ~19 digits and grow with time; this keeps that shape and stays unique per run.
    this.#next = BigInt(startMs) * 1_000_000n;
  }

  next(): string {
    this.#next += 1n;
    return this.#next.toString();
  }
}

export class OrderStore {
  readonly #orders = new Map<string, SimOrder>();
  readonly #byClOrdId = new Map<string, SimOrder>();
  readonly #live = new Set<SimOrder>();
  readonly #algos = new Map<string, SimAlgo>();
  readonly #algosByClOrdId = new Map<string, SimAlgo>();
  readonly #fills: SimFill[] = [];

  addOrder(order: SimOrder): void {
    this.#orders.set(order.ordId, order);
    if (order.clOrdId !== '') this.#byClOrdId.set(order.clOrdId, order);
    this.#live.add(order);
  }

  /** Call after an order's state changed: keeps the live set in step. */
  touched(order: SimOrder): void {
    if (order.state === 'live' || order.state === 'partially_filled') this.#live.add(order);
    else this.#live.delete(order);
  }

  clOrdIdTaken(clOrdId: string): boolean {
    return this.#byClOrdId.has(clOrdId);
  }

  /** By ordId, else by clOrdId; only within `instId` when given (as OKX requires both to match). */
  findOrder(instId: string, ordId: string, clOrdId: string): SimOrder | undefined {
    const order = ordId !== '' ? this.#orders.get(ordId) : this.#byClOrdId.get(clOrdId);
    if (order === undefined || (instId !== '' && order.inst.instId !== instId)) return undefined;
    return order;
  }

  /** Live orders, oldest first. */
  liveOrders(): SimOrder[] {
    return [...this.#live];
  }

  /** All orders, oldest first. */
  allOrders(): IterableIterator<SimOrder> {
    return this.#orders.values();
  }

  /** What live orders hold back in a currency. */
  frozen(ccy: string): number {
    let total = 0;
    for (const order of this.#live) if (order.frozen?.ccy === ccy) total += order.frozen.amount;
    return total;
  }

  addAlgo(algo: SimAlgo): void {
    this.#algos.set(algo.algoId, algo);
    if (algo.algoClOrdId !== '') this.#algosByClOrdId.set(algo.algoClOrdId, algo);
  }

  algoClOrdIdTaken(algoClOrdId: string): boolean {
    return this.#algosByClOrdId.has(algoClOrdId);
  }

  findAlgo(instId: string, algoId: string, algoClOrdId: string): SimAlgo | undefined {
    const algo = algoId !== '' ? this.#algos.get(algoId) : this.#algosByClOrdId.get(algoClOrdId);
    if (algo === undefined || (instId !== '' && algo.inst.instId !== instId)) return undefined;
    return algo;
  }

  allAlgos(): IterableIterator<SimAlgo> {
    return this.#algos.values();
  }

  liveAlgos(instId: string): SimAlgo[] {
    const result: SimAlgo[] = [];
    for (const algo of this.#algos.values())
      if (algo.state === 'live' && algo.inst.instId === instId) result.push(algo);
    return result;
  }

  addFill(fill: SimFill): void {
    this.#fills.push(fill);
  }

  /** Fills, oldest first. */
  fills(): readonly SimFill[] {
    return this.#fills;
  }
}
