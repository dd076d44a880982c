/**
 * Liquidation: when the path reaches a position's liquidation price (or the bar opens beyond it) the venue
 * closes the whole position at that price (see `executionPrice` for the one exception), as a taker, and charges liquidationFeeRate × the notional at
 * that price, capped so the loss never exceeds the isolated margin (isolated) or the account equity
 * (cross). Working reduce-only orders of the symbol are cancelled afterwards.
 */

import type { Fill } from '../../core/fill.js';
import { clientOrderId, tradeId } from '../../core/ids.js';
import { notional } from './account.js';
import type { BarPath } from './bar-path.js';
import { cancelWorkingOrder } from './fills.js';
import type { VenueState } from './state.js';

/** Liquidates the position of symbol i at path position `pos` (its liquidation price is cached). */
export function liquidatePosition(st: VenueState, i: number, path: BarPath, pos: number): void {
  const account = st.account;
  const inst = st.instruments[i]!;
  const qty = account.qty[i]!;
  const price = executionPrice(st, i, qty, account.liq[i]!, path, pos);
  const ts = path.timeAt(pos);
  const pnl = account.unrealized(i, price);
  const cushion = account.cross ? crossEquityAt(st, i, pnl) : account.margin[i]! + pnl;
  const fee = Math.min(
    account.settings.liquidationFeeRate * notional(inst, qty, price),
    Math.max(0, cushion),
  );
  const fill: Fill = {
    tradeId: tradeId(st.nextTradeId()),
    clientOrderId: clientOrderId(st.nextLiquidationId()),
    instrumentId: st.instrumentIds[i]!,
    side: qty > 0 ? 'sell' : 'buy',
    qty: Math.abs(qty),
    price,
    fee,
    feeCurrency: inst.settle,
    liquidity: 'taker',
    tsEvent: ts,
    tsInit: ts,
  };
  account.applyFill(i, fill);
  st.emit({
    type: 'PositionLiquidated',
    instrumentId: fill.instrumentId,
    fill,
    liquidationPrice: price,
    tsEvent: ts,
    tsInit: ts,
  });
  for (const order of st.books[i]!) if (!order.closed && order.reduceOnly) cancelWorkingOrder(st, order, ts);
}

/**
 * The price a liquidation executes at: the liquidation price when the market reached it (along the path,
 * or gapping through it at the open from a previous close on the safe side). When the account itself
 * moved the liquidation price past the market (funding, fees, other positions in cross mode) or no
 * positive price solves it (0 / Infinity), the market is already beyond it: the current path price.
 */
function executionPrice(
  st: VenueState,
  i: number,
  qty: number,
  level: number,
  path: BarPath,
  pos: number,
): number {
  const here = path.priceAt(pos);
  if (!(level > 0 && level < Number.POSITIVE_INFINITY)) return here;
  const long = qty > 0;
  if (pos === 0) {
    const before = st.last[i]!;
    return (long ? before > level : before < level) ? level : here;
  }
  const slack = level * 1e-9;
  return (long ? here < level - slack : here > level + slack) ? here : level;
}

/** Account equity with position i marked at its liquidation (upnl `pnl`) and the others at last prices. */
function crossEquityAt(st: VenueState, i: number, pnl: number): number {
  const account = st.account;
  let equity = account.wallet + pnl;
  for (let j = 0; j < account.qty.length; j++) {
    if (j !== i && account.qty[j] !== 0) equity += account.unrealized(j, st.last[j]!);
  }
  return equity;
}
