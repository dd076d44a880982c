/**
 * `CreateOrderRequest` → ccxt okx `createOrder` (OKX v5 `trade/batch-orders` for market / limit, ccxt's
 * default because its rate limit is higher; `trade/order-algo` for trigger, conditional and trailing).
 *
 * - `clOrdId` = our client order id; algo orders also carry it as `algoClOrdId`, the id OKX files them
 *   under (queries and cancels of algo orders go by `algoClOrdId`).
 * - `tdMode`: ccxt sends `cash` for spot; derivatives get the request's margin mode, else the client's,
 *   else `cross`. (ccxt switches spot *conditional* orders to a margin mode: OKX refuses `cash` there.)
 * - `posSide` in long/short mode only; in net mode OKX takes no posSide.
 * - Post-only → `ordType: post_only`; IOC / FOK → `ioc` / `fok` (limit orders only).
 * - Stops: no direction → `ordType: trigger` (`triggerPx`, `orderPx` = limit price or -1); a direction →
 *   `ordType: conditional` with `slTriggerPx` or `tpTriggerPx` (see order-call.ts), `slOrdPx`/`tpOrdPx` =
 *   the limit price or -1 (market).
 * - Trailing: `ordType: move_order_stop`, `callbackRatio` (fraction; ccxt takes percent and divides by
 *   100) or `callbackSpread` (price distance), `activePx`.
 * - Attached stop-loss / take-profit → one raw `attachAlgoOrds` entry (see `attachAlgoOrds` below); a leg
 *   is moved later through `trade/amend-algos` (`amendAttachedAlgoBody`).
 * - Amounts: contracts for derivatives, base units for spot (`tgtCcy: base_ccy`, ccxt's default).
 */

import { attachedIds, hasRoomForAttachedIds } from '../../core/attached-ids.js';
import type { AttachedLegAmendRequest, CreateOrderRequest } from '../exchange/types.js';
import { OKX_CAPABILITIES } from './capabilities.js';
import {
  baseCall,
  type CcxtOrderCall,
  checkSupported,
  impliedPositionSide,
  limitAndStopParams,
  type OrderMappingContext,
  percentString,
} from './order-call.js';

/** A price as OKX takes it: a plain decimal string, never exponent notation. */
function decimal(value: number): string {
  const text = String(value);
  return text.includes('e') ? value.toFixed(12).replace(/\.?0+$/, '') : text;
}

function leg(
  prefix: 'sl' | 'tp',
  spec: { readonly triggerPrice: number; readonly price?: number } | undefined,
): Record<string, string> {
  if (spec === undefined) return {};
  return {
    [`${prefix}TriggerPx`]: decimal(spec.triggerPrice),
    // -1: a market order when triggered; a price: a limit order there (`tpOrdKind` stays `condition`).
    [`${prefix}OrdPx`]: spec.price === undefined ? '-1' : decimal(spec.price),
    [`${prefix}TriggerPxType`]: 'last',
  };
}

/**
 * Attached stop-loss and take-profit as ONE `attachAlgoOrds` entry. OKX arms an entry holding both legs
 * as a single `oco` algo order once the order fills: when one leg triggers, the other ends with it at the
 * venue, atomically. Two entries would be two unrelated `conditional` orders (OKX's split take-profits),
 * leaving the sibling to a cancel of ours that can race its own trigger. The entry carries a
 * `attachAlgoClOrdId` derived from our id (the attached algo order's `algoClOrdId` later, which is how
 * its reports find the kernel's children); ccxt's `stopLoss` / `takeProfit` params cannot carry it, so
 * the raw list goes out.
 */
export function attachAlgoOrds(request: CreateOrderRequest): Array<Record<string, string>> | undefined {
  if (request.stopLoss === undefined && request.takeProfit === undefined) return undefined;
  return [
    {
      // Only an id with room for the marker names its attached order (the kernel's always have room).
      ...(hasRoomForAttachedIds(request.clientOrderId)
        ? { attachAlgoClOrdId: attachedIds(request.clientOrderId).algo }
        : {}),
      ...leg('sl', request.stopLoss),
      ...leg('tp', request.takeProfit),
    },
  ];
}

/**
 * `trade/amend-algos` body moving one leg of an attached algo order, addressed by its `algoClOrdId`: the
 * leg's fields as `attachAlgoOrds` has them, under OKX's `new…` names (`newSlTriggerPx`, `newSlOrdPx`,
 * `newSlTriggerPxType`; `Tp` for the take-profit). The other leg is left out, so OKX keeps it.
 */
export function amendAttachedAlgoBody(
  request: AttachedLegAmendRequest,
  instId: string,
): Record<string, string> {
  const fields = leg(request.role === 'stop-loss' ? 'sl' : 'tp', request);
  const body: Record<string, string> = { instId, algoClOrdId: request.algoClientOrderId };
  for (const [key, value] of Object.entries(fields))
    body[`new${key[0]!.toUpperCase()}${key.slice(1)}`] = value;
  return body;
}

export function okxOrderCall(request: CreateOrderRequest, context: OrderMappingContext): CcxtOrderCall {
  checkSupported(request, OKX_CAPABILITIES, 'okx', context);
  const params: Record<string, unknown> = { clientOrderId: request.clientOrderId };
  if (request.instrument.kind !== 'spot') {
    params.marginMode = request.marginMode ?? context.marginMode ?? 'cross';
    if (context.positionMode === 'long-short') params.positionSide = impliedPositionSide(request);
  }
  if (request.reduceOnly === true) params.reduceOnly = true;
  limitAndStopParams(request, params);
  switch (request.type) {
    case 'trailing-stop': {
      const trailing = request.trailing!;
      if (trailing.callbackRate !== undefined) params.trailingPercent = percentString(trailing.callbackRate);
      // Passed under OKX's own name: ccxt's `trailingPrice` would also be copied into the body verbatim.
      else params.callbackSpread = String(trailing.callbackOffset);
      if (trailing.activationPrice !== undefined) params.activePx = String(trailing.activationPrice);
      break;
    }
    case 'market':
      break;
  }
  const attached = attachAlgoOrds(request);
  if (attached !== undefined) params.attachAlgoOrds = attached;
  const call = baseCall(request, params);
  if (call.conditional) params.algoClOrdId = request.clientOrderId;
  return call;
}
