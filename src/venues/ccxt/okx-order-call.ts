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
 * - Attached stop-loss / take-profit → `attachAlgoOrds` (`slTriggerPx`/`slOrdPx`, `tpTriggerPx`/`tpOrdPx`).
 * - Amounts: contracts for derivatives, base units for spot (`tgtCcy: base_ccy`, ccxt's default).
 */

import type { CreateOrderRequest } from '../exchange/types.js';
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

function protection(leg: { triggerPrice: number; price?: number }): Record<string, number> {
  return leg.price === undefined ? { triggerPrice: leg.triggerPrice } : { ...leg };
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
  if (request.stopLoss !== undefined) params.stopLoss = protection(request.stopLoss);
  if (request.takeProfit !== undefined) params.takeProfit = protection(request.takeProfit);
  const call = baseCall(request, params);
  if (call.conditional) params.algoClOrdId = request.clientOrderId;
  return call;
}
