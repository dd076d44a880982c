/**
 * `rsi-reversion`: buy the bounce out of oversold, sell when RSI has recovered; optionally the mirror image
 * on the short side, and optional stop-loss / take-profit attached to every entry.
 *
 * Rules, on each closed candle (RSI of the closes, TA-Lib/Wilder), with r the RSI of this bar and p the
 * previous bar's:
 * - flat: enter long when p < oversold ≤ r (RSI crosses up through the oversold level); with
 *   `allowShort`, enter short when p > overbought ≥ r (crosses down through overbought).
 * - long: exit (sell to flat) when r ≥ exitLong. short: exit (buy to flat) when r ≤ exitShort.
 * - `stopLoss` / `takeProfit` (fractions of the decision close, e.g. 0.05 = 5 %) are attached to the entry
 *   order, so the venue closes the position if one is reached first; a strategy exit cancels them.
 * Size as `sma-cross`: `size` base units or fraction × equity / close, rounded down to the lot.
 */

import { roundPrice } from '../../core/precision.js';
import { RSI } from '../../indicators/index.js';
import type {
  BoolParam,
  FloatParam,
  IntParam,
  OptionalFloatParam,
  OrderRequest,
  ParamsOf,
  StrategyContext,
  StrategyDefinition,
} from '../types.js';
import {
  cancelResting,
  expectedPosition,
  floatParam,
  moveTo,
  positionSize,
  SIZING_PARAMS,
  signal,
  sizingProblems,
} from './common.js';

const level = (value: number, description: string): FloatParam => floatParam(value, 0, 100, description);

export const RSI_REVERSION_PARAMS = {
  period: {
    type: 'int',
    default: 14,
    min: 2,
    max: 1000,
    description: 'RSI period (Wilder smoothing).',
  } satisfies IntParam,
  oversold: level(30, 'Long entry: RSI crosses up through this level (previous < level ≤ current).'),
  overbought: level(70, 'Short entry (allowShort): RSI crosses down through this level.'),
  exitLong: level(70, 'A long is closed once RSI ≥ this level; must be above oversold.'),
  exitShort: level(30, 'A short is closed once RSI ≤ this level; must be below overbought.'),
  allowShort: { type: 'bool', default: false, description: 'Also trade the short side.' } satisfies BoolParam,
  stopLoss: {
    type: 'float?',
    min: 0,
    max: 1,
    description: 'Stop-loss attached to each entry, as a fraction of the decision close (0.05 = 5 % away).',
  } satisfies OptionalFloatParam,
  takeProfit: {
    type: 'float?',
    min: 0,
    max: 10,
    description: 'Take-profit attached to each entry, as a fraction of the decision close.',
  } satisfies OptionalFloatParam,
  ...SIZING_PARAMS,
};

export type RsiReversionParams = ParamsOf<typeof RSI_REVERSION_PARAMS>;

export const rsiReversion: StrategyDefinition<typeof RSI_REVERSION_PARAMS> = {
  apiVersion: 1,
  name: 'rsi-reversion',
  version: '1.0.0',
  description:
    'RSI mean reversion: buy the cross back up out of oversold, exit when RSI recovers; optional shorts and SL/TP.',
  params: RSI_REVERSION_PARAMS,
  validate(params) {
    const problems = sizingProblems(params);
    if (params.oversold >= params.overbought)
      problems.push(`oversold must be < overbought (got ${params.oversold} and ${params.overbought})`);
    if (params.exitLong <= params.oversold)
      problems.push(`exitLong must be > oversold (got ${params.exitLong} and ${params.oversold})`);
    if (params.exitShort >= params.overbought)
      problems.push(`exitShort must be < overbought (got ${params.exitShort} and ${params.overbought})`);
    if (params.stopLoss !== undefined && !(params.stopLoss > 0 && params.stopLoss < 1))
      problems.push(`stopLoss must be in (0, 1) (got ${params.stopLoss})`);
    if (params.takeProfit !== undefined && !(params.takeProfit > 0))
      problems.push(`takeProfit must be > 0 (got ${params.takeProfit})`);
    return problems;
  },
  create({ params, setup }) {
    const symbol = setup.symbols[0]!;
    const timeframe = setup.timeframe;
    let rsi: RSI;
    let previous = Number.NaN;

    /** SL/TP for an entry decided at `close`, on the tick grid. */
    const attachmentsFor = (
      ctx: StrategyContext,
      side: 1 | -1,
      close: number,
    ): OrderRequest['attachments'] => {
      const inst = ctx.instrument(symbol);
      const at = (fraction: number) => ({ triggerPrice: roundPrice(inst, close * (1 + fraction)) });
      return {
        ...(params.stopLoss === undefined ? {} : { stopLoss: at(-side * params.stopLoss) }),
        ...(params.takeProfit === undefined ? {} : { takeProfit: at(side * params.takeProfit) }),
      };
    };

    return {
      subscriptions: [{ symbol, timeframe }],
      onStart({ ctx }) {
        rsi = ctx.indicator(symbol, timeframe, new RSI(params.period));
      },
      onCandle({ ctx, symbol: at, timeframe: tf, candle }) {
        if (at !== symbol || tf !== timeframe) return;
        const r = rsi.value;
        const p = previous;
        previous = r;
        const position = expectedPosition(ctx, symbol);
        const info = { symbol, rsi: r, close: candle.close };
        if (position > 0) {
          if (r >= params.exitLong) {
            signal(ctx, 'exit-long', info);
            cancelResting(ctx, symbol);
            moveTo(ctx, symbol, 0, 'rsi-reversion: RSI recovered');
          }
          return;
        }
        if (position < 0) {
          if (r <= params.exitShort) {
            signal(ctx, 'exit-short', info);
            cancelResting(ctx, symbol);
            moveTo(ctx, symbol, 0, 'rsi-reversion: RSI fell back');
          }
          return;
        }
        let side: 1 | -1 | 0 = 0;
        if (p < params.oversold && r >= params.oversold) side = 1;
        else if (params.allowShort && p > params.overbought && r <= params.overbought) side = -1;
        if (side === 0) return;
        const qty = positionSize(ctx, symbol, params, candle.close);
        if (qty === 0) {
          signal(ctx, 'skip', { ...info, reason: 'size below the minimum' });
          return;
        }
        signal(ctx, side > 0 ? 'enter-long' : 'enter-short', { ...info, qty });
        // Stale protective orders of a position the venue already closed go first.
        cancelResting(ctx, symbol);
        const attachments = attachmentsFor(ctx, side, candle.close);
        ctx.submit({
          symbol,
          side: side > 0 ? 'buy' : 'sell',
          qty,
          tag: side > 0 ? 'rsi-reversion: oversold bounce' : 'rsi-reversion: overbought turn',
          ...(attachments !== undefined && Object.keys(attachments).length > 0 ? { attachments } : {}),
        });
      },
    };
  },
};
