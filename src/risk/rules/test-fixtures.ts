/** Instruments, orders and views for the rule tests. */

import { fixedRiskView } from '../../../test/support/risk-view.js';
import { clientOrderId, instrumentId, strategyId } from '../../core/ids.js';
import { createInstrument, type Instrument } from '../../core/instrument.js';
import { createOrder, type Order, type OrderParams } from '../../core/order.js';
import type { RiskView } from '../../engine/risk-gate.js';

const swap = (symbol: string) =>
  createInstrument({ exchange: 'sim', symbol, kind: 'swap', tickSize: 0.01, lotSize: 0.001, minSize: 0 });
export const BTC = swap('BTC/USDT:USDT');
export const ETH = swap('ETH/USDT:USDT');
export const SOL = swap('SOL/USDT:USDT');
/** Inverse swap: 100 USD a contract, settled in BTC. */
export const INVERSE = createInstrument({
  exchange: 'sim',
  symbol: 'BTC/USD:BTC',
  kind: 'swap',
  tickSize: 0.1,
  lotSize: 1,
  minSize: 1,
  contractValue: 100,
});

let seq = 0;
export function order(
  params: Partial<OrderParams> & Pick<OrderParams, 'side' | 'qty'>,
  inst: Instrument = BTC,
): Order {
  seq += 1;
  return createOrder({
    clientOrderId: clientOrderId(`o${seq}`),
    strategyId: strategyId('s1'),
    instrumentId: instrumentId(inst.exchange, inst.symbol),
    type: 'market',
    tsInit: 0,
    ...params,
  });
}

/** A reduce-only stop protecting a position (sell for a long, buy for a short). */
export function stop(inst: Instrument, side: 'buy' | 'sell', qty: number, triggerPrice: number, sid = 's1') {
  return order(
    { side, qty, type: 'stop-market', triggerPrice, reduceOnly: true, strategyId: strategyId(sid) },
    inst,
  );
}

export interface Book {
  readonly prices?: Readonly<Record<string, number>>;
  readonly account?: Readonly<Record<string, number>>;
  readonly strategies?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly equity?: number;
  readonly free?: number;
  readonly now?: number;
  readonly open?: readonly Order[];
  readonly instruments?: readonly Instrument[];
}

export function book(b: Book = {}): RiskView {
  const open = b.open ?? [];
  return fixedRiskView({
    lastPrice: (inst) => b.prices?.[inst.symbol] ?? Number.NaN,
    equity: () => b.equity ?? 0,
    positionQty: (o) => b.strategies?.[o.strategyId]?.[symbolOf(o)] ?? 0,
    now: () => b.now ?? 0,
    // The account's list as it is (rules count and scan it per check); a strategy's, filtered.
    openOrders: (sid) => (sid === undefined ? open : open.filter((o) => o.strategyId === sid)),
    instruments: () => b.instruments ?? [BTC, ETH, SOL, INVERSE],
    accountPositionQty: (symbol) => b.account?.[symbol] ?? 0,
    strategyPositionQty: (sid, symbol) => b.strategies?.[sid]?.[symbol] ?? 0,
    freeBalance: () => b.free ?? 0,
  });
}

function symbolOf(o: Order): string {
  return o.instrumentId.slice(o.instrumentId.indexOf(':') + 1);
}
