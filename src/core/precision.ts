/**
 * Rounding to an instrument's tick and lot, and exact decimal strings for the wire.
 *
 * Every order passes through here: `roundPrice`/`roundQty` snap a computed number onto the venue grid,
 * `validateOrderQty` checks the venue's size rules, `formatPrice`/`formatQty` give the string to send.
 * Rounding is done in integer step units (x / step) with a small tolerance, because binary floating point
 * cannot hold most decimal steps exactly: 0.3 / 0.1 is 2.9999999999999996, which a naive floor turns into 2.
 * Results are rebuilt from an integer count of steps as (units × stepMantissa) / 10^decimals, which is the
 * double nearest to the exact decimal, so 3 × 0.1 comes back as 0.3, not 0.30000000000000004.
 */

import { QuantLabError } from './errors.js';
import { type Instrument, quoteNotional } from './instrument.js';

export type RoundingMode = 'nearest' | 'down' | 'up';

/** Decimals we support in a step; more than any venue uses and still exact in a double's mantissa. */
const MAX_DECIMALS = 15;

/**
 * Number of decimals in the shortest decimal form of `step`: 0.0001 → 4, 5e-8 → 8, 0.5 → 1, 10 → 0.
 * Reads the shortest round-trip representation (what `String(x)` prints), including exponent notation.
 */
export function decimalsOf(step: number): number {
  if (!Number.isFinite(step)) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `Cannot take decimals of ${step}.`, {
      details: { step },
    });
  }
  const text = Math.abs(step).toString();
  const [mantissa, exponentText] = text.split('e') as [string, string | undefined];
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const dot = mantissa.indexOf('.');
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.min(MAX_DECIMALS, Math.max(0, fraction - exponent));
}

interface StepGrid {
  readonly step: number;
  readonly decimals: number;
  /** step × 10^decimals, an integer. */
  readonly mantissa: number;
  readonly scale: number;
}

// Steps repeat (one per instrument); caching keeps the per-order path free of string work.
const grids = new Map<number, StepGrid>();

function gridOf(step: number, what = 'step'): StepGrid {
  const cached = grids.get(step);
  if (cached !== undefined) return cached;
  if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `Invalid ${what} ${step}: must be a finite number > 0.`, {
      details: { [what]: step },
    });
  }
  const decimals = decimalsOf(step);
  const scale = 10 ** decimals;
  const grid = { step, decimals, mantissa: Math.round(step * scale), scale };
  if (grids.size > 10_000) grids.clear();
  grids.set(step, grid);
  return grid;
}

/**
 * Tolerance, in step units, for float noise in x / step: 1e-9 steps, or ~45 ulps of the quotient for huge
 * counts (it must stay far below half a step, or 'nearest' would round ties the wrong way).
 */
export function stepTolerance(units: number): number {
  return Math.max(1e-9, Math.abs(units) * 1e-14);
}

/** `units` steps as the double nearest the exact decimal units × step. */
function fromUnits(grid: StepGrid, units: number): number {
  const value = (units * grid.mantissa) / grid.scale;
  return value === 0 ? 0 : value; // never -0
}

/** The integer number of steps `value` rounds to; 'down'/'up' are floor/ceil on the number line. */
export function stepUnits(value: number, step: number, mode: RoundingMode = 'nearest'): number {
  const grid = gridOf(step);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `Cannot round ${value}: not a finite number.`, {
      details: { value },
    });
  }
  const units = value / grid.step;
  const tol = stepTolerance(units);
  if (mode === 'down') return Math.floor(units + tol);
  if (mode === 'up') return Math.ceil(units - tol);
  // Half-way cases round away from zero; the tolerance makes 0.35 / 0.1 (3.4999…) count as a tie.
  const rounded = Math.sign(units) * Math.floor(Math.abs(units) + 0.5 + tol);
  return rounded === 0 ? 0 : rounded;
}

/** Rounds `value` to a multiple of `step`. 'down' and 'up' are toward −∞ and +∞. */
export function roundToStep(value: number, step: number, mode: RoundingMode = 'nearest'): number {
  return fromUnits(gridOf(step), stepUnits(value, step, mode));
}

/** True when `value` is a whole number of steps, allowing float noise. */
export function isMultipleOf(value: number, step: number): boolean {
  // The step is validated as `gridOf` does (which throws for a bad one) but not looked up: a Map lookup
  // by a number key boxes it, an allocation on every order's grid check.
  if (!(typeof step === 'number' && step > 0 && step < Number.POSITIVE_INFINITY)) gridOf(step);
  if (!Number.isFinite(value)) return false;
  const units = value / step;
  return Math.abs(units - Math.round(units)) <= stepTolerance(units);
}

/**
 * Exact decimal string of `value` with the step's decimals; no exponent notation. Throws when `value` is
 * not on the step grid (beyond float noise), so an unrounded number can never reach the wire.
 */
export function formatStep(value: number, step: number, what = 'value'): string {
  const grid = gridOf(step);
  if (!isMultipleOf(value, step)) {
    throw new QuantLabError(
      'QL_ERR_ORDER_INVALID',
      `The ${what} ${value} is not a multiple of ${step}; round it first.`,
      {
        details: { rule: 'step', [what]: value, step },
      },
    );
  }
  if (Math.abs(value) >= 1e21) {
    throw new QuantLabError('QL_ERR_ORDER_INVALID', `The ${what} ${value} is too large to format.`, {
      details: { rule: 'range', [what]: value },
    });
  }
  const text = fromUnits(grid, stepUnits(value, step, 'nearest')).toFixed(grid.decimals);
  return text.startsWith('-') && Number(text) === 0 ? text.slice(1) : text;
}

/** Rounds a price to the instrument's tick. */
export function roundPrice(inst: Instrument, price: number, mode: RoundingMode = 'nearest'): number {
  return roundToStep(price, inst.tickSize, mode);
}

/** Rounds a quantity (contracts) to the instrument's lot; 'down' by default so we never size up. */
export function roundQty(inst: Instrument, qty: number, mode: RoundingMode = 'down'): number {
  return roundToStep(qty, inst.lotSize, mode);
}

/** The decimals a price of this instrument is written with. */
export function priceDecimals(inst: Instrument): number {
  return gridOf(inst.tickSize, 'tickSize').decimals;
}

/** The decimals a quantity of this instrument is written with. */
export function qtyDecimals(inst: Instrument): number {
  return gridOf(inst.lotSize, 'lotSize').decimals;
}

/** The wire string of a price already on the tick grid, e.g. `64123.5`. */
export function formatPrice(inst: Instrument, price: number): string {
  return formatStep(price, inst.tickSize, 'price');
}

/** The wire string of a quantity already on the lot grid, e.g. `0.01`. */
export function formatQty(inst: Instrument, qty: number): string {
  return formatStep(qty, inst.lotSize, 'quantity');
}

function orderInvalid(rule: string, message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_ORDER_INVALID', message, { details: { rule, ...details } });
}

/**
 * Checks an order quantity against the instrument's rules and throws QL_ERR_ORDER_INVALID naming the
 * first one broken (`details.rule`): `finite-positive`, `lot-multiple`, `min-size`, `min-notional`.
 * The notional rule is checked only when a price is given and the instrument has `minNotional`.
 */
export function validateOrderQty(inst: Instrument, qty: number, price?: number): void {
  const symbol = inst.symbol;
  if (typeof qty !== 'number' || !Number.isFinite(qty) || qty <= 0) {
    throw orderInvalid(
      'finite-positive',
      `Order quantity ${qty} for ${symbol} must be a finite number > 0.`,
      { symbol, qty },
    );
  }
  if (!isMultipleOf(qty, inst.lotSize)) {
    throw orderInvalid(
      'lot-multiple',
      `Order quantity ${qty} for ${symbol} is not a multiple of the lot size ${inst.lotSize}.`,
      {
        symbol,
        qty,
        lotSize: inst.lotSize,
      },
    );
  }
  // Compare in lot units with the same tolerance, so 0.1 + 0.2 counts as 0.3 against a 0.3 minimum.
  if (
    inst.minSize > 0 &&
    qty / inst.lotSize < inst.minSize / inst.lotSize - stepTolerance(qty / inst.lotSize)
  ) {
    throw orderInvalid(
      'min-size',
      `Order quantity ${qty} for ${symbol} is below the minimum size ${inst.minSize}.`,
      {
        symbol,
        qty,
        minSize: inst.minSize,
      },
    );
  }
  if (price !== undefined && inst.minNotional !== undefined && inst.minNotional > 0) {
    if (!Number.isFinite(price) || price <= 0) {
      throw orderInvalid(
        'finite-positive',
        `Order price ${price} for ${symbol} must be a finite number > 0.`,
        { symbol, price },
      );
    }
    const notional = quoteNotional(inst, qty, price);
    if (notional < inst.minNotional * (1 - 1e-12)) {
      throw orderInvalid(
        'min-notional',
        `Order value ${notional} ${inst.quote} for ${symbol} is below the minimum notional ${inst.minNotional}.`,
        { symbol, qty, price, notional, minNotional: inst.minNotional },
      );
    }
  }
}

/** Checks an order price: finite, > 0 and on the tick grid (`details.rule`: `finite-positive`, `tick-multiple`). */
export function validateOrderPrice(inst: Instrument, price: number): void {
  if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0) {
    throw orderInvalid(
      'finite-positive',
      `Order price ${price} for ${inst.symbol} must be a finite number > 0.`,
      {
        symbol: inst.symbol,
        price,
      },
    );
  }
  if (!isMultipleOf(price, inst.tickSize)) {
    throw orderInvalid(
      'tick-multiple',
      `Order price ${price} for ${inst.symbol} is not a multiple of the tick size ${inst.tickSize}.`,
      {
        symbol: inst.symbol,
        price,
        tickSize: inst.tickSize,
      },
    );
  }
}
