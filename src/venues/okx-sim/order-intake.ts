/**
 * Reading a place-order request (`/trade/order`, one item of `/trade/batch-orders`) the way OKX checks
 * it, before anything touches the account: instrument, side, order type, trade mode, position side,
 * size and price on the instrument's grids, client order id, and attached TP/SL. The account-dependent
 * checks (balance, reduce-only, duplicates) are the engine's.
 */

import { S } from './codes.js';
import type { SimInstrument } from './instruments.js';
import { onGrid, parseDecimal, parseFlag } from './numbers.js';
import type { AttachedTpSl, ItemResult, OrdType, PosMode, PosSide, Side, TdMode } from './types.js';
import { rejected } from './types.js';

export type RawRequest = Readonly<Record<string, unknown>>;

export interface IntakeContext {
  instrument(instId: string): SimInstrument | undefined;
  posMode(): PosMode;
  lastPrice(inst: SimInstrument): number;
  /** Limit prices may be at most this fraction through the last price (OKX's price limit, 51006). */
  priceBand: number;
}

export interface CommonFields {
  inst: SimInstrument;
  side: Side;
  tdMode: TdMode;
  posSide: PosSide;
  sz: number;
  reduceOnly: boolean;
  tag: string;
}

export interface OrderSpec extends CommonFields {
  ordType: OrdType;
  px: number | undefined;
  tgtCcy: '' | 'base_ccy' | 'quote_ccy';
  clOrdId: string;
  attached: Array<Omit<AttachedTpSl, 'attachAlgoId'>>;
}

const ORD_TYPES: readonly OrdType[] = ['market', 'limit', 'post_only', 'ioc', 'fok', 'optimal_limit_ioc'];
const CLIENT_ID = /^[A-Za-z0-9]{1,32}$/;

export type Fail = { ok: false; sCode: string; sMsg: string };
const fail = ([code, msg]: [string, string]): Fail => rejected(code, msg);

/** A string field (numbers and booleans as ccxt may send them are stringified). */
export function text(raw: RawRequest, key: string): string {
  const value = raw[key];
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/** A price on the tick grid; undefined when absent, a failure when malformed. */
export function priceField(raw: RawRequest, key: string, inst: SimInstrument): number | undefined | Fail {
  const value = parseDecimal(raw[key]);
  if (value === undefined) return undefined;
  if (Number.isNaN(value) || value <= 0 || !onGrid(value, inst.tick)) return fail(S.param(key));
  return value;
}

/** An order price: -1 (market) or a price on the grid. */
export function orderPriceField(
  raw: RawRequest,
  key: string,
  inst: SimInstrument,
): number | undefined | Fail {
  if (parseDecimal(raw[key]) === -1) return -1;
  return priceField(raw, key, inst);
}

export const isFail = (value: unknown): value is Fail =>
  typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;

/** Fields every order and algo order has. */
export function parseCommon(raw: RawRequest, ctx: IntakeContext): ItemResult<CommonFields> {
  const instId = text(raw, 'instId');
  if (instId === '') return fail(S.paramEmpty('instId'));
  const inst = ctx.instrument(instId);
  if (inst === undefined) return fail(S.instrument());
  const side = text(raw, 'side');
  if (side !== 'buy' && side !== 'sell') return fail(S.param('side'));
  const tdMode = text(raw, 'tdMode');
  if (tdMode === '') return fail(S.paramEmpty('tdMode'));
  const spot = inst.instType === 'SPOT';
  // Spot accepts cross/isolated as ccxt sends them for spot algo orders; they trade as cash (no borrowing).
  if (tdMode !== 'cash' && tdMode !== 'cross' && tdMode !== 'isolated') return fail(S.param('tdMode'));
  if (!spot && tdMode === 'cash') return fail(S.param('tdMode'));
  const posSideText = text(raw, 'posSide');
  let posSide: PosSide = 'net';
  if (!spot) {
    if (ctx.posMode() === 'long_short_mode') {
      if (posSideText !== 'long' && posSideText !== 'short') return fail(S.param('posSide'));
      posSide = posSideText;
    } else if (posSideText !== '' && posSideText !== 'net') return fail(S.param('posSide'));
  }
  const reduceOnly = parseFlag(raw.reduceOnly);
  if (spot && reduceOnly) return fail(S.spotReduceOnly());
  const tag = text(raw, 'tag');
  if (tag.length > 16) return fail(S.param('tag'));
  return {
    ok: true,
    value: { inst, side, tdMode: spot ? 'cash' : (tdMode as TdMode), posSide, sz: 0, reduceOnly, tag },
  };
}

/** A size on the lot grid and at least the minimum size. */
export function sizeField(raw: RawRequest, inst: SimInstrument, quoteAmount = false): number | Fail {
  const sz = parseDecimal(raw.sz);
  if (sz === undefined) return fail(S.paramEmpty('sz'));
  if (Number.isNaN(sz) || sz <= 0) return fail(S.param('sz'));
  if (quoteAmount) return sz;
  if (!onGrid(sz, inst.lot)) return fail(S.lotSize());
  if (sz < inst.min - 1e-12) return fail(S.belowMinSize(inst.minSz));
  return sz;
}

/** Attached TP/SL: `attachAlgoOrds`, or the older top-level `tpTriggerPx`/`slTriggerPx` fields. */
function parseAttached(raw: RawRequest, inst: SimInstrument): OrderSpec['attached'] | Fail {
  const list = Array.isArray(raw.attachAlgoOrds)
    ? (raw.attachAlgoOrds as RawRequest[])
    : raw.tpTriggerPx !== undefined || raw.slTriggerPx !== undefined
      ? [raw]
      : [];
  const result: OrderSpec['attached'] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) return fail(S.param('attachAlgoOrds'));
    const fields: Record<string, number | undefined> = {};
    for (const key of ['tpTriggerPx', 'slTriggerPx']) {
      const v = priceField(item, key, inst);
      if (isFail(v)) return v;
      fields[key] = v;
    }
    for (const key of ['tpOrdPx', 'slOrdPx']) {
      const v = orderPriceField(item, key, inst);
      if (isFail(v)) return v;
      fields[key] = v;
    }
    if (fields.tpTriggerPx === undefined && fields.slTriggerPx === undefined) continue;
    // It becomes the armed algo order's algoClOrdId: OKX's client id rule (1–32 alphanumerics).
    const attachId = text(item, 'attachAlgoClOrdId');
    if (attachId !== '' && !CLIENT_ID.test(attachId)) return fail(S.param('attachAlgoClOrdId'));
    result.push({
      attachAlgoClOrdId: text(item, 'attachAlgoClOrdId'),
      ...(fields.tpTriggerPx === undefined
        ? {}
        : { tpTriggerPx: fields.tpTriggerPx, tpOrdPx: fields.tpOrdPx ?? -1 }),
      ...(fields.slTriggerPx === undefined
        ? {}
        : { slTriggerPx: fields.slTriggerPx, slOrdPx: fields.slOrdPx ?? -1 }),
      tpTriggerPxType: fields.tpTriggerPx === undefined ? '' : text(item, 'tpTriggerPxType') || 'last',
      slTriggerPxType: fields.slTriggerPx === undefined ? '' : text(item, 'slTriggerPxType') || 'last',
    });
  }
  return result;
}

/** Attached TP/SL must sit on the profitable/protective side of the order's price. */
function checkAttachedSides(spec: OrderSpec, reference: number): Fail | undefined {
  for (const a of spec.attached) {
    if (spec.side === 'buy') {
      if (a.tpTriggerPx !== undefined && a.tpTriggerPx <= reference) return fail(S.attachedTpBuy());
      if (a.slTriggerPx !== undefined && a.slTriggerPx >= reference) return fail(S.attachedSlBuy());
    } else {
      if (a.tpTriggerPx !== undefined && a.tpTriggerPx >= reference) return fail(S.attachedTpSell());
      if (a.slTriggerPx !== undefined && a.slTriggerPx <= reference) return fail(S.attachedSlSell());
    }
  }
  return undefined;
}

export function parseOrderRequest(raw: RawRequest, ctx: IntakeContext): ItemResult<OrderSpec> {
  const common = parseCommon(raw, ctx);
  if (!common.ok) return common;
  const { inst } = common.value;
  const ordType = text(raw, 'ordType') as OrdType;
  if (!ORD_TYPES.includes(ordType)) return fail(S.param('ordType'));
  const market = ordType === 'market' || ordType === 'optimal_limit_ioc';
  const spot = inst.instType === 'SPOT';
  const tgtText = text(raw, 'tgtCcy');
  if (tgtText !== '' && tgtText !== 'base_ccy' && tgtText !== 'quote_ccy') return fail(S.param('tgtCcy'));
  const quoteSized = spot && market && common.value.side === 'buy' && tgtText === 'quote_ccy';
  const sz = sizeField(raw, inst, quoteSized);
  if (isFail(sz)) return sz;
  let px: number | undefined;
  if (!market) {
    const parsed = priceField(raw, 'px', inst);
    if (isFail(parsed)) return parsed;
    if (parsed === undefined) return fail(S.paramEmpty('px'));
    px = parsed;
    const last = ctx.lastPrice(inst);
    const maxBuy = last * (1 + ctx.priceBand);
    const minSell = last * (1 - ctx.priceBand);
    if ((common.value.side === 'buy' && px > maxBuy) || (common.value.side === 'sell' && px < minSell)) {
      const digits = inst.tickSz.includes('.') ? inst.tickSz.split('.')[1]!.length : 0;
      return fail(S.priceLimit(maxBuy.toFixed(digits), minSell.toFixed(digits)));
    }
  }
  const clOrdId = text(raw, 'clOrdId');
  if (clOrdId !== '' && !CLIENT_ID.test(clOrdId)) return fail(S.param('clOrdId'));
  const attached = parseAttached(raw, inst);
  if (isFail(attached)) return attached;
  const spec: OrderSpec = {
    ...common.value,
    sz,
    ordType,
    px,
    tgtCcy: spot ? (quoteSized ? 'quote_ccy' : 'base_ccy') : '',
    clOrdId,
    attached,
  };
  const attachedFail = checkAttachedSides(spec, px ?? ctx.lastPrice(inst));
  if (attachedFail !== undefined) return attachedFail;
  return { ok: true, value: spec };
}
