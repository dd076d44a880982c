/**
 * Test data for okx-order-call.test.ts: our order for each ccxt OKX request sample (shared/data
 * ccxt-static/request/okx.json) that is one of our order kinds.
 */

import type { CreateOrderRequest } from '../exchange/types.js';
import type { OrderMappingContext } from './order-call.js';

export type Order = Omit<CreateOrderRequest, 'instrument' | 'clientOrderId'> & {
  symbol: string;
  clientOrderId?: string;
};

export const NET: OrderMappingContext = { positionMode: 'net' };
export const HEDGE: OrderMappingContext = { positionMode: 'long-short' };

/**
 * Our order for each ccxt request sample that is one of our order kinds, the position mode it needs, and
 * the keys where our body differs from ccxt's sample on purpose (see okx-order-call.ts):
 * `algoClOrdId` is added to algo orders; `trailingPrice` (ccxt's unified name, copied verbatim into the
 * body) is not sent; no `posSide` in net mode.
 */
export const CASES: ReadonlyArray<{
  description: string;
  nth?: number;
  order: Order;
  context: OrderMappingContext;
  added?: readonly string[];
  dropped?: readonly string[];
}> = [
  {
    description: 'Spot limit buy order',
    order: { symbol: 'LTC/USDT', side: 'buy', type: 'limit', qty: 2, price: 50 },
    context: NET,
  },
  {
    description: 'Spot market buy order',
    order: { symbol: 'LTC/USDT', side: 'buy', type: 'market', qty: 0.1 },
    context: NET,
  },
  {
    description: 'spot order with clientOrderid',
    order: {
      symbol: 'LTC/USDT',
      side: 'buy',
      type: 'limit',
      qty: 0.5,
      price: 50,
      clientOrderId: 'mycustomid',
    },
    context: NET,
  },
  {
    description: 'Swap market buy with posSide = long',
    order: { symbol: 'LTC/USDT:USDT', side: 'buy', type: 'market', qty: 1 },
    context: HEDGE,
  },
  {
    description: 'Swap limit buy with stopPrice and posSide = long.',
    order: { symbol: 'LTC/USDT:USDT', side: 'buy', type: 'stop-limit', qty: 1, price: 50, triggerPrice: 55 },
    context: HEDGE,
    added: ['algoClOrdId'],
  },
  {
    description: 'Swap limit sell with takeProfitPrice and posSide = long.',
    order: {
      symbol: 'LTC/USDT:USDT',
      side: 'sell',
      type: 'stop-limit',
      qty: 1,
      price: 100,
      triggerPrice: 105,
      triggerDirection: 'rise',
      positionSide: 'long',
    },
    context: HEDGE,
    added: ['algoClOrdId'],
  },
  {
    description: 'Swap limit sell with stopLossPrice and posSide = long.',
    order: {
      symbol: 'LTC/USDT:USDT',
      side: 'sell',
      type: 'stop-limit',
      qty: 1,
      price: 49,
      triggerPrice: 50,
      triggerDirection: 'fall',
      positionSide: 'long',
    },
    context: HEDGE,
    added: ['algoClOrdId'],
  },
  {
    description: 'spot stopLossPrice sell order',
    order: {
      symbol: 'LTC/USDT',
      side: 'sell',
      type: 'stop-market',
      qty: 0.1,
      triggerPrice: 90,
      triggerDirection: 'fall',
    },
    context: NET,
    added: ['algoClOrdId'],
  },
  {
    description: 'spot takeProfitPrice buy order',
    order: {
      symbol: 'LTC/USDT',
      side: 'buy',
      type: 'stop-market',
      qty: 2,
      triggerPrice: 90,
      triggerDirection: 'fall',
    },
    context: NET,
    added: ['algoClOrdId'],
  },
  {
    description: 'spot stopLossPrice buy order',
    order: {
      symbol: 'LTC/USDT',
      side: 'buy',
      type: 'stop-market',
      qty: 2,
      triggerPrice: 120,
      triggerDirection: 'rise',
    },
    context: NET,
    added: ['algoClOrdId'],
  },
  {
    description: 'contract with hedged market sell and stopLossPrice',
    order: {
      symbol: 'ETH/USDT:USDT',
      side: 'sell',
      type: 'stop-market',
      qty: 1,
      triggerPrice: 2000,
      triggerDirection: 'fall',
      positionSide: 'long',
    },
    context: HEDGE,
    added: ['algoClOrdId'],
  },
  {
    description: 'type2 & type3 together',
    nth: 0,
    order: {
      symbol: 'BTC/USDT:USDT',
      side: 'buy',
      type: 'market',
      qty: 0.1,
      stopLoss: { triggerPrice: 100333 },
    },
    context: NET,
  },
  {
    description: 'type2 & type3 together',
    nth: 1,
    order: {
      symbol: 'BTC/USDT:USDT',
      side: 'buy',
      type: 'stop-market',
      qty: 0.1,
      triggerPrice: 100444,
      stopLoss: { triggerPrice: 100333 },
    },
    context: NET,
    added: ['algoClOrdId'],
  },
  {
    description: 'sell order with stopLoss',
    order: {
      symbol: 'LTC/USDT:USDT',
      side: 'sell',
      type: 'limit',
      qty: 0.4,
      price: 100,
      stopLoss: { triggerPrice: 120 },
    },
    context: NET,
  },
  {
    description: 'Opening position with tp + sl attached (type 3)',
    order: {
      symbol: 'ADA/USDT:USDT',
      side: 'buy',
      type: 'limit',
      qty: 50,
      price: 0.2,
      takeProfit: { triggerPrice: 5 },
      stopLoss: { triggerPrice: 0.1 },
    },
    context: HEDGE,
  },
  {
    description: 'Create a swap postOnly limit order with tp + sl attached (type 3)',
    order: {
      symbol: 'BTC/USDT:USDT',
      side: 'buy',
      type: 'limit',
      qty: 1,
      price: 25000,
      timeInForce: 'POST_ONLY',
      stopLoss: { triggerPrice: 24000 },
      takeProfit: { triggerPrice: 26000 },
    },
    context: HEDGE,
  },
  {
    description: 'Swap inverse market long order',
    order: { symbol: 'BTC/USD:BTC', side: 'buy', type: 'market', qty: 1 },
    context: HEDGE,
  },
  {
    description: 'Close an inverse swap position with a market reduceOnly order',
    order: { symbol: 'BTC/USD:BTC', side: 'sell', type: 'market', qty: 1, reduceOnly: true },
    context: HEDGE,
  },
  {
    description: 'Create a one-way-mode order with position side set to net',
    order: { symbol: 'BTC/USD:BTC', side: 'buy', type: 'limit', qty: 1, price: 25000 },
    context: NET,
    dropped: ['posSide'],
  },
  {
    description: 'Swap trailingPercent order',
    order: {
      symbol: 'BTC/USDT:USDT',
      side: 'sell',
      type: 'trailing-stop',
      qty: 1,
      reduceOnly: true,
      trailing: { callbackRate: 0.05 },
    },
    context: HEDGE,
    added: ['algoClOrdId'],
  },
  {
    description: 'create a trailinPrice order to close a long position',
    order: {
      symbol: 'BTC/USDT:USDT',
      side: 'sell',
      type: 'trailing-stop',
      qty: 1,
      reduceOnly: true,
      trailing: { callbackOffset: 100 },
    },
    context: HEDGE,
    added: ['algoClOrdId'],
    dropped: ['trailingPrice'],
  },
];
