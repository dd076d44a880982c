/**
 * Net positions and PnL.
 *
 * `qty` is signed (long > 0, short < 0) and in contracts, the instrument's trading unit (see
 * `instrument.ts`): for spot and linear contracts with contractValue 1 that is base units; for OKX linear
 * swaps one contract is `contractValue` base (BTC-USDT-SWAP: 0.01 BTC); for inverse contracts one contract
 * is `contractValue` quote (BTC-USD-SWAP: 100 USD). PnL is in the settle currency:
 *
 *   linear  (quote-settled): qty × contractValue × (exit − entry)
 *   inverse (coin-settled):  qty × contractValue × (1/entry − 1/exit)
 *
 * with qty signed, so a short gains when the price falls. For inverse contracts the average entry is the
 * quantity-weighted *harmonic* mean of fill prices (1/avg is the weighted mean of 1/price), which is what
 * makes PnL additive over fills. `realizedPnl` is gross; fees are kept apart per currency.
 */

import { QuantLabError } from './errors.js';
import { feesWith } from './fees.js';
import type { Fill } from './fill.js';
import type { InstrumentId } from './ids.js';
import type { Instrument } from './instrument.js';
import { sideSign } from './side.js';

export interface Position {
  readonly instrumentId: InstrumentId;
  /** Signed contracts: > 0 long, < 0 short, 0 flat. */
  readonly qty: number;
  /** Average entry price of the open quantity; 0 when flat. */
  readonly avgEntryPrice: number;
  /** Realised PnL in the settle currency, before fees. */
  readonly realizedPnl: number;
  /** Fees paid per currency (negative = rebates). */
  readonly fees: Readonly<Record<string, number>>;
  /** tsEvent of the fill that opened the current position (undefined when flat). */
  readonly tsOpened?: number;
  /** tsEvent of the last fill applied. */
  readonly tsLastEvent?: number;
}

export type PositionSide = 'long' | 'short' | 'flat';

/** Relative slack under which a reducing fill counts as closing the position exactly. */
export const POSITION_QTY_EPSILON = 1e-9;

function positionInvalid(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_POSITION_INVALID', message, { details });
}

/** A flat position with nothing realised. */
export function flatPosition(instrumentId: InstrumentId): Position {
  return { instrumentId, qty: 0, avgEntryPrice: 0, realizedPnl: 0, fees: {} };
}

/** 'long', 'short' or 'flat'. */
export function positionSide(position: Pick<Position, 'qty'>): PositionSide {
  return position.qty > 0 ? 'long' : position.qty < 0 ? 'short' : 'flat';
}

/**
 * PnL of holding `qty` signed contracts from `entry` to `exit`, in the settle currency (formulas above).
 */
export function pnlFor(inst: Instrument, qty: number, entry: number, exit: number): number {
  if (inst.inverse) return qty * inst.contractValue * (1 / entry - 1 / exit);
  return qty * inst.contractValue * (exit - entry);
}

/** Average entry after adding `addQty` (> 0) at `price` to `openQty` (> 0) at `avg`: arithmetic for linear, harmonic for inverse. */
function averageEntry(inst: Instrument, openQty: number, avg: number, addQty: number, price: number): number {
  if (openQty === 0) return price;
  if (inst.inverse) return (openQty + addQty) / (openQty / avg + addQty / price);
  return (openQty * avg + addQty * price) / (openQty + addQty);
}

/** True when `id` is `exchange:symbol` of `inst`, compared in place (no string built per fill). */
function isIdOf(id: string, inst: Instrument): boolean {
  const exchange = inst.exchange;
  return (
    id.length === exchange.length + 1 + inst.symbol.length &&
    id.startsWith(exchange) &&
    id.charCodeAt(exchange.length) === 58 && // ':'
    id.endsWith(inst.symbol)
  );
}

/**
 * Applies a fill and returns the new position: increases average the entry, reductions realise PnL at the
 * fill price, a fill larger than the position closes it and opens the rest at the fill price (flip).
 * Throws QL_ERR_POSITION_INVALID when the fill or instrument is for another instrument or is malformed.
 * De-duplication is the order's job (`applyOrderEvent`): apply only fills it accepted.
 */
export function applyFillToPosition(position: Position, inst: Instrument, fill: Fill): Position {
  // Compared without building a validated id: this runs on every fill of every backtest.
  if (fill.instrumentId !== position.instrumentId || !isIdOf(position.instrumentId, inst)) {
    throw positionInvalid(
      `Fill ${fill.tradeId} for ${fill.instrumentId} applied to position in ${position.instrumentId}.`,
      {
        instrumentId: position.instrumentId,
        fillInstrumentId: fill.instrumentId,
        tradeId: fill.tradeId,
      },
    );
  }
  if (!(fill.qty > 0) || !Number.isFinite(fill.qty) || !(fill.price > 0) || !Number.isFinite(fill.price)) {
    throw positionInvalid(`Fill ${fill.tradeId} needs a finite qty and price > 0.`, {
      tradeId: fill.tradeId,
      qty: fill.qty,
      price: fill.price,
    });
  }
  const sign = sideSign(fill.side);
  const fees = feesWith(position.fees, fill.feeCurrency, fill.fee);
  const openQty = Math.abs(position.qty);
  const id = position.instrumentId;
  const ts = fill.tsEvent;
  // Every result is one object literal of one shape (no spreads, no conditional keys): this runs on every
  // fill of every backtest, and mixed shapes made it ~200× slower.

  // Flat or same direction: increase.
  if (position.qty === 0 || Math.sign(position.qty) === sign) {
    const opened = position.qty === 0 ? ts : (position.tsOpened ?? ts);
    const avg = averageEntry(inst, openQty, position.avgEntryPrice, fill.qty, fill.price);
    return shaped(id, position.qty + sign * fill.qty, avg, position.realizedPnl, fees, opened, ts);
  }

  // Opposite direction: reduce, close, or close and flip.
  const epsilon = openQty * POSITION_QTY_EPSILON;
  const closeQty = Math.min(fill.qty, openQty);
  const realizedPnl =
    position.realizedPnl +
    pnlFor(inst, Math.sign(position.qty) * closeQty, position.avgEntryPrice, fill.price);
  const remainder = fill.qty - openQty;
  if (Math.abs(remainder) <= epsilon) return shaped(id, 0, 0, realizedPnl, fees, undefined, ts);
  if (remainder < 0) {
    const qty = position.qty + sign * fill.qty;
    return shaped(id, qty, position.avgEntryPrice, realizedPnl, fees, position.tsOpened, ts);
  }
  return shaped(id, sign * remainder, fill.price, realizedPnl, fees, ts, ts);
}

function shaped(
  instrumentId: Position['instrumentId'],
  qty: number,
  avgEntryPrice: number,
  realizedPnl: number,
  fees: Record<string, number>,
  tsOpened: number | undefined,
  tsLastEvent: number,
): Position {
  const position: { -readonly [K in keyof Position]: Position[K] } = {
    instrumentId,
    qty,
    avgEntryPrice,
    realizedPnl,
    fees,
    tsLastEvent,
  };
  if (tsOpened !== undefined) position.tsOpened = tsOpened;
  return position;
}

/** PnL of the open quantity if closed at `markPrice`, in the settle currency; 0 when flat. */
export function unrealizedPnl(position: Position, inst: Instrument, markPrice: number): number {
  if (position.qty === 0) return 0;
  return pnlFor(inst, position.qty, position.avgEntryPrice, markPrice);
}

/** Realised PnL less fees paid in the settle currency (fees in other currencies are not converted). */
export function netRealizedPnl(position: Position, inst: Instrument): number {
  return position.realizedPnl - (position.fees[inst.settle] ?? 0);
}
