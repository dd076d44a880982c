/**
 * `CreateOrderRequest` → ccxt binanceusdm `createOrder`: `POST /fapi/v1/order` for market / limit and,
 * since Binance moved conditional orders to its Algo Service (2025-12), `POST /fapi/v1/algoOrder`
 * (`algoType: CONDITIONAL`) for STOP / TAKE_PROFIT / TRAILING_STOP_MARKET — ccxt 4.5 routes there itself.
 *
 * - Client order id: `newClientOrderId`, or `clientAlgoId` for algo orders (ccxt picks the field).
 * - Post-only → `timeInForce: GTX`; IOC / FOK as they are (limit orders only).
 * - Stops: a direction picks STOP_MARKET / STOP (stop-loss) or TAKE_PROFIT_MARKET / TAKE_PROFIT
 *   (take-profit) per order-call.ts; without one, ccxt's `triggerPrice` gives STOP_MARKET / STOP.
 * - Trailing: TRAILING_STOP_MARKET, `callbackRate` in percent (Binance allows 0.1 … 10), `activationPrice`.
 *   Binance cannot trail by a price distance.
 * - Reduce-only in one-way mode; in hedge mode Binance refuses `reduceOnly` and `positionSide`
 *   LONG / SHORT says which position the order works on.
 * - No attached stop-loss / take-profit: refused here, the kernel emulates them (capabilities).
 */

import type { CreateOrderRequest } from '../exchange/types.js';
import { ExchangeError } from '../exchange/types.js';
import { BINANCE_USDM_CAPABILITIES } from './capabilities.js';
import {
  baseCall,
  type CcxtOrderCall,
  checkSupported,
  impliedPositionSide,
  limitAndStopParams,
  type OrderMappingContext,
  percentString,
} from './order-call.js';

/** Binance USDⓈ-M `callbackRate` bounds, percent. */
const MIN_CALLBACK_PERCENT = 0.1;
const MAX_CALLBACK_PERCENT = 10;

export function binanceOrderCall(request: CreateOrderRequest, context: OrderMappingContext): CcxtOrderCall {
  checkSupported(request, BINANCE_USDM_CAPABILITIES, 'binanceusdm', context);
  const params: Record<string, unknown> = { clientOrderId: request.clientOrderId };
  if (context.positionMode === 'long-short') {
    params.positionSide = impliedPositionSide(request) === 'long' ? 'LONG' : 'SHORT';
  } else if (request.reduceOnly === true) {
    params.reduceOnly = true;
  }
  limitAndStopParams(request, params);
  switch (request.type) {
    case 'trailing-stop': {
      const trailing = request.trailing!;
      const percent = Number(percentString(trailing.callbackRate!));
      if (!(percent >= MIN_CALLBACK_PERCENT && percent <= MAX_CALLBACK_PERCENT)) {
        throw new ExchangeError(
          'rejected',
          `binanceusdm cannot place ${request.clientOrderId}: callback rate ${percent}% is outside 0.1 % … 10 %`,
        );
      }
      params.trailingPercent = String(percent);
      if (trailing.activationPrice !== undefined) params.trailingTriggerPrice = trailing.activationPrice;
      break;
    }
    case 'market':
      break;
  }
  return baseCall(request, params);
}
