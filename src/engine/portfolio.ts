/**
 * The portfolio: what we believe we hold, built only from venue events (fills, funding, liquidations),
 * never from the venue's internals, so the same code runs against a simulated or a real exchange.
 *
 * One account in one settle currency (every instrument of a run settles in it). Accounting identity,
 * checked by `invariantProblems`:  wallet = capital + realised PnL − fees + funding,
 * equity = wallet + Σ unrealised PnL at the marks. Spot holdings are positions on the same ledger (their
 * value is marked like any other position), which gives the same equity as cash + holdings × price.
 * Positions are also kept per strategy (several strategies may share the account).
 */

import { QuantLabError } from '../core/errors.js';
import type { Fill } from '../core/fill.js';
import type { StrategyId } from '../core/ids.js';
import { type Instrument, instrumentIdOf, settleNotional } from '../core/instrument.js';
import { applyFillToPosition, flatPosition, type Position, pnlFor } from '../core/position.js';
import type { PortfolioPort } from '../strategies/ports.js';
import type { PositionView } from '../strategies/types.js';
import type { FundingSeries, MarginMode } from '../venues/simulated/types.js';
import type { FundingPaid, PositionLiquidated } from './venue.js';

export interface PortfolioOptions {
  readonly instruments: readonly Instrument[];
  readonly currency: string;
  readonly capital: number;
  /** Leverage per symbol used to report margin in `balance()` (default 1). */
  readonly leverage?: (symbol: string) => number;
  readonly funding?: Readonly<Record<string, FundingSeries>>;
  /** How free balance is reported (default cross). */
  readonly marginMode?: MarginMode;
  readonly now: () => number;
}

const FLAT_VIEW: PositionView = Object.freeze({ qty: 0, avgEntryPrice: 0, unrealizedPnl: 0, realizedPnl: 0 });

export class Portfolio implements PortfolioPort {
  readonly capital: number;
  readonly currency: string;
  /** Wallet balance: capital + realised − fees + funding. */
  wallet: number;
  realizedPnl = 0;
  fees = 0;
  funding = 0;
  private readonly instruments: readonly Instrument[];
  private readonly bySymbol = new Map<string, number>();
  private readonly positions: Position[];
  private readonly marks: Float64Array;
  private readonly perStrategy = new Map<StrategyId, Position[]>();
  private readonly leverage: Float64Array;
  private readonly fundingSeries: (FundingSeries | undefined)[];
  private readonly fundingCursor: Int32Array;
  /** Count of instruments with a non-zero position: equity() skips the loop when 0. */
  private open = 0;

  constructor(private readonly options: PortfolioOptions) {
    this.capital = options.capital;
    this.currency = options.currency;
    this.wallet = options.capital;
    this.instruments = options.instruments;
    this.positions = options.instruments.map((inst) => flatPosition(instrumentIdOf(inst)));
    this.marks = new Float64Array(options.instruments.length).fill(Number.NaN);
    this.leverage = new Float64Array(options.instruments.map((i) => options.leverage?.(i.symbol) ?? 1));
    this.fundingSeries = options.instruments.map((i) => options.funding?.[i.symbol]);
    this.fundingCursor = new Int32Array(options.instruments.length).fill(-1);
    options.instruments.forEach((inst, i) => {
      this.bySymbol.set(inst.symbol, i);
    });
  }

  symbolIndex(symbol: string): number {
    return this.bySymbol.get(symbol) ?? -1;
  }

  get instrumentCount(): number {
    return this.instruments.length;
  }

  instrumentAt(index: number): Instrument {
    return this.instruments[index]!;
  }

  /** Marks an instrument at a price (its last close). */
  mark(index: number, price: number): void {
    this.marks[index] = price;
  }

  markOf(index: number): number {
    return this.marks[index]!;
  }

  /** Account position of an instrument (all strategies). */
  accountPosition(index: number): Position {
    return this.positions[index]!;
  }

  hasOpenPosition(): boolean {
    return this.open > 0;
  }

  applyFill(strategyId: StrategyId | undefined, fill: Fill): void {
    const index = this.indexOfInstrument(fill.instrumentId);
    const inst = this.instruments[index]!;
    const before = this.positions[index]!;
    const after = applyFillToPosition(before, inst, fill);
    this.positions[index] = after;
    this.open += (after.qty !== 0 ? 1 : 0) - (before.qty !== 0 ? 1 : 0);
    const realized = after.realizedPnl - before.realizedPnl;
    const fee = fill.feeCurrency === this.currency ? fill.fee : 0;
    this.realizedPnl += realized;
    this.fees += fee;
    this.wallet += realized - fee;
    if (strategyId !== undefined) {
      const own = this.strategyPositions(strategyId);
      own[index] = applyFillToPosition(own[index]!, inst, fill);
    }
  }

  /**
   * Puts back a strategy's position held before a restart (live: rebuilt from the journal's fills; an
   * `external` one adopted at reconciliation) without moving cash: the wallet stays at the capital the
   * runner started from. The account position becomes the sum of the strategies', at the average entry
   * of the side the sum is on.
   */
  restorePosition(strategyId: StrategyId, symbol: string, qty: number, avgEntryPrice: number): void {
    const index = this.symbolIndex(symbol);
    if (index < 0) {
      throw new QuantLabError('QL_ERR_INSTRUMENT_UNKNOWN', `The portfolio has no instrument ${symbol}.`, {
        details: { symbol },
      });
    }
    const instrumentId = this.positions[index]!.instrumentId;
    const own = this.strategyPositions(strategyId);
    own[index] =
      qty === 0 ? flatPosition(instrumentId) : { instrumentId, qty, avgEntryPrice, realizedPnl: 0, fees: {} };
    let sum = 0;
    for (const positions of this.perStrategy.values()) sum += positions[index]!.qty;
    let weight = 0;
    let cost = 0;
    for (const positions of this.perStrategy.values()) {
      const p = positions[index]!;
      if (p.qty !== 0 && Math.sign(p.qty) === Math.sign(sum)) {
        weight += Math.abs(p.qty);
        cost += Math.abs(p.qty) * p.avgEntryPrice;
      }
    }
    const before = this.positions[index]!;
    this.positions[index] = { ...before, qty: sum, avgEntryPrice: weight > 0 ? cost / weight : 0 };
    this.open += (sum !== 0 ? 1 : 0) - (before.qty !== 0 ? 1 : 0);
  }

  /** The strategies the portfolio keeps positions for (some may be flat). */
  strategyIds(): StrategyId[] {
    return [...this.perStrategy.keys()];
  }

  /**
   * A strategy's PnL since it started: realised − fees (settle currency) + unrealised at the marks. Funding
   * is the account's (see applyFunding) and not in it. NaN while a position it holds has no mark yet (after
   * a restart): unknown, not zero. Allocates nothing: breakers read it every step.
   */
  strategyPnl(strategyId: StrategyId): number {
    const own = this.perStrategy.get(strategyId);
    if (own === undefined) return 0;
    let pnl = 0;
    for (let i = 0; i < own.length; i++) {
      const p = own[i]!;
      pnl += p.realizedPnl - (p.fees[this.currency] ?? 0);
      if (p.qty === 0) continue;
      const mark = this.marks[i]!;
      if (!(mark > 0)) return Number.NaN;
      pnl += pnlFor(this.instruments[i]!, p.qty, p.avgEntryPrice, mark);
    }
    return pnl;
  }

  /** A funding payment: account-wide (strategies sharing an instrument are not charged separately). */
  applyFunding(event: FundingPaid): void {
    this.funding += event.amount;
    this.wallet += event.amount;
  }

  /** A liquidation closes the account position and every strategy's share of it. */
  applyLiquidation(event: PositionLiquidated): void {
    const index = this.indexOfInstrument(event.instrumentId);
    this.applyFill(undefined, event.fill);
    const inst = this.instruments[index]!;
    for (const own of this.perStrategy.values()) {
      const held = own[index]!;
      if (held.qty === 0) continue;
      const side = held.qty > 0 ? 'sell' : 'buy';
      own[index] = applyFillToPosition(held, inst, {
        ...event.fill,
        side,
        qty: Math.abs(held.qty),
        fee: 0,
      });
    }
  }

  /** Margin held for derivatives (entry notional / leverage) plus the cost of spot holdings. */
  marginUsed(): number {
    let used = 0;
    for (let i = 0; i < this.positions.length; i++) {
      const p = this.positions[i]!;
      if (p.qty === 0) continue;
      const inst = this.instruments[i]!;
      const notional = Math.abs(settleNotional(inst, p.qty, p.avgEntryPrice));
      used += inst.kind === 'spot' ? notional : notional / this.leverage[i]!;
    }
    return used;
  }

  // PortfolioPort ------------------------------------------------------------------------------------

  position(strategyId: StrategyId, symbol: string): PositionView {
    const index = this.symbolIndex(symbol);
    if (index < 0) return FLAT_VIEW;
    const own = this.perStrategy.get(strategyId)?.[index];
    if (own === undefined || (own.qty === 0 && own.realizedPnl === 0)) return FLAT_VIEW;
    const mark = this.marks[index]!;
    return {
      qty: own.qty,
      avgEntryPrice: own.avgEntryPrice,
      unrealizedPnl:
        own.qty === 0 || !(mark > 0) ? 0 : pnlFor(this.instruments[index]!, own.qty, own.avgEntryPrice, mark),
      realizedPnl: own.realizedPnl,
    };
  }

  /**
   * Free balance. The settle currency: equity − margin used, where spot holdings count at their cost and
   * not at their value (a coin that went up is not more cash to spend: the venue's `available`). A spot
   * base asset: the quantity held.
   */
  balance(_strategyId: StrategyId, asset?: string): number {
    if (asset === undefined || asset === this.currency) {
      // Isolated margin: a position's unrealised PnL stays in the position (the venue's `available`).
      const unrealized =
        this.options.marginMode === 'isolated' ? this.equity() - this.wallet : this.spotUnrealized();
      return this.equity() - unrealized - this.marginUsed();
    }
    let held = 0;
    for (let i = 0; i < this.positions.length; i++) {
      const inst = this.instruments[i]!;
      if (inst.kind === 'spot' && inst.base === asset) held += this.positions[i]!.qty;
    }
    return held;
  }

  /** wallet + Σ unrealised PnL at the marks (the account's: strategies share one account). */
  equity(_strategyId?: StrategyId): number {
    return this.equityValue();
  }

  fundingRate(symbol: string): { readonly rate: number; readonly ts: number } | undefined {
    const index = this.symbolIndex(symbol);
    const series = index < 0 ? undefined : this.fundingSeries[index];
    if (series === undefined) return undefined;
    const now = this.options.now();
    let cursor = this.fundingCursor[index]!;
    while (cursor + 1 < series.ts.length && series.ts[cursor + 1]! <= now) cursor += 1;
    this.fundingCursor[index] = cursor;
    return cursor < 0 ? undefined : { rate: series.rate[cursor]!, ts: series.ts[cursor]! };
  }

  /** Problems with the accounting identities (empty when they hold). */
  invariantProblems(tolerance = 1e-9): string[] {
    const problems: string[] = [];
    const scale = Math.max(1, Math.abs(this.capital));
    const expected = this.capital + this.realizedPnl - this.fees + this.funding;
    if (Math.abs(this.wallet - expected) > tolerance * scale)
      problems.push(`wallet ${this.wallet} != capital + realised − fees + funding = ${expected}`);
    for (let i = 0; i < this.positions.length; i++) {
      let sum = 0;
      for (const own of this.perStrategy.values()) sum += own[i]!.qty;
      const account = this.positions[i]!.qty;
      if (this.perStrategy.size > 0 && Math.abs(sum - account) > 1e-9 * Math.max(1, Math.abs(account)))
        problems.push(`${this.instruments[i]!.symbol}: strategies hold ${sum}, the account ${account}`);
    }
    return problems;
  }

  /** Σ unrealised PnL of spot holdings at the marks (part of equity, not of the free cash). */
  private spotUnrealized(): number {
    if (this.open === 0) return 0;
    let upnl = 0;
    for (let i = 0; i < this.positions.length; i++) {
      const p = this.positions[i]!;
      const inst = this.instruments[i]!;
      if (p.qty !== 0 && inst.kind === 'spot') upnl += pnlFor(inst, p.qty, p.avgEntryPrice, this.marks[i]!);
    }
    return upnl;
  }

  private equityValue(): number {
    if (this.open === 0) return this.wallet;
    let upnl = 0;
    for (let i = 0; i < this.positions.length; i++) {
      const p = this.positions[i]!;
      if (p.qty !== 0) upnl += pnlFor(this.instruments[i]!, p.qty, p.avgEntryPrice, this.marks[i]!);
    }
    return this.wallet + upnl;
  }

  private strategyPositions(strategyId: StrategyId): Position[] {
    let own = this.perStrategy.get(strategyId);
    if (own === undefined) {
      own = this.instruments.map((inst) => flatPosition(instrumentIdOf(inst)));
      this.perStrategy.set(strategyId, own);
    }
    return own;
  }

  private indexOfInstrument(id: string): number {
    for (let i = 0; i < this.positions.length; i++) if (this.positions[i]!.instrumentId === id) return i;
    throw new QuantLabError('QL_ERR_INSTRUMENT_UNKNOWN', `The portfolio has no instrument ${id}.`, {
      details: { instrumentId: id },
    });
  }
}
