/**
 * The simulated trading account: one unified account in single-currency margin mode, as an OKX demo
 * account. Cash per currency (USDT to start; spot buys add the base currency), positions in USDT-margined
 * swaps (net mode, or long/short mode), leverage settings, and OKX's balance figures derived from them.
 *
 * OKX's bookkeeping, followed here (it reproduces the real `http_get_account_balance.json` figures):
 * isolated margin leaves the cash balance when a position opens and comes back (with the PnL) when it
 * closes; cross positions keep their margin in the cash balance and only require it.
 *   eq = cashBal + cross upl + isoEq (isolated margin + its upl); frozenBal = isoEq + cross imr + ordFrozen;
 *   availEq = eq − frozenBal; availBal = cashBal − ordFrozen.
 * Fees come out of the cash balance. Maintenance margin is a flat 0.4 % of notional (OKX's first tier for
 * BTC); liquidation prices are computed from it but positions are never liquidated (see README.md).
 */

import type { SimInstrument } from './instruments.js';
import { cleanFloat } from './numbers.js';
import type { PosMode, PosSide, SimPosition } from './types.js';

export const MAINTENANCE_MARGIN_RATE = 0.004;

export interface AccountOptions {
  /** Starting cash per currency (default 100 000 USDT). */
  balances: Readonly<Record<string, number>>;
  /** Leverage of an instrument nobody set one for (capped at the instrument's maximum). */
  defaultLeverage: number;
  /** The price positions are marked at (the simulator's last price). */
  markPrice(inst: SimInstrument): number;
  /** What live orders hold back in a currency. */
  orderFrozen(ccy: string): number;
  now(): number;
}

export interface CurrencyFigures {
  ccy: string;
  cashBal: number;
  eq: number;
  availBal: number;
  availEq: number;
  frozenBal: number;
  ordFrozen: number;
  upl: number;
  isoEq: number;
  isoUpl: number;
  imr: number;
  mmr: number;
  notional: number;
  uTime: number;
}

type MarginMode = 'cross' | 'isolated';

/** +1 for a long exposure, −1 for a short one. */
export function direction(position: SimPosition): number {
  if (position.posSide === 'short') return -1;
  if (position.posSide === 'long') return 1;
  return Math.sign(position.pos);
}

export class SimAccount {
  readonly #cash = new Map<string, number>();
  readonly #positions = new Map<string, SimPosition>();
  readonly #leverage = new Map<string, number>();
  readonly #uTime = new Map<string, number>();
  #posIds = 0;
  posMode: PosMode = 'net_mode';

  constructor(private readonly options: AccountOptions) {
    for (const [ccy, amount] of Object.entries(options.balances)) this.#cash.set(ccy, amount);
  }

  cash(ccy: string): number {
    return this.#cash.get(ccy) ?? 0;
  }

  /** Adds (or with a negative amount takes) cash, cleaning float noise. */
  credit(ccy: string, amount: number): void {
    this.#cash.set(ccy, cleanFloat(this.cash(ccy) + amount));
    this.#uTime.set(ccy, this.options.now());
  }

  currencies(): string[] {
    return [...this.#cash.keys()];
  }

  leverage(inst: SimInstrument, mgnMode: MarginMode, posSide: PosSide): number {
    const set =
      this.#leverage.get(`${inst.instId}|${mgnMode}|${posSide}`) ??
      this.#leverage.get(`${inst.instId}|${mgnMode}`);
    return set ?? Math.min(this.options.defaultLeverage, inst.maxLever);
  }

  setLeverage(inst: SimInstrument, mgnMode: MarginMode, posSide: PosSide | undefined, lever: number): void {
    const key = posSide === undefined ? `${inst.instId}|${mgnMode}` : `${inst.instId}|${mgnMode}|${posSide}`;
    this.#leverage.set(key, lever);
    if (posSide === undefined) {
      for (const k of this.#leverage.keys()) if (k.startsWith(`${key}|`)) this.#leverage.delete(k);
    }
    for (const position of this.#positions.values()) {
      if (position.inst !== inst || position.mgnMode !== mgnMode) continue;
      if (posSide !== undefined && position.posSide !== posSide) continue;
      position.lever = lever;
      if (mgnMode === 'isolated') {
        // Isolated margin follows the new leverage: the difference moves to or from the cash balance.
        const margin = cleanFloat((Math.abs(position.pos) * inst.ctVal * position.avgPx) / lever);
        this.credit(inst.settle, position.margin - margin);
        position.margin = margin;
      }
      position.uTime = this.options.now();
    }
  }

  position(inst: SimInstrument, mgnMode: MarginMode, posSide: PosSide): SimPosition | undefined {
    return this.#positions.get(`${inst.instId}|${mgnMode}|${posSide}`);
  }

  /** Open positions (pos ≠ 0). */
  positions(): SimPosition[] {
    return [...this.#positions.values()].filter((p) => p.pos !== 0);
  }

  /** The position a fill goes to, created empty when new. */
  positionFor(inst: SimInstrument, mgnMode: MarginMode, posSide: PosSide): SimPosition {
    const key = `${inst.instId}|${mgnMode}|${posSide}`;
    let position = this.#positions.get(key);
    if (position === undefined || (position.pos === 0 && position.margin === 0)) {
      const now = this.options.now();
      position = {
        posId: String(BigInt(now) * 1000n + BigInt(++this.#posIds)),
        inst,
        mgnMode,
        posSide,
        pos: 0,
        avgPx: 0,
        lever: this.leverage(inst, mgnMode, posSide),
        margin: 0,
        realizedPnl: 0,
        fee: 0,
        cTime: now,
        uTime: now,
        tradeId: '',
      };
      this.#positions.set(key, position);
    }
    return position;
  }

  /** Unrealised PnL at the mark price. */
  upl(position: SimPosition): number {
    const mark = this.options.markPrice(position.inst);
    return cleanFloat(
      direction(position) * Math.abs(position.pos) * position.inst.ctVal * (mark - position.avgPx),
    );
  }

  notional(position: SimPosition): number {
    return Math.abs(position.pos) * position.inst.ctVal * this.options.markPrice(position.inst);
  }

  /** Initial margin a cross position requires (isolated ones hold `margin` instead). */
  imr(position: SimPosition): number {
    return position.mgnMode === 'cross' ? this.notional(position) / position.lever : 0;
  }

  mmr(position: SimPosition): number {
    return this.notional(position) * MAINTENANCE_MARGIN_RATE;
  }

  /** OKX's balance figures of one currency. */
  figures(ccy: string): CurrencyFigures {
    const cashBal = this.cash(ccy);
    let crossUpl = 0;
    let isoUpl = 0;
    let isoMargin = 0;
    let imr = 0;
    let mmr = 0;
    let notional = 0;
    let uTime = this.#uTime.get(ccy) ?? 0;
    for (const p of this.positions()) {
      if (p.inst.settle !== ccy) continue;
      const upl = this.upl(p);
      if (p.mgnMode === 'cross') crossUpl += upl;
      else {
        isoUpl += upl;
        isoMargin += p.margin;
      }
      imr += this.imr(p);
      mmr += this.mmr(p);
      notional += this.notional(p);
      uTime = Math.max(uTime, p.uTime);
    }
    const ordFrozen = this.options.orderFrozen(ccy);
    const isoEq = isoMargin + isoUpl;
    const eq = cashBal + crossUpl + isoEq;
    const frozenBal = isoEq + imr + ordFrozen;
    const c = cleanFloat;
    return {
      ccy,
      cashBal: c(cashBal),
      eq: c(eq),
      availBal: c(cashBal - ordFrozen),
      availEq: c(eq - frozenBal),
      frozenBal: c(frozenBal),
      ordFrozen: c(ordFrozen),
      upl: c(crossUpl + isoUpl),
      isoEq: c(isoEq),
      isoUpl: c(isoUpl),
      imr: c(imr),
      mmr: c(mmr),
      notional: c(notional),
      uTime,
    };
  }

  /**
   * Approximate liquidation price: where the position's collateral equals its maintenance margin.
   * Isolated: the position's margin. Cross: the cash balance plus the other cross positions' upl minus
   * their maintenance margin. Undefined when no positive price qualifies.
   */
  liquidationPrice(position: SimPosition): number | undefined {
    const q = Math.abs(position.pos) * position.inst.ctVal;
    if (q === 0) return undefined;
    let collateral = position.margin;
    if (position.mgnMode === 'cross') {
      collateral = this.cash(position.inst.settle) - this.options.orderFrozen(position.inst.settle);
      for (const other of this.positions()) {
        if (other === position || other.mgnMode !== 'cross' || other.inst.settle !== position.inst.settle)
          continue;
        collateral += this.upl(other) - this.mmr(other);
      }
    }
    const m = MAINTENANCE_MARGIN_RATE;
    const price =
      direction(position) > 0
        ? (q * position.avgPx - collateral) / (q * (1 - m))
        : (collateral + q * position.avgPx) / (q * (1 + m));
    return price > 0 ? price : undefined;
  }
}
