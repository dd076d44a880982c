/**
 * Entry size and protective attachments, computed at the decision (the close of the bar whose rules fired;
 * a market order fills at the next bar's open). Distances are measured from that close.
 */

import { type Instrument, quoteNotional } from '../../core/instrument.js';
import type { OrderAttachments } from '../../core/order.js';
import type { StrategyContext } from '../types.js';
import type { ParamValues, PlannedDistance, PlannedSizing } from './plan.js';
import { resolveNumber } from './plan.js';

/** The sizings computed without the context. */
type LocalSizing = Exclude<PlannedSizing, { kind: 'kelly' | 'volatility' }>;

/** Reads the current ATR of an `atr#…` id. */
export type AtrReader = (atrId: string) => number;

export interface OrderPlanInputs {
  readonly sizing: PlannedSizing;
  readonly stopLoss: PlannedDistance | undefined;
  readonly takeProfit: PlannedDistance | undefined;
  readonly trailingStop: PlannedDistance | undefined;
}

/** Price distance of a planned distance at `price`; NaN when the ATR is not defined. */
export function distanceAt(
  distance: PlannedDistance,
  price: number,
  values: ParamValues,
  atr: AtrReader,
): number {
  if (distance.kind === 'percent') return (price * resolveNumber(distance.percent, values)) / 100;
  return atr(distance.atrId) * resolveNumber(distance.multiple, values);
}

/** Where an entry is decided: the symbol, its instrument, the decision close and the base timeframe. */
export interface EntryDecision {
  readonly ctx: StrategyContext;
  readonly symbol: string;
  readonly instrument: Instrument;
  readonly price: number;
  readonly timeframe: string;
}

/** The size of one entry and, when it is 0 or was capped, why (a `SizeResult` reason or `size <qty>`). */
export interface EntrySize {
  readonly qty: number;
  readonly reason?: string;
}

/**
 * The entry size at the decision `price`: Kelly and volatility targeting ask `ctx.size` (the strategy's
 * own closed trades, the base timeframe's candles) and come back rounded to the lot; the other sizings are
 * computed here and rounded by the engine.
 */
export function entrySize(
  plan: OrderPlanInputs,
  at: EntryDecision,
  values: ParamValues,
  atr: AtrReader,
): EntrySize {
  const { ctx, symbol, price } = at;
  const sizing = plan.sizing;
  if (sizing.kind === 'kelly') {
    return ctx.size.kelly(symbol, {
      cap: resolveNumber(sizing.cap, values),
      minTrades: resolveNumber(sizing.minTrades, values),
      fallbackFraction: resolveNumber(sizing.fallbackFraction, values),
      price,
    });
  }
  if (sizing.kind === 'volatility') {
    return ctx.size.volatilityTarget(symbol, {
      targetVol: resolveNumber(sizing.annualVol, values),
      method: sizing.method,
      period: resolveNumber(sizing.period, values),
      maxLeverage: resolveNumber(sizing.maxLeverage, values),
      timeframe: at.timeframe,
      price,
    });
  }
  const qty = entryQty(sizing, price, ctx.equity(), at.instrument, values, atr);
  return qty > 0 && Number.isFinite(qty) ? { qty } : { qty, reason: `size ${qty}` };
}

/**
 * Contracts for one entry: fixed, a fraction of equity, or the quantity whose loss at the stop is
 * `riskPerTrade` of equity. NaN or ≤ 0 means "do not trade" (the caller records why).
 */
export function entryQty(
  sizing: LocalSizing,
  price: number,
  equity: number,
  inst: Instrument,
  values: ParamValues,
  atr: AtrReader,
): number {
  const perContract = quoteNotional(inst, 1, price);
  switch (sizing.kind) {
    case 'fixed':
      return resolveNumber(sizing.qty, values);
    case 'fraction':
      return (equity * resolveNumber(sizing.fraction, values)) / perContract;
    case 'risk': {
      const distance = distanceAt(sizing.stop, price, values, atr);
      // Loss per contract if the stop is hit: its notional times the relative move.
      return (equity * resolveNumber(sizing.risk, values)) / ((perContract * distance) / price);
    }
  }
}

/** Stop-loss, take-profit and trailing stop for an entry on `side` at `price`; undefined when none. */
export function entryAttachments(
  plan: OrderPlanInputs,
  side: 'long' | 'short',
  price: number,
  values: ParamValues,
  atr: AtrReader,
): OrderAttachments | undefined {
  const sign = side === 'long' ? 1 : -1;
  let stopLoss: { triggerPrice: number } | undefined;
  let takeProfit: { triggerPrice: number } | undefined;
  let trailing: { callbackRate: number } | { callbackOffset: number } | undefined;
  if (plan.stopLoss !== undefined) {
    const trigger = price - sign * distanceAt(plan.stopLoss, price, values, atr);
    if (trigger > 0 && Number.isFinite(trigger)) stopLoss = { triggerPrice: trigger };
  }
  if (plan.takeProfit !== undefined) {
    const trigger = price + sign * distanceAt(plan.takeProfit, price, values, atr);
    if (trigger > 0 && Number.isFinite(trigger)) takeProfit = { triggerPrice: trigger };
  }
  if (plan.trailingStop !== undefined) {
    const distance = plan.trailingStop;
    if (distance.kind === 'percent') {
      trailing = { callbackRate: resolveNumber(distance.percent, values) / 100 };
    } else {
      const offset = distanceAt(distance, price, values, atr);
      if (offset > 0 && Number.isFinite(offset)) trailing = { callbackOffset: offset };
    }
  }
  if (stopLoss === undefined && takeProfit === undefined && trailing === undefined) return undefined;
  return {
    ...(stopLoss === undefined ? {} : { stopLoss }),
    ...(takeProfit === undefined ? {} : { takeProfit }),
    ...(trailing === undefined ? {} : { trailing }),
  };
}
