/**
 * `CreateOrderRequest` → ccxt `createOrder` for any other ccxt id, using only ccxt's unified parameters:
 * `clientOrderId`, `timeInForce` (IOC / FOK), `postOnly`, and `triggerPrice` where ccxt's feature table
 * says the venue takes it. Spot only, best effort: what a venue does with a unified parameter is ccxt's
 * mapping, not checked here against the venue's documentation.
 */

import type { CreateOrderRequest } from '../exchange/types.js';
import type { ExchangeCapabilities } from './capabilities.js';
import { baseCall, type CcxtOrderCall, checkSupported, type OrderMappingContext } from './order-call.js';

export function genericOrderCall(
  request: CreateOrderRequest,
  exchange: string,
  capabilities: ExchangeCapabilities,
  context: OrderMappingContext,
): CcxtOrderCall {
  checkSupported(request, capabilities, exchange, context);
  const params: Record<string, unknown> = { clientOrderId: request.clientOrderId };
  if (request.timeInForce === 'POST_ONLY') params.postOnly = true;
  else if (request.timeInForce === 'IOC' || request.timeInForce === 'FOK')
    params.timeInForce = request.timeInForce;
  if (request.type === 'stop-market' || request.type === 'stop-limit')
    params.triggerPrice = request.triggerPrice;
  return baseCall(request, params);
}
