/**
 * The matching engine: orders against a replayed price path, with no HTTP or WebSocket in sight. The
 * book is infinitely deep at the current price: market orders (and limits marketable on arrival) fill
 * at once, in full, at the last price as takers; resting limits fill at their own price as makers when
 * the path reaches them (path-walk.ts); algo orders fire where the path crosses their triggers
 * (algo-engine.ts). Everything it does is reported to `listener` synchronously, in order.
 */

import { SimAccount } from './account.js';
import { CANCEL_SOURCE, S } from './codes.js';
import { bookSpotFill, bookSwapFill, type FillIds } from './fills.js';
import type { SimInstrument } from './instruments.js';
import { cleanFloat } from './numbers.js';
import { OrderFunds } from './order-funds.js';
import {
  type IntakeContext,
  type OrderSpec,
  parseOrderRequest,
  type RawRequest,
  text,
} from './order-intake.js';
import { IdSource, OrderStore } from './order-store.js';
import type { EngineEvent, ItemResult, PosMode, SimOrder } from './types.js';
import { rejected } from './types.js';

export interface EngineOptions {
  instruments: readonly SimInstrument[];
  now(): number;
  /** Starting cash per currency. */
  balances: Readonly<Record<string, number>>;
  defaultLeverage: number;
  makerFee: number;
  takerFee: number;
  /** OKX's price limit: how far through the last price a limit may be (default 0.1 = 10 %). */
  priceBand: number;
  /** Start price per instId. */
  startPrices: ReadonlyMap<string, number>;
}

type Listener = (event: EngineEvent) => void;

export class MatchingEngine implements IntakeContext, FillIds {
  readonly account: SimAccount;
  readonly store = new OrderStore();
  readonly ids: IdSource;
  readonly funds: OrderFunds;
  readonly #instruments = new Map<string, SimInstrument>();
  readonly #last = new Map<string, number>();
  #listener: Listener = () => {};
  readonly priceBand: number;

  constructor(readonly options: EngineOptions) {
    this.priceBand = options.priceBand;
    this.ids = new IdSource(options.now());
    for (const inst of options.instruments) {
      this.#instruments.set(inst.instId, inst);
      this.#last.set(inst.instId, options.startPrices.get(inst.instId) ?? inst.startPrice);
    }
    this.account = new SimAccount({
      balances: options.balances,
      defaultLeverage: options.defaultLeverage,
      markPrice: (inst) => this.lastPrice(inst),
      orderFrozen: (ccy) => this.store.frozen(ccy),
      now: options.now,
    });
    this.funds = new OrderFunds(this.account, this.store, (inst) => this.lastPrice(inst));
  }

  setListener(listener: Listener): void {
    this.#listener = listener;
  }

  emit(event: EngineEvent): void {
    this.#listener(event);
  }

  now(): number {
    return this.options.now();
  }

  instrument(instId: string): SimInstrument | undefined {
    return this.#instruments.get(instId);
  }

  instruments(): SimInstrument[] {
    return [...this.#instruments.values()];
  }

  lastPrice(inst: SimInstrument): number {
    return this.#last.get(inst.instId)!;
  }

  setLastPrice(inst: SimInstrument, price: number): void {
    this.#last.set(inst.instId, price);
  }

  posMode(): PosMode {
    return this.account.posMode;
  }

  tradeId(): string {
    return this.ids.next();
  }

  billId(): string {
    return this.ids.next();
  }

  placeOrder(raw: RawRequest): ItemResult<SimOrder> {
    const spec = parseOrderRequest(raw, this);
    if (!spec.ok) return spec;
    if (spec.value.clOrdId !== '' && this.store.clOrdIdTaken(spec.value.clOrdId)) {
      return rejected(...S.duplicateClOrdId());
    }
    return this.submit(spec.value, { algoId: '', algoClOrdId: '' });
  }

  /** Places a checked order: account checks, then it rests, fills or is cancelled at once. */
  submit(spec: OrderSpec, origin: { algoId: string; algoClOrdId: string }): ItemResult<SimOrder> {
    const { inst } = spec;
    const now = this.now();
    const mgnMode = spec.tdMode === 'isolated' ? 'isolated' : 'cross';
    const order: SimOrder = {
      ordId: this.ids.next(),
      clOrdId: spec.clOrdId,
      tag: spec.tag,
      inst,
      side: spec.side,
      ordType: spec.ordType,
      tdMode: spec.tdMode,
      posSide: spec.posSide,
      px: spec.px,
      sz: spec.sz,
      tgtCcy: spec.tgtCcy,
      reduceOnly: spec.reduceOnly,
      lever: inst.instType === 'SWAP' ? this.account.leverage(inst, mgnMode, spec.posSide) : 1,
      state: 'live',
      accFillSz: 0,
      avgPx: 0,
      fee: 0,
      feeCcy: inst.instType === 'SWAP' ? inst.settle : spec.side === 'buy' ? inst.base : inst.quote,
      pnl: 0,
      lastFill: undefined,
      cTime: now,
      uTime: now,
      cancelSource: '',
      cancelSourceReason: '',
      attached: spec.attached.map((a) => ({ ...a, attachAlgoId: this.ids.next() })),
      algoId: origin.algoId,
      algoClOrdId: origin.algoClOrdId,
      frozen: undefined,
    };
    const refused = this.funds.check(order);
    if (refused !== undefined) return refused;
    this.store.addOrder(order);
    this.emit({ type: 'order', order });
    this.#match(order);
    return { ok: true, value: order };
  }

  #marketable(order: SimOrder): boolean {
    if (order.px === undefined) return true;
    const last = this.lastPrice(order.inst);
    return order.side === 'buy' ? order.px >= last : order.px <= last;
  }

  /** What happens on arrival (or after an amend): fill as taker, rest, or cancel. */
  #match(order: SimOrder): void {
    const takes = this.#marketable(order);
    if (order.ordType === 'post_only' && takes) {
      this.cancel(order, CANCEL_SOURCE.postOnly);
      return;
    }
    if (takes) {
      this.execute(order, this.lastPrice(order.inst), 'T');
      return;
    }
    if (order.ordType === 'ioc' || order.ordType === 'optimal_limit_ioc') {
      this.cancel(order, CANCEL_SOURCE.ioc);
      return;
    }
    if (order.ordType === 'fok') {
      this.cancel(order, CANCEL_SOURCE.fok);
      return;
    }
    this.funds.freeze(order);
    this.emit({ type: 'balance', reason: 'order' });
  }

  cancel(order: SimOrder, source: readonly [string, string]): void {
    order.state = 'canceled';
    order.cancelSource = source[0];
    order.cancelSourceReason = source[1];
    order.frozen = undefined;
    order.uTime = this.now();
    this.store.touched(order);
    this.emit({ type: 'order', order });
    this.emit({ type: 'balance', reason: 'order' });
    // OKX arms the attached TP/SL of an order whose rest is cancelled for the part that filled.
    if (order.accFillSz > 0 && order.attached.length > 0) this.armAttached(order);
  }

  /** Fills what the order may fill at `price`; cancels the rest of a cut reduce-only order. */
  execute(order: SimOrder, price: number, execType: 'T' | 'M'): void {
    const { inst } = order;
    const sz = this.funds.fillableSize(order, price);
    if (sz <= 1e-12 || (order.tgtCcy === 'quote_ccy' && sz < inst.min)) {
      this.cancel(order, CANCEL_SOURCE.reduceOnly);
      return;
    }
    order.frozen = undefined;
    const terms = {
      px: price,
      sz,
      rate: execType === 'T' ? this.options.takerFee : this.options.makerFee,
      execType,
      ts: this.now(),
    };
    const fill =
      inst.instType === 'SWAP'
        ? bookSwapFill(this.account, order, terms, this)
        : bookSpotFill(this.account, order, terms, this);
    this.store.addFill(fill);
    const before = order.accFillSz;
    order.accFillSz = cleanFloat(before + sz);
    order.avgPx = cleanFloat((before * order.avgPx + sz * price) / order.accFillSz);
    order.fee = cleanFloat(order.fee + fill.fee);
    order.feeCcy = fill.feeCcy;
    order.pnl = cleanFloat(order.pnl + fill.pnl);
    order.lastFill = fill;
    order.uTime = fill.ts;
    const complete = order.tgtCcy === 'quote_ccy' || order.accFillSz >= order.sz - 1e-12;
    order.state = complete ? 'filled' : 'partially_filled';
    this.store.touched(order);
    this.emit({ type: 'order', order, fill });
    if (inst.instType === 'SWAP') {
      const mgnMode = order.tdMode === 'isolated' ? 'isolated' : 'cross';
      this.emit({ type: 'position', position: this.account.positionFor(inst, mgnMode, order.posSide), fill });
    }
    this.emit({ type: 'balance', reason: 'fill' });
    if (!complete) this.cancel(order, CANCEL_SOURCE.reduceOnly);
    else if (order.attached.length > 0) this.armAttached(order);
  }

  /** Set by algo-engine.ts: turns an ended order's attached TP/SL into live algo orders (its filled size). */
  armAttached: (order: SimOrder) => void = () => {};

  cancelOrder(raw: RawRequest): ItemResult<SimOrder> {
    const ordId = text(raw, 'ordId');
    const clOrdId = text(raw, 'clOrdId');
    if (ordId === '' && clOrdId === '') return rejected(...S.eitherId());
    const order = this.store.findOrder(text(raw, 'instId'), ordId, clOrdId);
    if (order === undefined) return rejected(...S.cancelMissing());
    if (order.state === 'canceled') return rejected(...S.cancelCanceled());
    if (order.state === 'filled') return rejected(...S.cancelFilled());
    this.cancel(order, CANCEL_SOURCE.user);
    return { ok: true, value: order };
  }

  /** Applies an amend to a live order (checked by amend.ts) and matches it again at its new price. */
  applyAmend(order: SimOrder, change: { sz?: number; px?: number }): void {
    if (change.sz !== undefined) order.sz = change.sz;
    if (change.px !== undefined) order.px = change.px;
    order.uTime = this.now();
    order.frozen = undefined;
    this.emit({ type: 'order', order, amended: true });
    this.#match(order);
  }
}
