/**
 * What each venue does natively, so the kernel knows what it must emulate locally (attached stop-loss /
 * take-profit on Binance, anything at all on a generic ccxt id). A request for something a venue cannot
 * do is refused by the client before anything is sent (`ExchangeError` kind `rejected`), never silently
 * downgraded.
 */

import type { OrderType, TimeInForce } from '../../core/order.js';
import type { ExchangeCapabilities } from '../exchange/types.js';

export type { ExchangeCapabilities } from '../exchange/types.js';

const ALL_TYPES: readonly OrderType[] = ['market', 'limit', 'stop-market', 'stop-limit', 'trailing-stop'];
const ALL_TIF: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'POST_ONLY'];

export const OKX_CAPABILITIES: ExchangeCapabilities = {
  orderTypes: ALL_TYPES,
  timeInForce: ALL_TIF,
  triggerDirection: true,
  trailingStop: true,
  trailingOffset: true,
  attachedProtection: true,
  amend: true,
  amendConditional: true,
  reduceOnly: true,
  hedgeMode: true,
  derivatives: true,
  privateStreams: true,
};

export const BINANCE_USDM_CAPABILITIES: ExchangeCapabilities = {
  orderTypes: ALL_TYPES,
  timeInForce: ALL_TIF,
  triggerDirection: true,
  trailingStop: true,
  trailingOffset: false,
  attachedProtection: false,
  amend: true,
  amendConditional: false,
  reduceOnly: true,
  hedgeMode: true,
  derivatives: true,
  privateStreams: true,
};

/** The part of a ccxt exchange the generic capabilities are read from (`has` and `features`). */
export interface CcxtFeatureSource {
  readonly has: Record<string, unknown>;
  readonly features?: unknown;
}

interface SpotCreateFeatures {
  readonly triggerPrice?: boolean;
  readonly timeInForce?: Partial<Record<'IOC' | 'FOK' | 'PO', boolean>>;
}

function spotCreateFeatures(exchange: CcxtFeatureSource): SpotCreateFeatures {
  const features = exchange.features as { spot?: { createOrder?: SpotCreateFeatures } } | undefined;
  return features?.spot?.createOrder ?? {};
}

/**
 * Any other ccxt id: spot market and limit orders, plus what ccxt's own feature table says the venue
 * unifies (IOC / FOK / post-only, trigger orders without a direction). No amend: ccxt's `editOrder`
 * is a cancel-and-replace on many venues, which would change the order's identity behind the kernel.
 */
export function genericCapabilities(exchange: CcxtFeatureSource): ExchangeCapabilities {
  const create = spotCreateFeatures(exchange);
  const tif = create.timeInForce ?? {};
  const streams = ['watchOrders', 'watchMyTrades', 'watchBalance'].every((m) => exchange.has[m] === true);
  return {
    orderTypes:
      create.triggerPrice === true ? ['market', 'limit', 'stop-market', 'stop-limit'] : ['market', 'limit'],
    timeInForce: [
      'GTC',
      ...(tif.IOC === true ? (['IOC'] as const) : []),
      ...(tif.FOK === true ? (['FOK'] as const) : []),
      ...(tif.PO === true ? (['POST_ONLY'] as const) : []),
    ],
    triggerDirection: false,
    trailingStop: false,
    trailingOffset: false,
    attachedProtection: false,
    amend: false,
    amendConditional: false,
    reduceOnly: false,
    hedgeMode: false,
    derivatives: false,
    privateStreams: streams,
  };
}

/** Stop, take-profit and trailing orders: algo orders on OKX and Binance USDⓈ-M (own ids, own endpoints). */
export function isConditionalType(type: OrderType): boolean {
  return type === 'stop-market' || type === 'stop-limit' || type === 'trailing-stop';
}
