/**
 * `momentum-breakout`: buy a close above the recent range when volume confirms it; ride it until the
 * trend breaks. Long only.
 *
 * "Prior" values are those of the bars before this one, so a bar never breaks out of a range it sets:
 * H(N) = highest high of the previous N bars, L(M) = lowest low of the previous M bars, V = average
 * volume of the previous `volumePeriod` bars (Donchian channels and an SMA of volume, read one bar late).
 * - entry (flat): close > H(entryPeriod) and volume > volumeFactor × V (volumeFactor 0 disables the
 *   volume test);
 * - exit (long), at the first of: close < L(exitPeriod) (the M-bar low breaks); close ≤ peak × (1 −
 *   trailingStop) when trailingStop is given; close ≤ peak − atrStop × ATR(atrPeriod) when atrStop is
 *   given (a chandelier stop) — peak being the highest close since entry.
 * Stops are judged on closes and executed at market (next open by default), so a backtest and live run
 * see the same decisions. Size as `sma-cross`.
 */

import { ATR, Donchian, SMA } from '../../indicators/index.js';
import type { FloatParam, IntParam, OptionalFloatParam, ParamsOf, StrategyDefinition } from '../types.js';
import {
  expectedPosition,
  intParam,
  moveTo,
  positionSize,
  SIZING_PARAMS,
  signal,
  sizingProblems,
} from './common.js';

const int = (value: number, min: number, description: string): IntParam =>
  intParam(value, min, 10_000, description);

export const MOMENTUM_BREAKOUT_PARAMS = {
  entryPeriod: int(20, 1, 'N: a close above the highest high of the previous N bars is a breakout.'),
  exitPeriod: int(10, 1, 'M: a close below the lowest low of the previous M bars ends the trade.'),
  volumePeriod: int(20, 2, 'Bars in the average volume the breakout bar is compared with.'),
  volumeFactor: {
    type: 'float',
    default: 1.5,
    min: 0,
    max: 100,
    description:
      'k: the breakout bar needs volume > k × the average volume of the previous bars (0: no test).',
  } satisfies FloatParam,
  trailingStop: {
    type: 'float?',
    min: 0,
    max: 1,
    description: 'Exit when the close falls this fraction below the highest close since entry (0.05 = 5 %).',
  } satisfies OptionalFloatParam,
  atrPeriod: int(14, 1, 'ATR period of the ATR stop.'),
  atrStop: {
    type: 'float?',
    min: 0,
    max: 100,
    description: 'Exit when the close falls this many ATRs below the highest close since entry.',
  } satisfies OptionalFloatParam,
  ...SIZING_PARAMS,
};

export type MomentumBreakoutParams = ParamsOf<typeof MOMENTUM_BREAKOUT_PARAMS>;

export const momentumBreakout: StrategyDefinition<typeof MOMENTUM_BREAKOUT_PARAMS> = {
  apiVersion: 1,
  name: 'momentum-breakout',
  version: '1.0.0',
  description:
    'Donchian breakout with volume confirmation; exits on the M-bar low, a trailing stop or an ATR stop.',
  params: MOMENTUM_BREAKOUT_PARAMS,
  validate(params) {
    const problems = sizingProblems(params);
    if (params.trailingStop !== undefined && !(params.trailingStop > 0 && params.trailingStop < 1))
      problems.push(`trailingStop must be in (0, 1) (got ${params.trailingStop})`);
    if (params.atrStop !== undefined && !(params.atrStop > 0))
      problems.push(`atrStop must be > 0 (got ${params.atrStop})`);
    return problems;
  },
  create({ params, setup }) {
    const symbol = setup.symbols[0]!;
    const timeframe = setup.timeframe;
    let entryChannel: Donchian;
    let exitChannel: Donchian;
    let volume: SMA;
    let atr: ATR | undefined;
    // The previous bar's readings: the "prior" range and volume of the current bar.
    let priorHigh = Number.NaN;
    let priorLow = Number.NaN;
    let priorVolume = Number.NaN;
    let peak = Number.NaN;
    return {
      subscriptions: [{ symbol, timeframe }],
      onStart({ ctx }) {
        entryChannel = ctx.indicator(symbol, timeframe, new Donchian(params.entryPeriod));
        exitChannel = ctx.indicator(symbol, timeframe, new Donchian(params.exitPeriod));
        volume = ctx.indicator(symbol, timeframe, new SMA(params.volumePeriod), 'volume');
        if (params.atrStop !== undefined) atr = ctx.indicator(symbol, timeframe, new ATR(params.atrPeriod));
      },
      onCandle({ ctx, symbol: at, timeframe: tf, candle }) {
        if (at !== symbol || tf !== timeframe) return;
        const high = priorHigh;
        const low = priorLow;
        const averageVolume = priorVolume;
        priorHigh = entryChannel.upper;
        priorLow = exitChannel.lower;
        priorVolume = volume.value;
        const position = expectedPosition(ctx, symbol);
        const close = candle.close;
        if (position > 0) {
          peak = Number.isNaN(peak)
            ? Math.max(close, ctx.position(symbol).avgEntryPrice)
            : Math.max(peak, close);
          let reason: string | undefined;
          if (close < low) reason = 'channel low';
          else if (params.trailingStop !== undefined && close <= peak * (1 - params.trailingStop))
            reason = 'trailing stop';
          else if (
            atr !== undefined &&
            params.atrStop !== undefined &&
            close <= peak - params.atrStop * atr.value
          )
            reason = 'atr stop';
          if (reason !== undefined) {
            signal(ctx, 'exit', { symbol, reason, close, peak, low });
            moveTo(ctx, symbol, 0, `momentum-breakout: ${reason}`);
            peak = Number.NaN;
          }
          return;
        }
        peak = Number.NaN;
        const volumeOk = params.volumeFactor === 0 || candle.volume > params.volumeFactor * averageVolume;
        if (!(close > high) || !volumeOk) return;
        const qty = positionSize(ctx, symbol, params, close);
        const info = { symbol, close, high, volume: candle.volume, averageVolume };
        if (qty === 0) {
          signal(ctx, 'skip', { ...info, reason: 'size below the minimum' });
          return;
        }
        signal(ctx, 'breakout', { ...info, qty });
        moveTo(ctx, symbol, qty, 'momentum-breakout: breakout');
        peak = close;
      },
    };
  },
};
