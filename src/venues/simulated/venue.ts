/**
 * The simulated exchange of backtests (and the paper venue): an `ExecutionVenue` fed bar by bar. It
 * matches orders on an assumed intrabar path, charges fees and slippage, keeps its own account (wallet,
 * positions, margin), pays funding and liquidates. The fill model is described in README.md.
 *
 * Hot path: `onBar` runs for every bar of every symbol. For a symbol with no working order and no open
 * position it compares the next funding time, stores the close and the clock, and returns: no allocation.
 */

import { QuantLabError } from '../../core/errors.js';
import type { Fill } from '../../core/fill.js';
import type { ClientOrderId } from '../../core/ids.js';
import type { Order } from '../../core/order.js';
import type { ExecutionVenue, OrderChanges, VenueListener } from '../../engine/venue.js';
import { BarMatcher } from './bar-matcher.js';
import { FundingClock } from './funding.js';
import { amendOrder, cancelOrder, submitOrder } from './order-intake.js';
import { VenueState } from './state.js';
import type {
  SimulatedAccountSnapshot,
  SimulatedPosition,
  SimulatedVenueOptions,
  VenueBar,
} from './types.js';

export class SimulatedVenue implements ExecutionVenue {
  readonly exchange: string;
  private readonly st: VenueState;
  private readonly matcher: BarMatcher;
  private readonly funding: FundingClock;
  /** Shortcuts to the state's arrays for onBar. */
  private readonly fundingNext: Float64Array;
  private readonly last: Float64Array;
  private readonly positionQty: Float64Array;
  private readonly books: readonly unknown[][];
  private readonly closeMode: boolean;
  private readonly bySymbol = new Map<string, number>();
  private readonly byInstrumentId = new Map<string, number>();
  private readonly scratch: VenueBar = { ts: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, closeTs: 0 };

  constructor(options: SimulatedVenueOptions) {
    this.st = new VenueState(options);
    this.exchange = options.exchange;
    this.matcher = new BarMatcher(this.st);
    this.funding = new FundingClock(this.st.instruments, options.funding, options.marks);
    this.fundingNext = this.funding.next;
    this.last = this.st.last;
    this.positionQty = this.st.account.qty;
    this.books = this.st.books;
    this.closeMode = this.st.closeMode;
    this.st.instruments.forEach((inst, i) => {
      this.bySymbol.set(inst.symbol, i);
      this.byInstrumentId.set(this.st.instrumentIds[i]!, i);
    });
  }

  setListener(listener: VenueListener): void {
    this.st.listener = listener;
  }

  submit(order: Order): void {
    submitOrder(this.st, order, this.byInstrumentId.get(order.instrumentId));
  }

  cancel(clientOrderId: ClientOrderId): void {
    cancelOrder(this.st, clientOrderId);
  }

  amend(clientOrderId: ClientOrderId, changes: OrderChanges): void {
    amendOrder(this.st, clientOrderId, changes);
  }

  /**
   * Books a fill from before a restart into the account (position, realised PnL, fee, margin) without an
   * event: a paper account is rebuilt from its journal this way. Liquidation prices are recomputed.
   */
  restoreFill(fill: Fill): void {
    const index = this.byInstrumentId.get(fill.instrumentId);
    if (index === undefined) {
      throw new QuantLabError(
        'QL_ERR_INSTRUMENT_UNKNOWN',
        `No instrument ${fill.instrumentId} at this venue.`,
        {
          details: { instrumentId: fill.instrumentId },
        },
      );
    }
    this.st.account.applyFill(index, fill);
  }

  /** Books a funding payment from before a restart into the account without an event (paper recovery). */
  restoreFunding(symbol: string, amount: number): void {
    this.st.account.applyFunding(this.symbolIndex(symbol), amount);
  }

  /** Marks the symbol's funding times up to `through` as settled: they were, before a restart. */
  skipFundingThrough(symbol: string, through: number): void {
    this.funding.skipThrough(this.symbolIndex(symbol), through);
  }

  /** Told the last funding time settled for a symbol (paid, or passed while flat) after each settlement. */
  onFundingSettled(listener: (symbol: string, through: number) => void): void {
    this.funding.onSettled = (i, through) => listener(this.st.instruments[i]!.symbol, through);
  }

  /** The index `onBar` and `lastPrice` take for `symbol`. Throws QL_ERR_INVALID_INPUT for an unknown one. */
  symbolIndex(symbol: string): number {
    const index = this.bySymbol.get(symbol);
    if (index === undefined) {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `The simulated venue does not trade ${symbol}.`, {
        details: { symbol, symbols: [...this.bySymbol.keys()] },
      });
    }
    return index;
  }

  /**
   * One bar of the symbol's finest series, in time order across symbols. `index` must come from
   * `symbolIndex` (not checked here: this is the hot path). Loops over many bars should use `onBarFrom`.
   */
  onBar(
    index: number,
    ts: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    closeTs: number,
  ): void {
    const bar = this.scratch;
    bar.ts = ts;
    bar.open = open;
    bar.high = high;
    bar.low = low;
    bar.close = close;
    bar.volume = volume;
    bar.closeTs = closeTs;
    this.onBarFrom(index, bar);
  }

  /** `onBar` with the bar in an object the caller reuses (read at once, never kept): no allocation. */
  onBarFrom(index: number, bar: VenueBar): void {
    const st = this.st;
    const closeTs = bar.closeTs;
    if (this.fundingNext[index]! < closeTs) this.funding.settle(st, index, bar.open, closeTs);
    if (this.books[index]!.length !== 0 || this.positionQty[index] !== 0) {
      st.matching = true;
      try {
        this.matcher.run(index, bar);
      } finally {
        st.matching = false;
      }
    }
    this.last[index] = bar.close;
    if (closeTs > st.now) st.now = closeTs;
    if (this.closeMode) {
      st.lastOpen[index] = bar.open;
      st.lastHigh[index] = bar.high;
      st.lastLow[index] = bar.low;
      st.lastVolume[index] = bar.volume;
    }
  }

  /** The last close of the symbol; NaN before its first bar. */
  lastPrice(index: number): number {
    return this.last[index] ?? Number.NaN;
  }

  /** wallet + unrealised PnL at last prices. */
  equity(): number {
    return this.st.account.equity(this.last);
  }

  snapshot(): SimulatedAccountSnapshot {
    const st = this.st;
    const account = st.account;
    const positions: SimulatedPosition[] = [];
    for (let i = 0; i < st.instruments.length; i++) {
      const qty = account.qty[i]!;
      if (qty === 0) continue;
      const last = this.last[i]!;
      positions.push({
        symbol: st.instruments[i]!.symbol,
        qty,
        avgEntryPrice: account.entry[i]!,
        margin: account.margin[i]!,
        liquidationPrice: account.liquidationPrice(i, this.last),
        lastPrice: last,
        unrealizedPnl: account.unrealized(i, last),
      });
    }
    return {
      currency: st.currency,
      wallet: account.wallet,
      realizedPnl: account.realizedPnl,
      fees: account.fees,
      funding: account.funding,
      equity: account.equity(this.last),
      available: account.available(this.last),
      positions,
    };
  }
}
