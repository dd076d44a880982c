/**
 * What the simulator replays: its instruments (from OKX ids or ccxt symbols) and a candle tape for each —
 * the given candles (one list for all, or per symbol) or a seeded random walk per base currency.
 */

import { QuantLabError } from '../../core/errors.js';
import { resolveInstrument, type SimInstrument } from './instruments.js';
import { type CandleTape, hashSeed, ListTape, RandomWalkTape, type TapeCandle } from './tape.js';

export interface ReplayOptions {
  candles?: readonly TapeCandle[] | Readonly<Record<string, readonly TapeCandle[]>>;
  seed?: number;
  volatility?: number;
}

/** The instruments of `symbols` (default BTC-USDT-SWAP and BTC-USDT), each once. */
export function simulatedInstruments(
  symbols: readonly string[] = ['BTC-USDT-SWAP', 'BTC-USDT'],
  startPrices?: Readonly<Record<string, number>>,
): SimInstrument[] {
  const byId = new Map<string, SimInstrument>();
  for (const symbol of symbols) {
    const inst = resolveInstrument(symbol, startPrices);
    byId.set(inst.instId, inst);
  }
  if (byId.size === 0)
    throw new QuantLabError('QL_ERR_INVALID_INPUT', 'the simulator needs at least one symbol');
  return [...byId.values()];
}

export function tapeFor(inst: SimInstrument, options: ReplayOptions): CandleTape {
  const { candles } = options;
  if (Array.isArray(candles)) return new ListTape(candles);
  if (candles !== undefined) {
    for (const [symbol, list] of Object.entries(candles as Record<string, readonly TapeCandle[]>)) {
      if (resolveInstrument(symbol).instId === inst.instId) return new ListTape(list);
    }
  }
  return new RandomWalkTape({
    startPrice: inst.startPrice,
    seed: hashSeed(inst.base, options.seed ?? 1),
    tick: inst.tick,
    ...(options.volatility === undefined ? {} : { volatility: options.volatility }),
  });
}

/** A tape candle whose high and low contain its open and close (files can hold broken rows). */
export function consistent(c: TapeCandle): TapeCandle {
  return {
    ...c,
    high: Math.max(c.open, c.high, c.low, c.close),
    low: Math.min(c.open, c.high, c.low, c.close),
  };
}
