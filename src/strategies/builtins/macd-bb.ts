/**
 * `macd-bb`: MACD momentum turning after price was stretched to a Bollinger band — a reversal needs both
 * the stretch (a close at or beyond the band) and the turn (MACD crossing its signal line).
 *
 * With h = MACD − signal (the histogram) and %B = (close − lower) / (upper − lower), on each closed candle:
 * - long entry: h crosses up (from < 0 to > 0 between consecutive bars) and %B ≤ entryBand on at least one
 *   of the last `lookback` bars, this one included (default: a close at or below the lower band within
 *   10 bars). The turn rarely comes on the very bar of the stretch — by then price has left the band;
 *   on BTCUSDT 1h (2020) no MACD cross up had %B ≤ 0.2 on the same bar, 38 of 134 had %B ≤ 0 within 10;
 * - long exit: close ≥ upper band (%B ≥ 1, the reversion ran its course) or h crosses down;
 * - long-short mode adds the mirror: short entry when h crosses down and %B ≥ 1 − entryBand within the
 *   last `lookback` bars; exit when close ≤ lower band or h crosses up. An exit and the opposite entry on
 *   one bar flip in one order.
 * A band of zero width gives no %B: that bar counts as no stretch and no exit. Size as `sma-cross`.
 */

import { BBANDS, MACD } from '../../indicators/index.js';
import type { EnumParam, FloatParam, IntParam, ParamsOf, StrategyDefinition } from '../types.js';
import {
  type Cross,
  expectedPosition,
  intParam,
  moveTo,
  POSITION_MODES,
  type PositionMode,
  positionSize,
  SIZING_PARAMS,
  signal,
  sizingProblems,
  zeroCross,
} from './common.js';

const period = (value: number, description: string): IntParam => intParam(value, 2, 1000, description);

export const MACD_BB_PARAMS = {
  fastPeriod: period(12, 'MACD fast EMA period.'),
  slowPeriod: period(26, 'MACD slow EMA period; must be greater than fastPeriod.'),
  signalPeriod: { ...period(9, 'MACD signal line EMA period.'), min: 1 },
  bbPeriod: period(20, 'Bollinger band period (SMA middle band).'),
  bbDev: {
    type: 'float',
    default: 2,
    min: 0.1,
    max: 10,
    description: 'Bollinger band width in standard deviations.',
  } satisfies FloatParam,
  entryBand: {
    type: 'float',
    default: 0,
    min: -1,
    max: 0.5,
    description:
      'Stretch level: longs need %B ≤ entryBand (0 = close at or below the lower band) within `lookback` bars; shorts %B ≥ 1 − entryBand.',
  } satisfies FloatParam,
  lookback: {
    type: 'int',
    default: 10,
    min: 1,
    max: 500,
    description: 'Bars (this one included) within which the band stretch must have happened.',
  } satisfies IntParam,
  mode: {
    type: 'enum',
    values: POSITION_MODES,
    default: 'long-only' as PositionMode,
    description: 'long-only, or long-short with the mirrored short rules.',
  } satisfies EnumParam<PositionMode>,
  ...SIZING_PARAMS,
};

export type MacdBbParams = ParamsOf<typeof MACD_BB_PARAMS>;

/** What one bar shows: the histogram's cross, this bar's %B, and whether a stretch is recent enough. */
export interface MacdBbBar {
  readonly cross: Cross;
  readonly percentB: number;
  /** %B ≤ entryBand within the lookback. */
  readonly stretchedLow: boolean;
  /** %B ≥ 1 − entryBand within the lookback. */
  readonly stretchedHigh: boolean;
}

/** The target position sign the rules give: 1 long, −1 short, 0 flat. */
export function macdBbTarget(held: -1 | 0 | 1, bar: MacdBbBar, mode: PositionMode): -1 | 0 | 1 {
  let target = held;
  if (held > 0 && (bar.percentB >= 1 || bar.cross === 'down')) target = 0;
  if (held < 0 && (bar.percentB <= 0 || bar.cross === 'up')) target = 0;
  if (target <= 0 && bar.cross === 'up' && bar.stretchedLow) target = 1;
  if (mode === 'long-short' && target >= 0 && bar.cross === 'down' && bar.stretchedHigh) target = -1;
  return target;
}

export const macdBb: StrategyDefinition<typeof MACD_BB_PARAMS> = {
  apiVersion: 1,
  name: 'macd-bb',
  version: '1.0.0',
  description:
    'MACD signal-line cross confirmed by a Bollinger band stretch (buy low-band turns, sell high-band ones).',
  params: MACD_BB_PARAMS,
  validate(params) {
    const problems = sizingProblems(params);
    if (params.fastPeriod >= params.slowPeriod)
      problems.push(`fastPeriod must be < slowPeriod (got ${params.fastPeriod} and ${params.slowPeriod})`);
    return problems;
  },
  create({ params, setup }) {
    const symbol = setup.symbols[0]!;
    const timeframe = setup.timeframe;
    let macd: MACD;
    let bands: BBANDS;
    let previousHist = Number.NaN;
    // Bars since %B was last at or beyond each stretch level (∞ before the first).
    let sinceLow = Number.POSITIVE_INFINITY;
    let sinceHigh = Number.POSITIVE_INFINITY;
    return {
      subscriptions: [{ symbol, timeframe }],
      onStart({ ctx }) {
        macd = ctx.indicator(
          symbol,
          timeframe,
          new MACD(params.fastPeriod, params.slowPeriod, params.signalPeriod),
        );
        bands = ctx.indicator(symbol, timeframe, new BBANDS(params.bbPeriod, params.bbDev, params.bbDev));
      },
      onCandle({ ctx, symbol: at, timeframe: tf, candle }) {
        if (at !== symbol || tf !== timeframe) return;
        const hist = macd.hist;
        const cross = zeroCross(previousHist, hist);
        previousHist = hist;
        const width = bands.upper - bands.lower;
        const percentB = width > 0 ? (candle.close - bands.lower) / width : Number.NaN;
        sinceLow = percentB <= params.entryBand ? 0 : sinceLow + 1;
        sinceHigh = percentB >= 1 - params.entryBand ? 0 : sinceHigh + 1;
        const bar: MacdBbBar = {
          cross,
          percentB,
          stretchedLow: sinceLow < params.lookback,
          stretchedHigh: sinceHigh < params.lookback,
        };
        const position = expectedPosition(ctx, symbol);
        const held = position > 0 ? 1 : position < 0 ? -1 : 0;
        const target = macdBbTarget(held, bar, params.mode);
        if (target === held) return;
        const info = { symbol, close: candle.close, hist, percentB, cross: cross ?? null };
        if (target === 0) {
          signal(ctx, held > 0 ? 'exit-long' : 'exit-short', info);
          moveTo(ctx, symbol, 0, 'macd-bb: exit');
          return;
        }
        const size = positionSize(ctx, symbol, params, candle.close);
        if (size === 0) {
          signal(ctx, 'skip', { ...info, reason: 'size below the minimum' });
          if (held !== 0) moveTo(ctx, symbol, 0, 'macd-bb: exit');
          return;
        }
        signal(ctx, target > 0 ? 'enter-long' : 'enter-short', { ...info, qty: size });
        moveTo(ctx, symbol, target * size, target > 0 ? 'macd-bb: long' : 'macd-bb: short');
      },
    };
  },
};
