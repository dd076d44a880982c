/**
 * Sanity checks for market data. They return the list of rules broken instead of throwing, because bad
 * data is quarantined and counted (`data check`), not fatal. An empty list means the value is sound.
 */

import type { Candle, OrderBookSnapshot, Ticker } from './market.js';

export interface Violation {
  /** Stable, machine-readable rule name, e.g. `high-below-low`. */
  readonly rule: string;
  /** What is wrong, for a person. */
  readonly message: string;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Checks a candle: integer timestamp, finite positive prices, low ≤ open, close ≤ high (and so low ≤ high),
 * finite volume ≥ 0. Rules: `ts-invalid`, `<field>-not-finite`, `<field>-not-positive`, `high-below-low`,
 * `open-outside-range`, `close-outside-range`, `volume-negative`.
 */
export function validateCandle(candle: Candle): Violation[] {
  const violations: Violation[] = [];
  if (!isFiniteNumber(candle.ts) || !Number.isInteger(candle.ts)) {
    violations.push({ rule: 'ts-invalid', message: `timestamp ${candle.ts} is not an integer epoch ms` });
  }
  let pricesFinite = true;
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    const value = candle[field];
    if (!isFiniteNumber(value)) {
      violations.push({ rule: `${field}-not-finite`, message: `${field} ${value} is not a finite number` });
      pricesFinite = false;
    } else if (value <= 0) {
      violations.push({ rule: `${field}-not-positive`, message: `${field} ${value} is not > 0` });
    }
  }
  if (pricesFinite) {
    const { open, high, low, close } = candle;
    if (high < low) violations.push({ rule: 'high-below-low', message: `high ${high} is below low ${low}` });
    if (open < low || open > high) {
      violations.push({
        rule: 'open-outside-range',
        message: `open ${open} is outside [low ${low}, high ${high}]`,
      });
    }
    if (close < low || close > high) {
      violations.push({
        rule: 'close-outside-range',
        message: `close ${close} is outside [low ${low}, high ${high}]`,
      });
    }
  }
  if (!isFiniteNumber(candle.volume)) {
    violations.push({ rule: 'volume-not-finite', message: `volume ${candle.volume} is not a finite number` });
  } else if (candle.volume < 0) {
    violations.push({ rule: 'volume-negative', message: `volume ${candle.volume} is negative` });
  }
  return violations;
}

/**
 * Checks a ticker: finite positive bid, ask and last, non-negative sizes, and bid ≤ ask. Rules:
 * `<field>-not-finite`, `<field>-not-positive`, `<size>-negative`, `crossed` (bid > ask). A locked
 * quote (bid == ask) is allowed: it happens briefly on real venues.
 */
export function validateTicker(ticker: Ticker): Violation[] {
  const violations: Violation[] = [];
  for (const field of ['bid', 'ask', 'last'] as const) {
    const value = ticker[field];
    if (!isFiniteNumber(value))
      violations.push({ rule: `${field}-not-finite`, message: `${field} ${value} is not a finite number` });
    else if (value <= 0)
      violations.push({ rule: `${field}-not-positive`, message: `${field} ${value} is not > 0` });
  }
  for (const field of ['bidSize', 'askSize'] as const) {
    const value = ticker[field];
    if (value === undefined) continue;
    if (!isFiniteNumber(value) || value < 0) {
      violations.push({
        rule: `${field}-negative`,
        message: `${field} ${value} is not a finite number >= 0`,
      });
    }
  }
  // Only compare two sound prices: a zero or NaN side is already reported above.
  if (isFiniteNumber(ticker.bid) && isFiniteNumber(ticker.ask) && ticker.ask > 0 && ticker.bid > ticker.ask) {
    violations.push({ rule: 'crossed', message: `bid ${ticker.bid} is above ask ${ticker.ask}` });
  }
  return violations;
}

/**
 * Checks a book snapshot: finite positive prices, finite non-negative sizes, bids strictly descending,
 * asks strictly ascending, best bid not above best ask. Rules: `<side>-price-invalid`, `<side>-size-invalid`,
 * `<side>-unsorted`, `crossed` (best bid > best ask; a locked book, bid == ask, is allowed as for tickers).
 */
export function validateBook(book: OrderBookSnapshot): Violation[] {
  const violations: Violation[] = [];
  const sides = [
    ['bids', book.bids, -1],
    ['asks', book.asks, 1],
  ] as const;
  for (const [side, levels, direction] of sides) {
    for (let i = 0; i < levels.length; i++) {
      const [price, size] = levels[i]!;
      if (!isFiniteNumber(price) || price <= 0) {
        violations.push({
          rule: `${side}-price-invalid`,
          message: `${side}[${i}] price ${price} is not a finite number > 0`,
        });
      }
      if (!isFiniteNumber(size) || size < 0) {
        violations.push({
          rule: `${side}-size-invalid`,
          message: `${side}[${i}] size ${size} is not a finite number >= 0`,
        });
      }
      if (i > 0) {
        const previous = levels[i - 1]![0];
        // Best first: each bid strictly below the one before, each ask strictly above.
        if (!((price - previous) * direction > 0)) {
          const order = direction < 0 ? 'descending' : 'ascending';
          violations.push({
            rule: `${side}-unsorted`,
            message: `${side}[${i}] price ${price} after ${previous} is not strictly ${order}`,
          });
        }
      }
    }
  }
  const bestBid = book.bids[0]?.[0];
  const bestAsk = book.asks[0]?.[0];
  if (isFiniteNumber(bestBid) && isFiniteNumber(bestAsk) && bestAsk > 0 && bestBid > bestAsk) {
    violations.push({ rule: 'crossed', message: `best bid ${bestBid} is above best ask ${bestAsk}` });
  }
  return violations;
}
