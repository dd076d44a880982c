/**
 * Trailing stops along a bar's path. A sell trailing stop tracks the highest price since activation and
 * fires when the price falls to best × (1 − rate) (or best − offset); a buy mirrors it (lowest price, fires
 * on a rise). Along the path a segment moving the favourable way (up for a sell) only improves the best
 * price; a segment moving against it checks the trigger against the best so far. Prices are handled as
 * u × price with u = +1 (sell) / −1 (buy), so one routine serves both sides.
 */

import type { BarPath } from './bar-path.js';
import type { WorkingOrder } from './working-order.js';

/**
 * Walks the whole bar and returns the path position where the trailing stop fires (Infinity if it does
 * not), storing the reference fill price in `order.evPrice` (the level, or the corner when the path was
 * already beyond it). With `commit` the activation and best price reached by the end of the bar (or the
 * trigger) are written back to the order; without it only the `evPrice` scratch field is written.
 */
export function scanTrailingStop(order: WorkingOrder, path: BarPath, commit: boolean): number {
  const u = -order.sign;
  const activation = order.trailActivation;
  let active = order.trailActive;
  let best = order.trailBest;
  let fired = Number.POSITIVE_INFINITY;
  for (let s = 0; s < 3; s++) {
    const a = path.corner(s);
    const b = path.corner(s + 1);
    // The segment's start point (for s = 0, the open: a gap through the level fires at the open).
    if (!active && u * (a - activation) >= 0) {
      active = true;
      best = a;
    }
    if (active) {
      const level = order.trailLevel(best);
      if (u * (a - level) <= 0) {
        order.evPrice = a;
        fired = s;
        break;
      }
      if (u * (a - best) > 0) best = a;
    }
    if (u * (b - a) >= 0) {
      // Favourable segment: activation (at the activation price) and a better best price at its end.
      if (!active && u * (b - activation) >= 0) {
        active = true;
        best = activation;
      }
      if (active && u * (b - best) > 0) best = b;
    } else if (active) {
      // Adverse segment: the best price stays; fire where the path crosses the level.
      const level = order.trailLevel(best);
      if (u * (b - level) <= 0) {
        order.evPrice = level;
        fired = s + (a - level) / (a - b);
        break;
      }
    }
  }
  if (commit) {
    order.trailActive = active;
    order.trailBest = best;
  }
  return fired;
}
