/**
 * `roundQty(inst, x, 'down')` and the strategies' `tradableQty` (strategies/builtins/common.ts) with the
 * lot grid resolved once per run. The core functions look the grid up in a Map keyed by the step on every
 * call (a double-keyed hash per rounding, four per signal), which is a visible share of a 20,000-signal
 * sweep trial. Same arithmetic as core/precision.ts (`stepUnits` 'down' then `fromUnits`), so the results
 * are the same doubles; lot-grid.test.ts checks them against the core functions.
 */

import { type Instrument, quoteNotional } from '../../core/instrument.js';
import { decimalsOf, stepTolerance } from '../../core/precision.js';

export class LotGrid {
  readonly #inst: Instrument;
  readonly #step: number;
  readonly #mantissa: number;
  readonly #scale: number;

  constructor(inst: Instrument) {
    this.#inst = inst;
    this.#step = inst.lotSize;
    const scale = 10 ** decimalsOf(inst.lotSize);
    this.#scale = scale;
    this.#mantissa = Math.round(inst.lotSize * scale);
  }

  /** roundQty(inst, value, 'down') for a finite value. */
  down(value: number): number {
    const units = value / this.#step;
    const whole = Math.floor(units + stepTolerance(units));
    const rounded = (whole * this.#mantissa) / this.#scale;
    return rounded === 0 ? 0 : rounded;
  }

  /** tradableQty(inst, qty, price): down to the lot; 0 below the minimum size or notional. */
  tradable(qty: number, price: number): number {
    if (!(qty > 0) || !Number.isFinite(qty)) return 0;
    const rounded = this.down(qty);
    const inst = this.#inst;
    if (!(rounded > 0) || rounded < inst.minSize) return 0;
    if (inst.minNotional !== undefined && quoteNotional(inst, rounded, price) < inst.minNotional) return 0;
    return rounded;
  }
}
