/**
 * What the venue refuses at submission (and amendment), as an exchange would: off-grid prices and sizes
 * (the kernel rounds before sending), no market price yet, reduce-only without a position to reduce,
 * spot shorts, post-only orders that would take, and missing margin or cash. Margin is checked here
 * only, never at fill time; working orders reserve nothing.
 */

import type { Instrument } from '../../core/instrument.js';
import type { OrderType, TimeInForce } from '../../core/order.js';
import { validateOrderPrice, validateOrderQty } from '../../core/precision.js';
import { notional } from './account.js';
import { formatAmount, gridReason, gridRejection, reason } from './reasons.js';
import type { VenueState } from './state.js';

/** The terms of an order (new, or as an amendment would leave it). NaN = absent. */
export interface OrderTerms {
  readonly sign: 1 | -1;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly: boolean;
  /** Total quantity (grid rules apply to it). */
  readonly qty: number;
  /** What is still to fill (the funds check applies to it). */
  readonly leaves: number;
  readonly price: number;
  readonly trigger: number;
  readonly activation: number;
}

export interface CheckScope {
  /** Check POST_ONLY marketability (new orders and price changes). */
  readonly postOnly: boolean;
  /** Check margin or cash (new orders and size increases). */
  readonly funds: boolean;
}

/**
 * The grid rule (tick, lot, min size, min notional) `terms` break, as a rejection reason: the checks of
 * `validateOrderForInstrument`, called directly (no closure or order object per submission).
 */
function gridProblem(inst: Instrument, terms: OrderTerms): string | undefined {
  const price = Number.isNaN(terms.price) ? undefined : terms.price;
  const trigger = Number.isNaN(terms.trigger) ? undefined : terms.trigger;
  try {
    if (price !== undefined) validateOrderPrice(inst, price);
    if (trigger !== undefined) validateOrderPrice(inst, trigger);
    validateOrderQty(inst, terms.qty, price ?? trigger);
    if (!Number.isNaN(terms.activation)) validateOrderPrice(inst, terms.activation);
    return undefined;
  } catch (error) {
    return gridReason(error);
  }
}

/** The rejection reason for `terms` on symbol i, or undefined when the venue accepts them. */
export function rejectionOf(
  st: VenueState,
  i: number,
  terms: OrderTerms,
  scope: CheckScope,
): string | undefined {
  const inst = st.instruments[i]!;
  const grid = gridProblem(inst, terms);
  if (grid !== undefined) return grid;
  const last = st.last[i]!;
  if (Number.isNaN(last)) return reason('no-price', `no bar of ${inst.symbol} yet, the venue has no price`);
  if (Number.isNaN(terms.price) && Number.isNaN(terms.trigger)) {
    // Orders without a price meet the minimum notional at the market price.
    const notionalRule = gridRejection(() => validateOrderQty(inst, terms.qty, last));
    if (notionalRule !== undefined) return notionalRule;
  }
  const account = st.account;
  const position = account.qty[i]!;
  const opposite = position !== 0 && Math.sign(position) !== terms.sign;
  if (terms.reduceOnly && !opposite) {
    return reason(
      'reduce-only-no-position',
      `no ${terms.sign > 0 ? 'short' : 'long'} ${inst.symbol} position to reduce`,
    );
  }
  const spot = account.isSpot(i);
  if (spot && terms.sign < 0 && !(position > 0)) {
    return reason('spot-short', `nothing of ${inst.base} held: spot cannot sell short`);
  }
  if (scope.postOnly && terms.timeInForce === 'POST_ONLY') {
    const takes = terms.sign > 0 ? terms.price >= last : terms.price <= last;
    if (takes)
      return reason('post-only-would-take', `limit ${terms.price} would trade at once against ${last}`);
  }
  if (!scope.funds) return undefined;
  const available = account.available(st.last);
  const slack = Math.abs(available) * 1e-12;
  if (spot) {
    if (terms.sign < 0) return undefined;
    const cost = terms.leaves * last;
    if (cost > available + slack) {
      return reason(
        'insufficient-balance',
        `needs ${formatAmount(cost)} ${st.currency}, ${formatAmount(available)} available`,
      );
    }
    return undefined;
  }
  // Only the part beyond closing an opposite position opens new exposure and needs initial margin.
  const opening = terms.reduceOnly
    ? 0
    : opposite
      ? Math.max(0, terms.leaves - Math.abs(position))
      : terms.leaves;
  if (opening <= 0) return undefined;
  const needed = notional(inst, opening, last) / st.leverage[i]!;
  // A flip first closes the opposite position: its margin comes free (and, isolated, its PnL is realised
  // into cash), so a long at 1× may turn short at 1×.
  let freed = 0;
  if (opposite) {
    const share = Math.min(terms.leaves, Math.abs(position)) / Math.abs(position);
    freed = account.margin[i]! * share + (account.cross ? 0 : account.unrealized(i, last) * share);
  }
  if (needed > available + freed + slack) {
    return reason(
      'insufficient-margin',
      `needs ${formatAmount(needed)} ${st.currency}, ${formatAmount(available + freed)} available`,
    );
  }
  return undefined;
}
