/**
 * Tombstones of the ended orders the order manager forgot after `retainEndedOrders`: enough of each to
 * apply a fill that arrives later (a venue may report a fill after the cancel, or late after a
 * reconnect) to the portfolio under the right strategy, de-duplicated by trade id and checked by the
 * order state table like any other fill.
 *
 * A ring of parallel typed arrays indexed by an open-addressing table, not an object (or a Map entry) per
 * order: sessions forget an order every few seconds for months, tombstones live long enough to reach the
 * old generation, and a Map reallocates its table there as it grows and as entries come and go. Nothing
 * is allocated per order once the ring is sized. The oldest are dropped for good once `capacity` is
 * reached.
 */

import type { ClientOrderId, InstrumentId, StrategyId, TradeId } from '../core/ids.js';
import { ORDER_TYPES, type Order, type OrderType } from '../core/order.js';
import { ORDER_STATUSES, type OrderStatus } from '../core/order-state.js';

/** How many forgotten orders keep a tombstone by default. */
export const FORGOTTEN_ORDERS_REMEMBERED = 100_000;

const NO_TRADE_IDS: readonly TradeId[] = Object.freeze([]);

/** Numbers kept per tombstone, at `slot * NUMBERS`: qty, filled qty, average fill price, tsInit, last event. */
const NUMBERS = 5;
/** Codes kept per tombstone, at `slot * CODES`: strategy, instrument, side, type, status. */
const CODES = 5;

export class ForgottenOrders {
  private index: SlotIndex | undefined;
  private tradeIds: (readonly TradeId[] | undefined)[] = [];
  /** Strategy and instrument ids are few: each tombstone keeps their index in these tables. */
  private readonly strategies = new Interned<StrategyId>();
  private readonly instruments = new Interned<InstrumentId>();
  private numbers = new Float64Array(0);
  private codes = new Uint16Array(0);
  private nextSlot = 0;

  constructor(readonly capacity = FORGOTTEN_ORDERS_REMEMBERED) {}

  get size(): number {
    return this.index?.size ?? 0;
  }

  /** Keeps a tombstone of `order` (an ended order about to be forgotten), dropping the oldest if full. */
  remember(order: Order): void {
    if (this.capacity <= 0) return;
    if (this.index === undefined) {
      // Sized once, at the first forgotten order: arrays grown by appending would be copied, and each copy
      // promoted to the old generation, again and again while the ring fills.
      this.index = new SlotIndex(this.capacity);
      this.numbers = new Float64Array(this.capacity * NUMBERS);
      this.codes = new Uint16Array(this.capacity * CODES);
      this.tradeIds = new Array<readonly TradeId[] | undefined>(this.capacity);
    }
    const slot = this.nextSlot;
    this.nextSlot = (slot + 1) % this.capacity;
    this.index.assign(slot, order.clientOrderId);
    const codeAt = slot * CODES;
    this.codes[codeAt] = this.strategies.indexOf(order.strategyId);
    this.codes[codeAt + 1] = this.instruments.indexOf(order.instrumentId);
    this.codes[codeAt + 2] = order.side === 'buy' ? 0 : 1;
    this.codes[codeAt + 3] = ORDER_TYPES.indexOf(order.type);
    this.write(slot, order);
  }

  /**
   * A stand-in for the forgotten order, as it was when forgotten (or after the late fills since): its
   * identity, strategy, instrument, side, type, status, quantities and trade ids. Prices, fees, flags and
   * reasons are not kept. Undefined when there is no tombstone.
   */
  recall(clientOrderId: string): Order | undefined {
    const slot = this.index?.slotOf(clientOrderId) ?? -1;
    if (slot < 0) return undefined;
    const at = slot * NUMBERS;
    const codeAt = slot * CODES;
    return {
      clientOrderId: clientOrderId as ClientOrderId,
      strategyId: this.strategies.at(this.codes[codeAt]!),
      instrumentId: this.instruments.at(this.codes[codeAt + 1]!),
      side: this.codes[codeAt + 2] === 0 ? 'buy' : 'sell',
      type: ORDER_TYPES[this.codes[codeAt + 3]!] as OrderType,
      qty: this.numbers[at]!,
      timeInForce: 'GTC',
      reduceOnly: false,
      tsInit: this.numbers[at + 3]!,
      status: ORDER_STATUSES[this.codes[codeAt + 4]!] as OrderStatus,
      filledQty: this.numbers[at + 1]!,
      leavesQty: 0,
      avgFillPrice: this.numbers[at + 2]!,
      fees: {},
      tradeIds: this.tradeIds[slot] ?? NO_TRADE_IDS,
      tsLastEvent: this.numbers[at + 4]!,
    };
  }

  /** Records `order` (a stand-in from `recall`, moved on by a late fill) as the tombstone's new state. */
  update(order: Order): void {
    const slot = this.index?.slotOf(order.clientOrderId) ?? -1;
    if (slot >= 0) this.write(slot, order);
  }

  private write(slot: number, order: Order): void {
    const at = slot * NUMBERS;
    this.numbers[at] = order.qty;
    this.numbers[at + 1] = order.filledQty;
    this.numbers[at + 2] = order.avgFillPrice;
    this.numbers[at + 3] = order.tsInit;
    this.numbers[at + 4] = order.tsLastEvent;
    this.tradeIds[slot] = order.tradeIds;
    this.codes[slot * CODES + 4] = ORDER_STATUSES.indexOf(order.status);
  }
}

/**
 * Which ring slot holds a key: linear probing over an Int32Array at most half full (slot + 1; 0 = empty),
 * with backward-shift deletion, so that no marker of a deleted entry ever piles up.
 */
class SlotIndex {
  /** The key each ring slot holds. */
  private readonly keys: (string | undefined)[];
  private readonly table: Int32Array;
  private readonly mask: number;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Array<string | undefined>(capacity);
    let length = 2;
    while (length < capacity * 2) length *= 2;
    this.table = new Int32Array(length);
    this.mask = length - 1;
  }

  /** The slot holding `key`, or -1. */
  slotOf(key: string): number {
    const at = this.find(key);
    return at < 0 ? -1 : this.table[at]! - 1;
  }

  /** Puts `key` in `slot`: the key the slot held is forgotten, and so is an earlier slot of `key`. */
  assign(slot: number, key: string): void {
    const old = this.keys[slot];
    if (old !== undefined) this.remove(this.find(old));
    const earlier = this.find(key);
    if (earlier >= 0) {
      this.keys[this.table[earlier]! - 1] = undefined;
      this.remove(earlier);
    }
    this.keys[slot] = key;
    let at = this.home(key);
    while (this.table[at] !== 0) at = (at + 1) & this.mask;
    this.table[at] = slot + 1;
    this.size += 1;
  }

  /** FNV-1a of the key, masked to the table. */
  private home(key: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    return (hash >>> 0) & this.mask;
  }

  /** The table position of `key`, or -1. */
  private find(key: string): number {
    for (let at = this.home(key); ; at = (at + 1) & this.mask) {
      const entry = this.table[at]!;
      if (entry === 0) return -1;
      if (this.keys[entry - 1] === key) return at;
    }
  }

  /** Empties table position `at`, shifting back the entries of its probe run that may move. */
  private remove(at: number): void {
    if (at < 0) return;
    this.size -= 1;
    let hole = at;
    for (let next = (hole + 1) & this.mask; this.table[next] !== 0; next = (next + 1) & this.mask) {
      const home = this.home(this.keys[this.table[next]! - 1]!);
      // The entry at `next` may fill the hole unless its home lies cyclically in (hole, next].
      const stays = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (stays) continue;
      this.table[hole] = this.table[next]!;
      hole = next;
    }
    this.table[hole] = 0;
  }
}

/** A small table of distinct strings, each known by its index. */
class Interned<T extends string> {
  private readonly values: T[] = [];
  private readonly indexes = new Map<T, number>();

  indexOf(value: T): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }

  at(index: number): T {
    return this.values[index]!;
  }
}
