/**
 * The gate side of the breakers: a paused strategy may only take risk off. Any other order of it is
 * denied with rule `breaker:<kind>` and the trip's numbers; other strategies trade on.
 */

import type { PreTradeRule } from '../../engine/risk-gate.js';
import { reduces } from '../rules/common.js';
import type { BreakerBoard } from './board.js';
import { describeTarget } from './monitor.js';

export function breakerRule(board: BreakerBoard): PreTradeRule {
  return {
    name: 'breaker',
    check(order, instrument, view) {
      const trip = board.pausedBy(order.strategyId);
      if (trip === undefined) return undefined;
      // The strategy's own position: a paused strategy may close what it holds, not another's.
      if (reduces(order, view.strategyPositionQty(order.strategyId, instrument.symbol))) return undefined;
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
        },
      };
    },
  };
}
