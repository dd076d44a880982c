/**
 * Which WebSocket channels the simulator serves, and where (OKX v5, after its 2023 URL split): market
 * channels on `/public`, candles and the algo-orders channel on `/business`, account channels on
 * `/private`. Private channels need a login on that connection first.
 */

import { barLength } from './market-data.js';

/** A subscription argument as clients send it (`{"channel":"orders","instType":"ANY"}`). */
export interface SubscribeArg {
  channel: string;
  instId?: string;
  instType?: string;
  instFamily?: string;
  ccy?: string;
}

export interface ChannelRoute {
  endpoint: 'public' | 'private' | 'business';
  private: boolean;
  needsInstId: boolean;
  needsInstType: boolean;
}

const PUBLIC_MARKET = new Set([
  'tickers',
  'trades',
  'books',
  'books5',
  'bbo-tbt',
  'mark-price',
  'funding-rate',
]);
const INST_TYPES = new Set(['ANY', 'SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION']);

const route = (
  endpoint: ChannelRoute['endpoint'],
  isPrivate: boolean,
  needsInstId: boolean,
  needsInstType: boolean,
): ChannelRoute => ({ endpoint, private: isPrivate, needsInstId, needsInstType });

/** The route of a channel, or undefined when the simulator does not serve it. */
export function channelRoute(arg: SubscribeArg): ChannelRoute | undefined {
  const { channel } = arg;
  if (typeof channel !== 'string') return undefined;
  if (PUBLIC_MARKET.has(channel)) return route('public', false, true, false);
  if (channel.startsWith('candle')) {
    return barLength(channel.slice('candle'.length)) === undefined
      ? undefined
      : route('business', false, true, false);
  }
  if (arg.instType !== undefined && !INST_TYPES.has(arg.instType)) return undefined;
  switch (channel) {
    case 'orders':
    case 'positions':
      return route('private', true, false, true);
    case 'account':
    case 'balance_and_position':
      return route('private', true, false, false);
    case 'orders-algo':
      return route('business', true, false, true);
    default:
      return undefined;
  }
}

/** True when a private subscription's filters (instType, instId) take a row of this instrument. */
export function matchesInstrument(arg: SubscribeArg, instType: string, instId: string): boolean {
  if (arg.instType !== undefined && arg.instType !== 'ANY' && arg.instType !== instType) return false;
  if (arg.instId !== undefined && arg.instId !== instId) return false;
  return true;
}
