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
import type { PreTradeRule, RiskDenial } from '../../engine/risk-gate.js';
import { beyond, deny, type Holding, Holdings, reduces, Sides, unpricedDenial } from './common.js';

// Every rule here keeps one `Holdings` scratch book and sums it with index loops and plain helpers (no
// closures, no intermediate arrays), so an order that passes allocates nothing. Denials are built by
// separate functions: built inline, the numbers they quote were boxed by V8 on every check.

/** Denies when `after` is beyond `limit` and the order made it larger. */
function exceeds(before: number, after: number, limit: number): boolean {
  return beyond(after, limit) && after > before;
}

/** Writes the exposure of `book` before and after the order to `out`. */
type Measure = (book: Holdings, out: Sides) => void;

/**
 * Shared skeleton: pass reducing orders, value the settle-currency book (a held position without a price
 * denies), compare with multiple × equity.
 */
function exposureRule(name: string, label: string, multiple: number, measure: Measure): PreTradeRule {
  const book = new Holdings();
  const exposure = new Sides();
  return {
    name,
    check(order, instrument, view) {
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      const bad = book.fill(order, instrument, view, true).unpriced();
      if (bad !== undefined) return unpricedDenial(name, bad);
      const equity = view.equity();
      const limit = multiple * equity;
      measure(book, exposure);
      const { before, after } = exposure;
      if (!exceeds(before, after, limit)) return undefined;
      return exposureDenial(name, label, instrument, before, after, equity, multiple);
    },
  };
}

function exposureDenial(
  name: string,
  label: string,
  instrument: Instrument,
  before: number,
  after: number,
  equity: number,
  multiple: number,
): RiskDenial {
  const limit = multiple * equity;
  return deny(
    name,
    `${label} ${after.toFixed(8)} ${instrument.settle} would exceed ${multiple}× equity ${equity.toFixed(8)}`,
    { exposure: after, before, equity, limit: multiple, maxExposure: limit },
  );
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
  // Options read once into constants (the check never reads objects of varying shapes).
  const { perSymbol: symbolLimits, total: totalLimit } = limits;
  const book = new Holdings();
  const total = new Sides();
  return {
    name,
    check(order, instrument, view) {
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      const bad = book.fill(order, instrument, view, false).unpriced();
      if (bad !== undefined) return unpricedDenial(name, bad);
      const own = ownHolding(book, instrument.symbol);
      const perSymbol = typeof symbolLimits === 'number' ? symbolLimits : symbolLimits?.[instrument.symbol];
      if (perSymbol !== undefined && exceeds(own.notionalBefore, own.notionalAfter, perSymbol)) {
        return positionDenial(instrument.symbol, own.notionalAfter, perSymbol);
      }
      if (totalLimit === undefined) return undefined;
      totalNotional(book, total);
      if (!exceeds(total.before, total.after, totalLimit)) return undefined;
      return positionDenial(undefined, total.after, totalLimit);
    },
  };
}

/** A `positionLimit` denial: of one symbol's position, or (symbol undefined) of the total. */
function positionDenial(symbol: string | undefined, after: number, limit: number): RiskDenial {
  if (symbol === undefined) {
    return deny('position-limit', `positions worth ${after} in total would exceed ${limit}`, {
      scope: 'total',
      notional: after,
      limit,
    });
  }
  return deny('position-limit', `position in ${symbol} worth ${after} would exceed ${limit}`, {
    scope: 'symbol',
    symbol,
    notional: after,
    limit,
  });
}

/** The first holding of `symbol`: the book always holds the order's own instrument. */
function ownHolding(book: Holdings, symbol: string): Holding {
  for (let i = 0; i < book.length; i++) if (book.at(i).inst.symbol === symbol) return book.at(i);
  throw new Error(`no holding of ${symbol} in the book`);
}

/** Σ |quote notional| (`positionLimit`'s total). */
function totalNotional(book: Holdings, out: Sides): void {
  let before = 0;
  let after = 0;
  for (let i = 0; i < book.length; i++) {
    before += book.at(i).notionalBefore;
    after += book.at(i).notionalAfter;
  }
  out.before = before;
  out.after = after;
}

/** Σ |value|. */
function grossValue(book: Holdings, out: Sides): void {
  let before = 0;
  let after = 0;
  for (let i = 0; i < book.length; i++) {
    before += Math.abs(book.at(i).valueBefore);
    after += Math.abs(book.at(i).valueAfter);
  }
  out.before = before;
  out.after = after;
}

/** |Σ value|. */
function netValue(book: Holdings, out: Sides): void {
  let before = 0;
  let after = 0;
  for (let i = 0; i < book.length; i++) {
    before += book.at(i).valueBefore;
    after += book.at(i).valueAfter;
  }
  out.before = Math.abs(before);
  out.after = Math.abs(after);
}

/** Σ |position value| over the settle-currency book after the order ≤ `multiple` × equity. */
export function grossExposure(limitAsMultipleOfEquity: number): PreTradeRule {
  return exposureRule('gross-exposure', 'gross exposure', limitAsMultipleOfEquity, grossValue);
}

/** |Σ signed position value| (longs less shorts) after the order ≤ `multiple` × equity. */
export function netExposure(limitAsMultipleOfEquity: number): PreTradeRule {
  return exposureRule('net-exposure', 'net exposure', limitAsMultipleOfEquity, netValue);
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
  const minGrossOfEquity = options.minGrossOfEquity ?? 0;
  const book = new Holdings();
  return {
    name,
    check(order, instrument, view) {
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      const bad = book.fill(order, instrument, view, true).unpriced();
      if (bad !== undefined) return unpricedDenial(name, bad);
      // One pass for both sides, in plain locals (no per-check result objects).
      let assetBefore = 0;
      let grossBefore = 0;
      let assetAfter = 0;
      let grossAfter = 0;
      for (let i = 0; i < book.length; i++) {
        const h = book.at(i);
        const before = Math.abs(h.valueBefore);
        const after = Math.abs(h.valueAfter);
        grossBefore += before;
        grossAfter += after;
        if (h.inst.base === instrument.base) {
          assetBefore += before;
          assetAfter += after;
        }
      }
      const shareBefore = grossBefore > 0 ? assetBefore / grossBefore : 0;
      const shareAfter = grossAfter > 0 ? assetAfter / grossAfter : 0;
      const equity = view.equity();
      if (!beyond(grossAfter, minGrossOfEquity * equity)) return undefined;
      // Compared as asset against maxShare × gross: no division rounding at the boundary.
      if (!beyond(assetAfter, maxShare * grossAfter) || !(shareAfter > shareBefore)) return undefined;
      return concentrationDenial(instrument.base, shareAfter, maxShare, assetAfter, grossAfter);
    },
  };
}

function concentrationDenial(
  asset: string,
  share: number,
  maxShare: number,
  exposure: number,
  gross: number,
): RiskDenial {
  return deny(
    'concentration',
    `${asset} would be ${(share * 100).toFixed(2)} % of gross exposure (limit ${(maxShare * 100).toFixed(2)} %)`,
    { asset, share, limit: maxShare, exposure, gross },
  );
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
  // The groups of a base asset depend only on the options: worked out once per base, not per check.
  const groupsByBase = new Map<string, readonly (readonly string[])[]>();
  const groupsOf = (base: string): readonly (readonly string[])[] => {
    let groups = groupsByBase.get(base);
    if (groups === undefined) {
      groups = correlatedGroups(options, base);
      groupsByBase.set(base, groups);
    }
    return groups;
  };
  const multiple = options.limitAsMultipleOfEquity;
  const book = new Holdings();
  const net = new Sides();
  return {
    name,
    check(order, instrument, view) {
      const groups = groupsOf(instrument.base);
      if (groups.length === 0) return undefined;
      if (reduces(order, view.accountPositionQty(instrument.symbol))) return undefined;
      const bad = book.fill(order, instrument, view, true).unpriced();
      if (bad !== undefined) return unpricedDenial(name, bad);
      const equity = view.equity();
      for (let g = 0; g < groups.length; g++) {
        const group = groups[g]!;
        groupNet(book, group, net);
        if (!exceeds(net.before, net.after, multiple * equity)) continue;
        return correlatedDenial(group, net.after, equity, multiple);
      }
      return undefined;
    },
  };
}

function correlatedDenial(
  group: readonly string[],
  after: number,
  equity: number,
  multiple: number,
): RiskDenial {
  return deny(
    'correlated-exposure',
    `net exposure of ${group.join('+')} ${after.toFixed(8)} would exceed ${multiple}× equity ${equity.toFixed(8)}`,
    { group: group.join(','), exposure: after, equity, limit: multiple, maxExposure: multiple * equity },
  );
}

/** The groups holding `base`: given ones, or the assets correlated with it in the matrix. */
function correlatedGroups(options: CorrelatedExposureOptions, base: string): string[][] {
  if ('groups' in options) return options.groups.filter((g) => g.includes(base)).map((g) => g.slice());
  const { assets, matrix, threshold } = options.correlation;
  const row = assets.indexOf(base);
  if (row < 0) return [];
  const group = assets.filter((a, col) => a === base || matrix[row]![col]! >= threshold);
  return group.length > 1 ? [group] : [];
}

/** |Σ signed value| of the holdings whose base is in `group`. */
function groupNet(book: Holdings, group: readonly string[], out: Sides): void {
  let before = 0;
  let after = 0;
  for (let i = 0; i < book.length; i++) {
    const h = book.at(i);
    if (!group.includes(h.inst.base)) continue;
    before += h.valueBefore;
    after += h.valueAfter;
  }
  out.before = Math.abs(before);
  out.after = Math.abs(after);
}
