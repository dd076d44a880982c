/**
 * Portfolio exposure rules on the account's positions after the order (`accountPositionQty` ± the order's
 * qty), valued at last prices (the order's own instrument at the order's price while it has no last
 * price). Each lets through reduce-only orders, orders that reduce the account's position in their
 * instrument without flipping it, and orders that do not increase the measured value. A held position
 * without a last price cannot be valued: the rule then denies with `details.symbol`.
 *
 * Exposures compared with equity (`grossExposure`, `netExposure`, `concentration`, `correlatedExposure`)
 * are in the settle currency — equity's — and count only instruments settled in the order instrument's
 * settle currency (a USDT account's linear swaps; a BTC-margined account's inverse swaps).
 */

import type { Instrument } from '../../core/instrument.js';
import { quoteNotional, settleNotional } from '../../core/instrument.js';
import type { Order } from '../../core/order.js';
import type { PreTradeRule, RiskDenial, RiskView } from '../../engine/risk-gate.js';
import { beyond, deny, type Holding, holdings, reduces, unpriced, unpricedDenial } from './common.js';

/** Denies when `after` is beyond `limit` and the order made it larger. */
function exceeds(before: number, after: number, limit: number): boolean {
  return beyond(after, limit) && after > before;
}

type Measure = (list: readonly Holding[], side: 'before' | 'after') => number;

/** Shared skeleton: pass reducing orders, value the settle-currency book, compare with multiple × equity. */
function exposureRule(name: string, label: string, multiple: number, measure: Measure): PreTradeRule {
  return {
    name,
    check(order, instrument, view) {
      const list = settleBook(name, order, instrument, view);
      if (!Array.isArray(list)) return list;
      const equity = view.equity();
      const limit = multiple * equity;
      const before = measure(list, 'before');
      const after = measure(list, 'after');
      if (!exceeds(before, after, limit)) return undefined;
      return deny(
        name,
        `${label} ${after.toFixed(8)} ${instrument.settle} would exceed ${multiple}× equity ${equity.toFixed(8)}`,
        { exposure: after, before, equity, limit: multiple, maxExposure: limit },
      );
    },
  };
}

/** The holdings settled like the order's instrument, undefined for a reducing order, or a denial. */
function settleBook(
  name: string,
  order: Order,
  instrument: Instrument,
  view: RiskView,
): Holding[] | RiskDenial | undefined {
  if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
  const list = holdings(order, instrument, view).filter((h) => h.inst.settle === instrument.settle);
  const bad = unpriced(list);
  return bad === undefined ? list : unpricedDenial(name, bad);
}

function value(h: Holding, side: 'before' | 'after'): number {
  return h[side] === 0 ? 0 : settleNotional(h.inst, h[side], h.price);
}

export interface PositionLimits {
  /** Max |quote notional| of the account's position per symbol: one number for all, or by symbol. */
  readonly perSymbol?: Readonly<Record<string, number>> | number;
  /** Max Σ |quote notional| over all symbols. */
  readonly total?: number;
}

/**
 * Limits the position the order would leave, **in quote-currency notional** (USDT, USD; an inverse
 * contract at its face value) at last prices: per symbol and in total over every instrument. Symbols
 * missing from a `perSymbol` record are not limited. Total sums quote notionals of different quote
 * currencies (USDT and USD) at par.
 */
export function positionLimit(limits: PositionLimits): PreTradeRule {
  const name = 'position-limit';
  return {
    name,
    check(order, instrument, view) {
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      const list = holdings(order, instrument, view);
      const bad = unpriced(list);
      if (bad !== undefined) return unpricedDenial(name, bad);
      const notional = (h: Holding, side: 'before' | 'after') =>
        h[side] === 0 ? 0 : Math.abs(quoteNotional(h.inst, h[side], h.price));
      const own = list.find((h) => h.inst.symbol === instrument.symbol)!;
      const perSymbol =
        typeof limits.perSymbol === 'number' ? limits.perSymbol : limits.perSymbol?.[instrument.symbol];
      if (perSymbol !== undefined && exceeds(notional(own, 'before'), notional(own, 'after'), perSymbol)) {
        const after = notional(own, 'after');
        return deny(name, `position in ${instrument.symbol} worth ${after} would exceed ${perSymbol}`, {
          scope: 'symbol',
          symbol: instrument.symbol,
          notional: after,
          limit: perSymbol,
        });
      }
      if (limits.total === undefined) return undefined;
      const sum = (side: 'before' | 'after') => list.reduce((s, h) => s + notional(h, side), 0);
      const after = sum('after');
      if (!exceeds(sum('before'), after, limits.total)) return undefined;
      return deny(name, `positions worth ${after} in total would exceed ${limits.total}`, {
        scope: 'total',
        notional: after,
        limit: limits.total,
      });
    },
  };
}

/** Σ |position value| over the settle-currency book after the order ≤ `multiple` × equity. */
export function grossExposure(limitAsMultipleOfEquity: number): PreTradeRule {
  return exposureRule('gross-exposure', 'gross exposure', limitAsMultipleOfEquity, (list, side) =>
    list.reduce((s, h) => s + Math.abs(value(h, side)), 0),
  );
}

/** |Σ signed position value| (longs less shorts) after the order ≤ `multiple` × equity. */
export function netExposure(limitAsMultipleOfEquity: number): PreTradeRule {
  return exposureRule('net-exposure', 'net exposure', limitAsMultipleOfEquity, (list, side) =>
    Math.abs(list.reduce((s, h) => s + value(h, side), 0)),
  );
}

export interface ConcentrationOptions {
  /** The rule applies only once gross exposure after the order exceeds this multiple of equity (default 0). */
  readonly minGrossOfEquity?: number;
}

/**
 * The order's base asset may hold at most `maxShare` (0.4 = 40 %) of gross exposure after the order:
 * Σ |value| of its instruments / Σ |value| of all. Without `minGrossOfEquity` a first position is 100 %
 * of a book of one and is denied whenever maxShare < 1: set it to let a small book start.
 */
export function concentration(maxShare: number, options: ConcentrationOptions = {}): PreTradeRule {
  const name = 'concentration';
  return {
    name,
    check(order, instrument, view) {
      const list = settleBook(name, order, instrument, view);
      if (!Array.isArray(list)) return list;
      const share = (side: 'before' | 'after') => {
        let asset = 0;
        let gross = 0;
        for (const h of list) {
          const v = Math.abs(value(h, side));
          gross += v;
          if (h.inst.base === instrument.base) asset += v;
        }
        return { share: gross > 0 ? asset / gross : 0, asset, gross };
      };
      const before = share('before');
      const after = share('after');
      const equity = view.equity();
      if (!beyond(after.gross, (options.minGrossOfEquity ?? 0) * equity)) return undefined;
      // Compared as asset against maxShare × gross: no division rounding at the boundary.
      if (!beyond(after.asset, maxShare * after.gross) || !(after.share > before.share)) return undefined;
      return deny(
        name,
        `${instrument.base} would be ${(after.share * 100).toFixed(2)} % of gross exposure (limit ${(maxShare * 100).toFixed(2)} %)`,
        {
          asset: instrument.base,
          share: after.share,
          limit: maxShare,
          exposure: after.asset,
          gross: after.gross,
        },
      );
    },
  };
}

export interface CorrelationMatrix {
  /** Base assets, in the order of the matrix's rows and columns. */
  readonly assets: readonly string[];
  readonly matrix: readonly (readonly number[])[];
  /** Assets whose correlation with the order's base is ≥ this count together with it. */
  readonly threshold: number;
}

export type CorrelatedExposureOptions = {
  readonly limitAsMultipleOfEquity: number;
} & ({ readonly groups: readonly (readonly string[])[] } | { readonly correlation: CorrelationMatrix });

/**
 * Limits the **net** exposure of assets that move together: |Σ signed value| of the instruments whose
 * base is in a group with the order's base, ≤ multiple × equity (a long and a short in correlated
 * assets offset). Groups are given, or taken from a correlation matrix: the order's base and every asset
 * with correlation ≥ threshold to it. Every group holding the order's base is checked; an asset in no
 * group (or correlated with none in the matrix) passes — single-asset limits are `positionLimit`'s.
 */
export function correlatedExposure(options: CorrelatedExposureOptions): PreTradeRule {
  const name = 'correlated-exposure';
  const groupsOf = (base: string): string[][] => {
    if ('groups' in options) return options.groups.filter((g) => g.includes(base)).map((g) => g.slice());
    const { assets, matrix, threshold } = options.correlation;
    const row = assets.indexOf(base);
    if (row < 0) return [];
    const group = assets.filter((a, col) => a === base || matrix[row]![col]! >= threshold);
    return group.length > 1 ? [group] : [];
  };
  return {
    name,
    check(order, instrument, view) {
      const groups = groupsOf(instrument.base);
      if (groups.length === 0) return undefined;
      const list = settleBook(name, order, instrument, view);
      if (!Array.isArray(list)) return list;
      const equity = view.equity();
      const multiple = options.limitAsMultipleOfEquity;
      for (const group of groups) {
        const net = (side: 'before' | 'after') =>
          Math.abs(list.reduce((s, h) => s + (group.includes(h.inst.base) ? value(h, side) : 0), 0));
        const after = net('after');
        if (!exceeds(net('before'), after, multiple * equity)) continue;
        return deny(
          name,
          `net exposure of ${group.join('+')} ${after.toFixed(8)} would exceed ${multiple}× equity ${equity.toFixed(8)}`,
          {
            group: group.join(','),
            exposure: after,
            equity,
            limit: multiple,
            maxExposure: multiple * equity,
          },
        );
      }
      return undefined;
    },
  };
}
