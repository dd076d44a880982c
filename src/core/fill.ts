/**
 * Fills: one execution of one of our orders, as the venue reported it.
 *
 * Quantities are in contracts (see `instrument.ts`). `fee` is what we paid, positive; a maker rebate is
 * negative. (OKX reports fees paid as negative numbers: venue adapters flip the sign.)
 */

import { QuantLabError } from './errors.js';
import type { ClientOrderId, InstrumentId, TradeId, VenueOrderId } from './ids.js';
import { type OrderSide, sideSign } from './side.js';

export type Liquidity = 'maker' | 'taker';

export interface Fill {
  /** Venue trade id: fills are de-duplicated by it. */
  readonly tradeId: TradeId;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId?: VenueOrderId;
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  /** Filled quantity in contracts, > 0. */
  readonly qty: number;
  /** Execution price, > 0. */
  readonly price: number;
  /** Fee paid (positive) or rebate received (negative), in `feeCurrency`. */
  readonly fee: number;
  readonly feeCurrency: string;
  readonly liquidity: Liquidity;
  /** When the venue executed it, epoch ms. */
  readonly tsEvent: number;
  /** When we learned of it, epoch ms. */
  readonly tsInit: number;
}

/** The fill's quantity with the sign of its side: positive for buys, negative for sells. */
export function signedFillQty(fill: Pick<Fill, 'side' | 'qty'>): number {
  return sideSign(fill.side) * fill.qty;
}

/**
 * Returns the rules a fill breaks (empty when sound): side, qty > 0, price > 0, finite fee, a fee
 * currency, liquidity, and finite timestamps. Ids are validated by their branded constructors.
 */
export function fillProblems(fill: Fill): string[] {
  const problems: string[] = [];
  if (fill.side !== 'buy' && fill.side !== 'sell')
    problems.push(`side ${String(fill.side)} is not buy or sell`);
  if (!Number.isFinite(fill.qty) || fill.qty <= 0)
    problems.push(`qty ${fill.qty} is not a finite number > 0`);
  if (!Number.isFinite(fill.price) || fill.price <= 0)
    problems.push(`price ${fill.price} is not a finite number > 0`);
  if (!Number.isFinite(fill.fee)) problems.push(`fee ${fill.fee} is not a finite number`);
  if (typeof fill.feeCurrency !== 'string' || fill.feeCurrency === '') problems.push('feeCurrency is empty');
  if (fill.liquidity !== 'maker' && fill.liquidity !== 'taker')
    problems.push(`liquidity ${String(fill.liquidity)} is not maker or taker`);
  if (!Number.isFinite(fill.tsEvent)) problems.push(`tsEvent ${fill.tsEvent} is not a finite number`);
  if (!Number.isFinite(fill.tsInit)) problems.push(`tsInit ${fill.tsInit} is not a finite number`);
  return problems;
}

/** Throws QL_ERR_INVALID_INPUT when `fill` breaks any rule of `fillProblems`; returns it otherwise. */
export function validateFill(fill: Fill): Fill {
  const problems = fillProblems(fill);
  if (problems.length > 0) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `Invalid fill ${fill.tradeId}: ${problems.join('; ')}.`, {
      details: { tradeId: fill.tradeId, clientOrderId: fill.clientOrderId, problems },
    });
  }
  return fill;
}
