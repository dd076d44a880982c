/**
 * Moving-average crossovers: `sma-cross` (the contract of DESIGN.md §4.4) and its EMA twin `ema-cross`.
 *
 * Rules, decided on each closed candle of the setup's first symbol and timeframe:
 * - d = maFast − maSlow. A cross up is d going from < 0 to > 0 between two consecutive bars where both are
 *   defined; a cross down the reverse. A bar with d exactly 0 breaks the pair (− → 0 → + is no cross).
 * - long-only: a cross up buys to +size (when not already long); a cross down sells back to flat.
 * - long-short: a cross up moves the position to +size, a cross down to −size (one order flips it).
 * - size: `size` base units, or fraction × equity / close; in contracts rounded down to the lot (a size
 *   below the instrument's minimum skips the signal),
 *   computed when the signal fires. Orders are market orders; the default fill is the next bar's open.
 * Warm-up is the slow average's: the strategy is not called before both averages are defined, and the
 * first bar it sees has no predecessor to cross from.
 */

import { EMA, SMA } from '../../indicators/index.js';
import type { StreamingIndicator } from '../../indicators/types.js';
import type { EnumParam, IntParam, ParamsOf, StrategyDefinition } from '../types.js';
import {
  expectedPosition,
  moveTo,
  POSITION_MODES,
  type PositionMode,
  positionSize,
  SIZING_PARAMS,
  signal,
  sizingProblems,
  zeroCross,
} from './common.js';

type MovingAverage = StreamingIndicator & { readonly value: number };

function maCrossParams(kind: 'SMA' | 'EMA') {
  return {
    fast: {
      type: 'int',
      default: 10,
      min: 2,
      max: 10_000,
      description: `Period of the fast ${kind}.`,
    } satisfies IntParam,
    slow: {
      type: 'int',
      default: 30,
      min: 3,
      max: 10_000,
      description: `Period of the slow ${kind}; must be greater than fast.`,
    } satisfies IntParam,
    mode: {
      type: 'enum',
      values: POSITION_MODES,
      default: 'long-only' as PositionMode,
      description:
        'long-only: in the market only after a cross up; long-short: flip between +size and −size.',
    } satisfies EnumParam<PositionMode>,
    ...SIZING_PARAMS,
  };
}

export type MaCrossParamSpecs = ReturnType<typeof maCrossParams>;
export type MaCrossParams = ParamsOf<MaCrossParamSpecs>;

function defineMaCross(
  name: string,
  kind: 'SMA' | 'EMA',
  make: (period: number) => MovingAverage,
): StrategyDefinition<MaCrossParamSpecs> {
  return {
    apiVersion: 1,
    name,
    version: '1.0.0',
    description: `${kind} crossover: long (or flip long/short) when the fast ${kind} crosses the slow one.`,
    params: maCrossParams(kind),
    validate(params) {
      const problems = sizingProblems(params);
      if (params.fast >= params.slow)
        problems.unshift(`fast must be < slow (got fast ${params.fast}, slow ${params.slow})`);
      return problems;
    },
    create({ params, setup }) {
      const symbol = setup.symbols[0]!;
      const timeframe = setup.timeframe;
      let fast: MovingAverage;
      let slow: MovingAverage;
      let previous = Number.NaN;
      return {
        subscriptions: [{ symbol, timeframe }],
        onStart({ ctx }) {
          fast = ctx.indicator(symbol, timeframe, make(params.fast));
          slow = ctx.indicator(symbol, timeframe, make(params.slow));
        },
        onCandle({ ctx, symbol: at, timeframe: tf, candle }) {
          if (at !== symbol || tf !== timeframe) return;
          const diff = fast.value - slow.value;
          const cross = zeroCross(previous, diff);
          previous = diff;
          if (cross === undefined) return;
          const position = expectedPosition(ctx, symbol);
          const info = { symbol, close: candle.close, fast: fast.value, slow: slow.value };
          if (cross === 'up') {
            if (position > 0) return;
            const size = positionSize(ctx, symbol, params, candle.close);
            if (size === 0 && position === 0) {
              signal(ctx, 'skip', { ...info, reason: 'size below the minimum' });
              return;
            }
            signal(ctx, 'cross-up', { ...info, target: size });
            moveTo(ctx, symbol, size, `${name}: cross up`);
            return;
          }
          if (params.mode === 'long-only') {
            if (position <= 0) return;
            signal(ctx, 'cross-down', { ...info, target: 0 });
            moveTo(ctx, symbol, 0, `${name}: cross down`);
            return;
          }
          if (position < 0) return;
          const size = positionSize(ctx, symbol, params, candle.close);
          signal(ctx, 'cross-down', { ...info, target: -size });
          moveTo(ctx, symbol, -size, `${name}: cross down`);
        },
      };
    },
  };
}

/** DESIGN.md §4.4: params fast (10), slow (30), mode (long-only | long-short), size or fraction (1). */
export const smaCross = defineMaCross('sma-cross', 'SMA', (period) => new SMA(period));

/** The same rules on exponential moving averages (TA-Lib EMA, seeded with the SMA of the first period). */
export const emaCross = defineMaCross('ema-cross', 'EMA', (period) => new EMA(period));
