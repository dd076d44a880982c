/**
 * Flattening for the kill switch: a reduce-only market order against every strategy position, through
 * the normal order path (so it is journaled and reconciled like any other order). Positions adopted as
 * `external` are left alone: Quant Lab did not open them and has no client order id sequence for them.
 */

import type { Instrument } from '../core/instrument.js';
import type { Kernel } from '../engine/kernel.js';

export function flattenStrategies(kernel: Kernel, instruments: readonly Instrument[]): number {
  let sent = 0;
  for (const strategyId of kernel.portfolio.strategyIds()) {
    if (strategyId === 'external') continue;
    for (const inst of instruments) {
      const qty = kernel.portfolio.position(strategyId, inst.symbol).qty;
      if (qty === 0) continue;
      kernel.orders.submit({
        strategyId,
        clientOrderId: kernel.orders.nextClientOrderId(strategyId),
        request: {
          symbol: inst.symbol,
          side: qty > 0 ? 'sell' : 'buy',
          qty: Math.abs(qty),
          type: 'market',
          reduceOnly: true,
          tag: 'kill-switch',
        },
        tsInit: Date.now(),
      });
      sent += 1;
    }
  }
  return sent;
}
