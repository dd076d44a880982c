/**
 * The `sma-cross` decision on a cross, as `strategies/builtins/ma-cross.ts` takes it: its rules, sizing
 * from common.ts (`positionSize` with the equity and close given, `moveTo`'s rounding of target −
 * position and its reduce-only flag) on the run's lot grid. The position the strategy starts from is the
 * account's: in the fast path no market order is still working when the strategy runs (a next-open order
 * fills before the next close).
 */

import type { Instrument } from '../../core/instrument.js';
import { contractsForBase, equityInQuote, qtyForNotional } from '../../strategies/builtins/common.js';
import { smaCross } from '../../strategies/builtins/ma-cross.js';
import type { FastAccount } from './account.js';
import type { LotGrid } from './lot-grid.js';
import type { SmaCrossFastParams } from './types.js';

/** The order tags ma-cross.ts sends (`${name}: cross up|down`): the kernel's exit reason of a trade. */
export const CROSS_UP_TAG = `${smaCross.name}: cross up`;
export const CROSS_DOWN_TAG = `${smaCross.name}: cross down`;

/**
 * Decides on crosses; the result of the last `decide` is in `qty` and `reduceOnly`. Takes the bar, not its
 * close and the equity: a double argument of a call that is not inlined is boxed (a heap allocation per
 * cross), so prices are read here from the columns.
 */
export class CrossDecision {
  /** Signed order quantity (> 0 buy); 0 = no order. */
  qty = 0;
  /** moveTo's flag: the order only takes the position toward zero. */
  reduceOnly = false;
  readonly #inst: Instrument;
  readonly #grid: LotGrid;
  readonly #params: SmaCrossFastParams;
  readonly #account: FastAccount;
  readonly #close: Float64Array;

  constructor(
    inst: Instrument,
    grid: LotGrid,
    params: SmaCrossFastParams,
    account: FastAccount,
    close: Float64Array,
  ) {
    this.#inst = inst;
    this.#grid = grid;
    this.#params = params;
    this.#account = account;
    this.#close = close;
  }

  /** `positionSize` of common.ts: `size` base units, or fraction × equity at the close; 0 below the minimum. */
  size(equity: number, close: number): number {
    const p = this.#params;
    const raw =
      p.size === undefined
        ? qtyForNotional(this.#inst, p.fraction * equityInQuote(this.#inst, equity, close), close)
        : contractsForBase(this.#inst, p.size, close);
    return this.#grid.tradable(raw, close);
  }

  /** The order the strategy sends on a cross (`up` or down) at the close of `bar`. */
  decide(up: boolean, bar: number): void {
    this.qty = 0;
    const position = this.#account.qty;
    const close = this.#close[bar]!;
    let target: number;
    if (up) {
      if (position > 0) return;
      const size = this.size(this.#account.equityAt(close), close);
      if (size === 0 && position === 0) return;
      target = size;
    } else if (this.#params.mode === 'long-only') {
      if (position <= 0) return;
      target = 0;
    } else {
      if (position < 0) return;
      target = -this.size(this.#account.equityAt(close), close);
    }
    const delta = target - position;
    const qty = this.#grid.down(Math.abs(delta));
    if (!(qty > 0)) return;
    this.qty = delta > 0 ? qty : -qty;
    this.reduceOnly =
      target === 0 || (Math.sign(target) === Math.sign(position) && Math.abs(target) < Math.abs(position));
  }
}
