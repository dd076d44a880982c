/**
 * The shared half of order mapping: what one ccxt `createOrder(symbol, type, side, amount, price, params)`
 * call is, the capability check every venue runs before mapping, and the stop-direction rule.
 *
 * Stop direction. OKX conditional orders and Binance STOP / TAKE_PROFIT orders fire in a fixed direction
 * per side: a stop-loss sells on a fall and buys on a rise, a take-profit sells on a rise and buys on a
 * fall. So `triggerDirection` picks the kind: (sell, fall) and (buy, rise) are stop-losses, the other two
 * take-profits. Without a direction OKX's plain trigger order fires on whichever side the price reaches
 * the trigger from (the kernel's own rule), and Binance falls back to its STOP kind (buy rises, sell falls).
 */

import type { OrderSide } from '../../core/side.js';
import { type CreateOrderRequest, ExchangeError } from '../exchange/types.js';
import { type ExchangeCapabilities, isConditionalType } from './capabilities.js';
import type { PositionMode } from './options.js';

export interface CcxtOrderCall {
  readonly symbol: string;
  readonly type: 'market' | 'limit';
  readonly side: OrderSide;
  /** Contracts for derivatives (ccxt okx and binanceusdm take contracts), base units for spot. */
  readonly amount: number;
  readonly price: number | undefined;
  readonly params: Record<string, unknown>;
  /** Placed through the venue's algo endpoints, which keep their own ids (OKX algoId, Binance algoId). */
  readonly conditional: boolean;
}

export interface OrderMappingContext {
  /** Default margin mode for derivative orders that name none. */
  readonly marginMode?: 'cross' | 'isolated';
  readonly positionMode: PositionMode;
}

function refuse(exchange: string, request: CreateOrderRequest, what: string): never {
  throw new ExchangeError('rejected', `${exchange} cannot place ${request.clientOrderId}: ${what}`);
}

/** Refuses (before sending anything) a request the venue cannot carry out as asked. */
export function checkSupported(
  request: CreateOrderRequest,
  capabilities: ExchangeCapabilities,
  exchange: string,
  context: OrderMappingContext,
): void {
  const { type } = request;
  if (!capabilities.orderTypes.includes(type)) refuse(exchange, request, `${type} orders are not supported`);
  if (request.instrument.kind !== 'spot' && !capabilities.derivatives)
    refuse(exchange, request, `${request.instrument.kind} markets are not supported (spot only)`);
  const tif = request.timeInForce;
  if (tif !== undefined && tif !== 'GTC') {
    if (type !== 'limit') refuse(exchange, request, `${tif} applies to limit orders only`);
    if (!capabilities.timeInForce.includes(tif)) refuse(exchange, request, `${tif} is not supported`);
  }
  if ((type === 'limit' || type === 'stop-limit') && request.price === undefined)
    refuse(exchange, request, `a ${type} order needs a price`);
  if ((type === 'stop-market' || type === 'stop-limit') && request.triggerPrice === undefined)
    refuse(exchange, request, `a ${type} order needs a trigger price`);
  if (request.triggerDirection !== undefined && !capabilities.triggerDirection)
    refuse(exchange, request, 'stop orders cannot be given a trigger direction');
  if (type === 'trailing-stop') {
    const trailing = request.trailing;
    if (trailing?.callbackRate === undefined && trailing?.callbackOffset === undefined)
      refuse(exchange, request, 'a trailing stop needs a callback rate or offset');
    if (trailing?.callbackRate === undefined && !capabilities.trailingOffset)
      refuse(exchange, request, 'trailing by a price offset is not supported (percent only)');
  }
  const attached = request.stopLoss !== undefined || request.takeProfit !== undefined;
  if (attached && !capabilities.attachedProtection)
    refuse(exchange, request, 'attached stop-loss / take-profit are not native here (emulate locally)');
  if (
    attached &&
    (type === 'trailing-stop' || (isConditionalType(type) && request.triggerDirection !== undefined))
  )
    refuse(
      exchange,
      request,
      'stop-loss / take-profit attach to market, limit and plain trigger orders only',
    );
  if (request.reduceOnly === true && !capabilities.reduceOnly)
    refuse(exchange, request, 'reduce-only orders are not supported');
  if (
    request.positionSide !== undefined &&
    (context.positionMode !== 'long-short' || !capabilities.hedgeMode)
  )
    refuse(exchange, request, 'a position side needs the account in long/short (hedge) mode');
}

/** Which fixed-direction stop kind fires the way the request asks (see the file comment). */
export function stopKind(side: OrderSide, direction: 'rise' | 'fall'): 'stop-loss' | 'take-profit' {
  return (side === 'sell') === (direction === 'fall') ? 'stop-loss' : 'take-profit';
}

/**
 * The position side in hedge mode when the request names none: an order opens the side it trades
 * towards, and a reduce-only order closes the opposite one.
 */
/**
 * The ccxt params both OKX and Binance USDⓈ-M take the same way: time in force for limit orders (post-only
 * as ccxt's `postOnly`), and a stop's trigger — `triggerPrice` when no direction is asked, otherwise
 * `stopLossPrice` / `takeProfitPrice` so the venue fires on the requested side. Trailing stops differ per
 * venue and stay with each mapping.
 */
export function limitAndStopParams(request: CreateOrderRequest, params: Record<string, unknown>): void {
  if (request.type === 'limit') {
    if (request.timeInForce === 'POST_ONLY') params.postOnly = true;
    else if (request.timeInForce === 'IOC' || request.timeInForce === 'FOK')
      params.timeInForce = request.timeInForce;
  } else if (request.type === 'stop-market' || request.type === 'stop-limit') {
    const trigger = request.triggerPrice!;
    if (request.triggerDirection === undefined) params.triggerPrice = trigger;
    else if (stopKind(request.side, request.triggerDirection) === 'stop-loss') params.stopLossPrice = trigger;
    else params.takeProfitPrice = trigger;
  }
}

export function impliedPositionSide(request: CreateOrderRequest): 'long' | 'short' {
  if (request.positionSide !== undefined) return request.positionSide;
  const buy = request.side === 'buy';
  return request.reduceOnly === true ? (buy ? 'short' : 'long') : buy ? 'long' : 'short';
}

/** A fraction as a percent string without binary noise: 0.05 → "5", 0.015 → "1.5". */
export function percentString(fraction: number): string {
  return String(Number((fraction * 100).toPrecision(12)));
}

/** ccxt's order type for one of ours: trigger and trailing orders ride on market / limit plus params. */
export function ccxtTypeOf(request: CreateOrderRequest): 'market' | 'limit' {
  return request.type === 'limit' || request.type === 'stop-limit' ? 'limit' : 'market';
}

export function baseCall(request: CreateOrderRequest, params: Record<string, unknown>): CcxtOrderCall {
  const type = ccxtTypeOf(request);
  return {
    symbol: request.instrument.symbol,
    type,
    side: request.side,
    amount: request.qty,
    price: type === 'limit' ? request.price : undefined,
    params,
    conditional: isConditionalType(request.type),
  };
}
