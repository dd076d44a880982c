/**
 * A worked example of a strategy plugin (docs/strategies.md): a Donchian channel breakout with an ATR stop.
 *
 * - Enter long when a candle closes above the highest high of the `lookback` candles before it.
 * - Size: `fraction` of equity at the close; a stop-loss `stopAtr` ATRs below the close is attached.
 * - Exit when a candle closes below the lowest low of the `lookback` candles before it (and cancel the stop).
 *
 * Copy it into ./strategies (or the folder STRATEGIES_DIR names) and it shows up in `quantlab strategy list`.
 * Types are imported from this repository's sources (from ./strategies that is `../src/strategies/index.js`);
 * they vanish at load time. Runtime imports of `quantlab` are the running platform's API (indicators …).
 */

import { ATR } from 'quantlab';
import type { CandleHistory, StrategyDefinition } from '../../src/strategies/index.js';

const params = {
  lookback: { type: 'int', default: 20, min: 2, max: 500, description: 'candles in the Donchian channel' },
  atrPeriod: { type: 'int', default: 14, min: 2, max: 200, description: 'ATR period for the stop distance' },
  stopAtr: { type: 'float', default: 2, min: 0.1, max: 20, description: 'stop-loss distance in ATRs' },
  fraction: { type: 'float', default: 0.5, min: 0.01, max: 1, description: 'fraction of equity per entry' },
} as const;

/** Highest high and lowest low of the `n` candles before the latest one. */
function channel(history: CandleHistory, n: number): { upper: number; lower: number } {
  let upper = Number.NEGATIVE_INFINITY;
  let lower = Number.POSITIVE_INFINITY;
  for (let i = -n - 1; i < -1; i++) {
    upper = Math.max(upper, history.high(i));
    lower = Math.min(lower, history.low(i));
  }
  return { upper, lower };
}

const breakoutExample: StrategyDefinition<typeof params> = {
  apiVersion: 1,
  name: 'breakout-example',
  version: '1.0.0',
  description: 'Donchian channel breakout, long only, with an ATR stop-loss (example plugin)',
  params,
  create({ params: p, setup }) {
    const symbol = setup.symbols[0]!;
    const atr = new ATR(p.atrPeriod);
    return {
      // The channel needs `lookback` candles before the latest one.
      subscriptions: [{ symbol, timeframe: setup.timeframe, warmup: p.lookback + 1 }],
      onStart({ ctx }) {
        ctx.indicator(symbol, undefined, atr);
      },
      onCandle({ ctx, candle }) {
        const { upper, lower } = channel(ctx.candles(symbol), p.lookback);
        const held = ctx.position(symbol).qty;
        if (held === 0 && ctx.openOrders(symbol).length === 0 && candle.close > upper) {
          const qty = (p.fraction * ctx.equity()) / candle.close;
          const stop = candle.close - p.stopAtr * atr.output();
          ctx.submit({
            symbol,
            side: 'buy',
            qty,
            attachments: { stopLoss: { triggerPrice: stop } },
            tag: 'breakout',
          });
          ctx.signal('enter-long', { symbol, close: candle.close, upper, stop });
          ctx.state.set('entries', (ctx.state.get<number>('entries') ?? 0) + 1);
        } else if (held > 0 && candle.close < lower) {
          ctx.cancelAll(symbol);
          ctx.submit({ symbol, side: 'sell', qty: held, reduceOnly: true, tag: 'channel exit' });
          ctx.signal('exit', { symbol, close: candle.close, lower });
        }
      },
      onFill({ ctx, fill }) {
        ctx.logger.info({ side: fill.side, qty: fill.qty, price: fill.price }, 'breakout-example filled');
      },
    };
  },
};

export default breakoutExample;
