/**
 * The gate side of the breakers: a paused strategy may only take risk off its own position. Any other
 * order of it is denied with rule `breaker:<kind>` and the trip's numbers; other strategies trade on.
 */

import type { Order } from '../../core/order.js';
import type { PreTradeRule, RiskView } from '../../engine/risk-gate.js';
import { beyond } from '../rules/common.js';
import type { BreakerBoard } from './board.js';
import { describeTarget } from './monitor.js';

export function breakerRule(board: BreakerBoard): PreTradeRule {
  return {
    name: 'breaker',
    check(order, instrument, view) {
      const trip = board.pausedBy(order.strategyId);
      if (trip === undefined) return undefined;
      const position = view.strategyPositionQty(order.strategyId, instrument.symbol);
      const working = workingCloseQty(order, position, view);
      if (closesOwn(order, position, working)) return undefined;
      const target = trip.target;
      return {
        rule: `breaker:${trip.breaker}`,
        message: `strategy ${order.strategyId} is paused (${trip.breaker} breaker on ${describeTarget(target)}): ${trip.reason}`,
        details: {
          ...trip.details,
          breaker: trip.breaker,
          target: target.kind === 'account' ? 'account' : `strategy:${target.strategyId}`,
          trippedAt: trip.at,
          resume: trip.resume,
          ...(trip.resumeAt === undefined ? {} : { resumeAt: trip.resumeAt }),
          strategyPosition: position,
          workingCloseQty: working,
          orderQty: order.qty,
        },
      };
    },
  };
}

/**
 * The order trades against the strategy's own position and, with the strategy's working orders on that
 * side, does not exceed it (same slack as the limits). The reduce-only flag is not trusted: the venue
 * applies it to the account's position, which may be another strategy's.
 */
function closesOwn(order: Order, position: number, working: number): boolean {
  if (position === 0 || !Number.isFinite(position)) return false;
  if (order.side !== closingSide(position)) return false;
  return !beyond(working + order.qty, Math.abs(position));
}

/** What the strategy's working orders on this instrument still have to trade on the closing side. */
function workingCloseQty(order: Order, position: number, view: RiskView): number {
  const side = closingSide(position);
  const open = view.openOrders(order.strategyId);
  let qty = 0;
  for (let i = 0; i < open.length; i++) {
    const o = open[i]!;
    // The order itself, should the view list it already, is counted once, as the order.
    if (o.instrumentId !== order.instrumentId || o.side !== side || o.clientOrderId === order.clientOrderId)
      continue;
    qty += Math.max(0, o.qty - o.filledQty);
  }
  return qty;
}

function closingSide(position: number): 'buy' | 'sell' {
  return position > 0 ? 'sell' : 'buy';
}
