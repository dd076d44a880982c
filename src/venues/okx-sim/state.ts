/** What `GET /__sim/state` (and `sim.state()`) shows: a snapshot for people and test scripts. */

import type { MatchingEngine } from './engine.js';
import type { FaultPlan } from './faults.js';
import type { Feeds } from './feeds.js';
import { algoRow, orderRow } from './order-rows.js';
import type { SimEnvironment } from './signing.js';

export function simulatorState(
  engine: MatchingEngine,
  faults: FaultPlan,
  environment: SimEnvironment,
  feeds: Feeds,
) {
  const prices = Object.fromEntries(engine.instruments().map((i) => [i.instId, engine.lastPrice(i)]));
  const liveAlgos = engine.instruments().flatMap((i) => engine.store.liveAlgos(i.instId));
  return {
    time: engine.now(),
    environment,
    posMode: engine.account.posMode,
    prices,
    balance: feeds.balanceRow(),
    positions: engine.account.positions().map((p) => feeds.positionRow(p)),
    openOrders: engine.store.liveOrders().map(orderRow),
    algoOrders: liveAlgos.map(algoRow),
    fills: engine.store.fills().length,
    faults: {
      restLatencyMs: faults.restLatencyMs,
      wsLatencyMs: faults.wsLatencyMs,
      silent: faults.silent,
      skewMs: faults.skewMs,
      notFoundMs: faults.notFoundMs,
      acceptTimeout: faults.acceptTimeout ?? null,
      rateLimit: faults.rateLimit
        ? { remaining: faults.rateLimit.remaining, until: faults.rateLimit.until }
        : null,
      duplicateOrderPushes: faults.duplicates,
      reorderOrderPushes: faults.reorder,
      fillBeforeAck: faults.fillBeforeAck ?? null,
      rejectNextOrder: faults.reject ?? null,
      serverErrors: faults.serverError ?? null,
    },
  };
}
