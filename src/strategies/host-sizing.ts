/**
 * `ctx.size` (see sizing-types.ts): the pure sizers of src/risk/sizing fed with what the host knows — the
 * strategy's equity, the instrument, the last closed price, the candle history and the strategy's own
 * closed trades. Arguments are checked before anything else, so garbage throws QL_ERR_INVALID_INPUT even
 * when the answer would be 0 for another reason (no price yet, warming up).
 */

import type { StrategyId } from '../core/ids.js';
import type { Instrument } from '../core/instrument.js';
import { isOrderSide } from '../core/side.js';
import { nominalTimeframeMs, parseTimeframe } from '../core/timeframe.js';
import {
  invalid,
  requireFraction,
  requireInteger,
  requireNonNegative,
  requirePositive,
  type SizeResult,
  zero,
} from '../risk/sizing/common.js';
import { fixedQty, fixedRisk, fractionOfEquity } from '../risk/sizing/fixed.js';
import { kellyFraction } from '../risk/sizing/kelly.js';
import { realisedVolatility, volatilityTarget } from '../risk/sizing/volatility.js';
import type { StrategyPorts } from './ports.js';
import type {
  FixedRiskSizingOptions,
  KellySizingOptions,
  SizingContext,
  VolatilitySizingOptions,
} from './sizing-types.js';
import type { CandleHistory, StrategySetup } from './types.js';

/** Crypto trades around the clock: bars per year are a 365-day year over the bar length. */
const YEAR_MS = 365 * 24 * 3_600_000;
export const DEFAULT_KELLY_MIN_TRADES = 20;

/** What `ctx.size` needs from its host. */
export interface SizingHost {
  readonly strategyId: StrategyId;
  readonly setup: StrategySetup;
  readonly ports: StrategyPorts;
  history(symbol: string, timeframe: string | undefined): CandleHistory;
  /** Candles the series keeps at most (its history window). */
  historyCapacity(symbol: string, timeframe: string | undefined): number;
  /** Close of the latest closed candle of `symbol` in any subscribed series; NaN when there is none. */
  lastPrice(symbol: string): number;
  /** Results of the strategy's closed round trips, oldest first. */
  closedTrades(): readonly number[];
}

function requireOptions(method: string, options: unknown): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid(`ctx.size.${method}: the options must be an object.`, { field: 'options' });
  }
}

function optional<T>(value: T | undefined, check: (value: T) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}

/** Mean true range of the last `period` bars (needs period + 1 candles: each range reaches back a close). */
function meanTrueRange(history: CandleHistory, period: number): number {
  let sum = 0;
  for (let i = -period; i < 0; i++) {
    const high = history.high(i);
    const low = history.low(i);
    const previousClose = history.close(i - 1);
    sum += Math.max(high - low, Math.abs(high - previousClose), Math.abs(low - previousClose));
  }
  return sum / period;
}

export function createSizingContext(host: SizingHost): SizingContext {
  const { ports, strategyId } = host;
  // Reused between calls: realised volatility reads a Float64Array of closes.
  let closes = new Float64Array(0);

  const instrumentOf = (method: string, symbol: unknown): Instrument => {
    if (typeof symbol !== 'string' || symbol === '') {
      throw invalid(`ctx.size.${method}: the symbol must be a non-empty string.`, {
        field: 'symbol',
        value: String(symbol),
      });
    }
    const inst = ports.instruments.instrument(symbol);
    if (inst === undefined) {
      throw invalid(
        `ctx.size.${method}: no instrument ${JSON.stringify(symbol)} on ${host.setup.exchange}.`,
        {
          field: 'symbol',
          value: symbol,
        },
      );
    }
    return inst;
  };
  const checkedPrice = (price: number | undefined): number | undefined =>
    optional(price, (p) => requirePositive('price', p));
  const priceOr = (symbol: string, price: number | undefined): number => price ?? host.lastPrice(symbol);
  // A negative or unknown equity sizes nothing (zero-equity) instead of failing the sizer's input check.
  const equity = (): number => {
    const value = ports.portfolio.equity(strategyId);
    return value > 0 && Number.isFinite(value) ? value : 0;
  };

  const kellySize = (symbol: string, options: KellySizingOptions): SizeResult => {
    requireOptions('kelly', options);
    const cap = requireFraction('cap', options.cap);
    const minTrades = requireInteger('minTrades', options.minTrades ?? DEFAULT_KELLY_MIN_TRADES, 1);
    const window = optional(options.window, (w) => requireInteger('window', w, 1));
    const fallback = requireFraction('fallbackFraction', options.fallbackFraction ?? 0);
    const leverage = optional(options.leverage, (l) => requirePositive('leverage', l));
    const inst = instrumentOf('kelly', symbol);
    const given = checkedPrice(options.price);
    const all = host.closedTrades();
    const trades = window !== undefined && window < all.length ? all.slice(-window) : all;
    const estimate = kellyFraction(trades, { cap, minTrades });
    const price = priceOr(symbol, given);
    if (!(price > 0)) return zero('no-price');
    const usesFallback = estimate.reason === 'too-few-trades';
    const fraction = usesFallback ? fallback : estimate.fraction;
    if (fraction === 0) return zero(estimate.reason ?? 'zero-fraction');
    const sized = fractionOfEquity({
      equity: equity(),
      fraction,
      price,
      instrument: inst,
      ...(leverage === undefined ? {} : { leverage }),
    });
    if (sized.reason !== undefined) return sized;
    const reason = usesFallback ? 'kelly-fallback' : estimate.reason;
    return reason === undefined ? sized : { ...sized, reason };
  };

  const volatilitySize = (symbol: string, options: VolatilitySizingOptions): SizeResult => {
    requireOptions('volatilityTarget', options);
    const targetVol = requireNonNegative('targetVol', options.targetVol);
    if (options.method !== 'atr' && options.method !== 'realised') {
      throw invalid(`Invalid method ${String(options.method)}: must be 'atr' or 'realised'.`, {
        field: 'method',
        value: options.method,
      });
    }
    const period = requireInteger('period', options.period, 2);
    const maxLeverage = requirePositive('maxLeverage', options.maxLeverage ?? 1);
    const inst = instrumentOf('volatilityTarget', symbol);
    const given = checkedPrice(options.price);
    const timeframe = options.timeframe ?? host.setup.timeframe;
    const history = host.history(symbol, timeframe);
    const capacity = host.historyCapacity(symbol, timeframe);
    if (capacity < period + 1) {
      throw invalid(
        `ctx.size.volatilityTarget: ${symbol}@${timeframe} keeps ${capacity} candles; a period of ${period} ` +
          `needs ${period + 1} (subscribe with history >= ${period + 1}).`,
        { field: 'period', value: period, history: capacity },
      );
    }
    const periodsPerYear =
      optional(options.periodsPerYear, (n) => requirePositive('periodsPerYear', n)) ??
      YEAR_MS / nominalTimeframeMs(parseTimeframe(timeframe));
    if (history.length < period + 1) return zero('warming-up');
    const price = priceOr(symbol, given);
    if (!(price > 0)) return zero('no-price');
    const base = { equity: equity(), targetVol, price, instrument: inst, maxLeverage };
    if (options.method === 'atr') {
      return volatilityTarget({ ...base, atr: meanTrueRange(history, period), periodsPerYear });
    }
    if (closes.length !== period + 1) closes = new Float64Array(period + 1);
    for (let i = 0; i <= period; i++) closes[i] = history.close(i - period - 1);
    return volatilityTarget({ ...base, realisedVol: realisedVolatility(closes, period, periodsPerYear) });
  };

  return Object.freeze({
    fixed(symbol: string, qty: number, options: { price?: number } = {}) {
      requireOptions('fixed', options);
      requireNonNegative('qty', qty);
      const instrument = instrumentOf('fixed', symbol);
      const price = priceOr(symbol, checkedPrice(options.price));
      return price > 0 ? fixedQty(qty, { instrument, price }) : zero('no-price');
    },
    fractionOfEquity(symbol: string, fraction: number, options: { price?: number; leverage?: number } = {}) {
      requireOptions('fractionOfEquity', options);
      requireFraction('fraction', fraction);
      const leverage = optional(options.leverage, (l) => requirePositive('leverage', l));
      const instrument = instrumentOf('fractionOfEquity', symbol);
      const price = priceOr(symbol, checkedPrice(options.price));
      if (!(price > 0)) return zero('no-price');
      return fractionOfEquity({
        equity: equity(),
        fraction,
        price,
        instrument,
        ...(leverage === undefined ? {} : { leverage }),
      });
    },
    fixedRisk(symbol: string, options: FixedRiskSizingOptions) {
      requireOptions('fixedRisk', options);
      const riskFraction = requireFraction('riskFraction', options.riskFraction);
      if (!isOrderSide(options.side)) {
        throw invalid(`Invalid side ${String(options.side)}: must be 'buy' or 'sell'.`, { field: 'side' });
      }
      if ((options.stopPrice === undefined) === (options.stopDistance === undefined)) {
        throw invalid('ctx.size.fixedRisk: give exactly one of stopPrice and stopDistance.', {
          field: 'stopPrice',
        });
      }
      const stopPrice = optional(options.stopPrice, (p) => requirePositive('stopPrice', p));
      const distance = optional(options.stopDistance, (d) => requirePositive('stopDistance', d));
      const instrument = instrumentOf('fixedRisk', symbol);
      const entry = priceOr(symbol, checkedPrice(options.price));
      if (!(entry > 0)) return zero('no-price');
      const stop = stopPrice ?? (options.side === 'buy' ? entry - distance! : entry + distance!);
      return fixedRisk({ equity: equity(), riskFraction, side: options.side, entry, stop, instrument });
    },
    kelly: kellySize,
    volatilityTarget: volatilitySize,
    closedTrades: () => [...host.closedTrades()],
  });
}
