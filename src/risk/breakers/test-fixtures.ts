/** A fake environment for the breaker tests: a settable clock, equity, PnL and market data. */

import { BreakerBoard } from './board.js';
import type { BreakerConfig, BreakerEvent, BreakerInputs } from './types.js';

export const DAY = 86_400_000;
/** 2024-01-01T00:00:00Z */
export const JAN_1 = Date.UTC(2024, 0, 1);

export class FakeInputs implements BreakerInputs {
  clock = JAN_1;
  equity = 10_000;
  readonly pnl = new Map<string, number>();
  ids: string[] = ['s1', 's2'];
  symbols: string[] = [];
  readonly lastTs = new Map<string, number>();

  now(): number {
    return this.clock;
  }
  accountEquity(): number {
    return this.equity;
  }
  strategyPnl(strategyId: string): number {
    return this.pnl.get(strategyId) ?? 0;
  }
  strategyIds(): readonly string[] {
    return this.ids;
  }
  watchedSymbols(): readonly string[] {
    return this.symbols;
  }
  lastMarketDataTs(symbol: string): number | undefined {
    return this.lastTs.get(symbol);
  }
}

export function setup(configs: readonly BreakerConfig[], inputs = new FakeInputs()) {
  const events: BreakerEvent[] = [];
  const board = new BreakerBoard(configs, inputs, (event) => events.push(event));
  /** Moves the clock (and optionally the equity) and evaluates. */
  const step = (at: number, equity?: number) => {
    inputs.clock = at;
    if (equity !== undefined) inputs.equity = equity;
    board.evaluate();
  };
  const types = () =>
    events.map((e) => (e.type === 'tripped' ? `tripped:${e.trip.breaker}` : `resumed:${e.by}`));
  return { board, inputs, events, step, types };
}

export const ACCOUNT = { kind: 'account' } as const;
export const strategy = (strategyId: string) => ({ kind: 'strategy', strategyId }) as const;
