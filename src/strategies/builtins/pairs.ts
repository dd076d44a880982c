/**
 * `pairs`: statistical arbitrage on two cointegrated instruments (setup symbols [Y, X]).
 *
 * Estimation, on the first bar both series have history for and every `reestimateEvery` bars after:
 * Engle–Granger on the last `window` log closes matched by time, ln Y = α + β·ln X + u (stats/
 * engle-granger.ts: ADF on u, lag by AIC up to adfMaxLag, MacKinnon n = 2 p-value), and the half-life of
 * u (stats/half-life.ts). The pair is tradable while p < pValue, β > 0 and minHalfLife ≤ half-life ≤
 * maxHalfLife. Each estimate is recorded as an `estimate` signal.
 *
 * Signal: the spread s = ln Y − α − β·ln X with the latest α, β, and z its rolling z-score over the last
 * `zWindow` bars (recomputed from history with the new α, β at each estimate, then O(1) per bar).
 * Decisions, once per time both series have closed a candle:
 * - flat and tradable: z ≥ entryZ (and < stopZ) → short the spread (sell Y, buy X); z ≤ −entryZ → long it.
 * - in a position: exit when z is back within exitZ of 0 on its side (long: z ≥ −exitZ; short: z ≤ exitZ),
 *   on a stop (|z| ≥ stopZ), or when the pair stops being tradable at a re-estimate.
 * Sizing: gross = fraction × equity. By hedge ratio (default): Y gets gross / (1 + β) and X β times that,
 * so a 1 % move of X is matched by the β % move of Y it predicts; `dollarNeutral`: gross / 2 each.
 * Execution and leg risk: see legs.ts (timeout `legTimeoutBars`, `legRisk` flatten or retry once). A pair
 * found unbalanced between groups (one leg held, the other not) is flattened.
 */

import { isQuantLabError, QuantLabError } from '../../core/errors.js';
import { type EngleGrangerResult, engleGranger } from '../stats/engle-granger.js';
import { halfLife } from '../stats/half-life.js';
import { RollingZScore } from '../stats/rolling-zscore.js';
import type { BoolParam, ParamsOf, StrategyContext, StrategyDefinition } from '../types.js';
import { floatParam, intParam, qtyForNotional, signal, tradableQty } from './common.js';
import { bothClosedOnce, LEG_PARAMS, spreadLegExecutor } from './legs.js';

export const PAIRS_PARAMS = {
  window: intParam(500, 50, 20_000, 'Bars of log prices in each Engle–Granger estimate.'),
  reestimateEvery: intParam(24, 1, 10_000, 'Bars between estimates.'),
  pValue: floatParam(0.05, 0.001, 0.5, 'Cointegrated when the Engle–Granger p-value is below this.'),
  adfMaxLag: intParam(12, 0, 100, 'Largest ADF lag searched (AIC) on the residuals.'),
  minHalfLife: floatParam(1, 0, 1e6, 'Shortest acceptable half-life of the spread, in bars.'),
  maxHalfLife: floatParam(200, 0, 1e6, 'Longest acceptable half-life of the spread, in bars.'),
  zWindow: intParam(100, 10, 20_000, 'Bars of spread in the rolling z-score.'),
  entryZ: floatParam(2, 0, 20, 'Enter when |z| reaches this.'),
  exitZ: floatParam(0.5, 0, 20, 'Exit when z is back within this of 0.'),
  stopZ: floatParam(4, 0, 50, 'Exit (stop) when |z| reaches this; no entry beyond it.'),
  fraction: floatParam(0.5, 0, 10, 'Gross exposure of both legs as a fraction of equity.'),
  dollarNeutral: {
    type: 'bool',
    default: false,
    description: 'Equal notional on both legs instead of hedge-ratio weights.',
  } satisfies BoolParam,
  ...LEG_PARAMS,
};

export type PairsParams = ParamsOf<typeof PAIRS_PARAMS>;

interface Estimate {
  readonly alpha: number;
  readonly beta: number;
  readonly tradable: boolean;
}

/** Log closes of the two series over their common times, oldest first, at most `limit` of them. */
export function matchedLogCloses(
  ctx: StrategyContext,
  y: string,
  x: string,
  limit: number,
): { ly: number[]; lx: number[] } {
  const hy = ctx.candles(y);
  const hx = ctx.candles(x);
  const ly: number[] = [];
  const lx: number[] = [];
  let i = -1;
  let j = -1;
  while (ly.length < limit && -i <= hy.length && -j <= hx.length) {
    const ty = hy.ts(i);
    const tx = hx.ts(j);
    if (ty === tx) {
      ly.push(Math.log(hy.close(i)));
      lx.push(Math.log(hx.close(j)));
      i--;
      j--;
    } else if (ty > tx) i--;
    else j--;
  }
  return { ly: ly.reverse(), lx: lx.reverse() };
}

export const pairs: StrategyDefinition<typeof PAIRS_PARAMS> = {
  apiVersion: 1,
  name: 'pairs',
  version: '1.0.0',
  description:
    'Cointegration pairs trading: rolling Engle–Granger hedge ratio, z-score entries and exits, leg-risk control.',
  params: PAIRS_PARAMS,
  legs: 2,
  validate(params) {
    const problems: string[] = [];
    if (!(params.exitZ < params.entryZ))
      problems.push(`exitZ must be < entryZ (got ${params.exitZ} and ${params.entryZ})`);
    if (!(params.entryZ < params.stopZ))
      problems.push(`stopZ must be > entryZ (got ${params.stopZ} and ${params.entryZ})`);
    if (!(params.minHalfLife <= params.maxHalfLife))
      problems.push(
        `minHalfLife must be <= maxHalfLife (got ${params.minHalfLife} and ${params.maxHalfLife})`,
      );
    if (params.zWindow > params.window)
      problems.push(`zWindow must be <= window (got ${params.zWindow} and ${params.window})`);
    if (!(params.fraction > 0)) problems.push(`fraction must be > 0 (got ${params.fraction})`);
    return problems;
  },
  create({ params, setup }) {
    const [y, x] = setup.symbols as [string, string];
    if (y === x) {
      throw new QuantLabError('QL_ERR_STRATEGY_PARAMS_INVALID', 'pairs needs two different symbols.', {
        details: { symbols: setup.symbols },
      });
    }
    const timeframe = setup.timeframe;
    const zscore = new RollingZScore(params.zWindow);
    const legs = spreadLegExecutor('pairs', params, timeframe, y);
    const bothClosed = bothClosedOnce(y, x);
    let estimate: Estimate | undefined;
    let barsSinceEstimate = 0;

    const reestimate = (ctx: StrategyContext): void => {
      const { ly, lx } = matchedLogCloses(ctx, y, x, params.window);
      barsSinceEstimate = 0;
      if (ly.length < Math.max(params.zWindow, 0.9 * params.window)) return;
      let eg: EngleGrangerResult;
      let hl: number;
      try {
        eg = engleGranger(ly, lx, { significance: params.pValue, maxLag: params.adfMaxLag });
        hl = halfLife(eg.spread).halfLife;
      } catch (error) {
        // Degenerate windows (a constant price, collinear lags) have no estimate: stop trading the pair.
        if (!isQuantLabError(error)) throw error;
        estimate = estimate === undefined ? undefined : { ...estimate, tradable: false };
        signal(ctx, 'estimate-failed', { symbol: y, reason: error.message });
        return;
      }
      const tradable = eg.cointegrated && eg.beta > 0 && hl >= params.minHalfLife && hl <= params.maxHalfLife;
      estimate = { alpha: eg.alpha, beta: eg.beta, tradable };
      signal(ctx, 'estimate', {
        symbol: y,
        beta: eg.beta,
        alpha: eg.alpha,
        pValue: eg.pValue,
        statistic: eg.statistic,
        halfLife: hl,
        tradable,
      });
      zscore.reset();
      for (let k = ly.length - params.zWindow; k < ly.length; k++)
        zscore.update(ly[k]! - eg.alpha - eg.beta * lx[k]!);
    };

    const enter = (ctx: StrategyContext, direction: 1 | -1, z: number): void => {
      const est = estimate!;
      const py = ctx.candles(y).close();
      const px = ctx.candles(x).close();
      const gross = params.fraction * ctx.equity();
      const notionalY = params.dollarNeutral ? gross / 2 : gross / (1 + est.beta);
      const notionalX = params.dollarNeutral ? gross / 2 : est.beta * notionalY;
      const qy = tradableQty(ctx.instrument(y), qtyForNotional(ctx.instrument(y), notionalY, py), py);
      const qx = tradableQty(ctx.instrument(x), qtyForNotional(ctx.instrument(x), notionalX, px), px);
      if (qy === 0 || qx === 0) {
        signal(ctx, 'skip', { symbol: y, reason: 'a leg is below the minimum size', z });
        return;
      }
      signal(ctx, direction > 0 ? 'enter-long-spread' : 'enter-short-spread', {
        symbol: y,
        z,
        beta: est.beta,
        qtyY: qy,
        qtyX: qx,
      });
      legs.send(ctx, 'enter', [
        { symbol: y, side: direction > 0 ? 'buy' : 'sell', qty: qy },
        { symbol: x, side: direction > 0 ? 'sell' : 'buy', qty: qx },
      ]);
    };

    const exit = (ctx: StrategyContext, reason: string, z: number): void => {
      signal(ctx, 'exit', { symbol: y, reason, z });
      legs.flatten(ctx, [y, x], 'exit');
    };

    return {
      subscriptions: [
        { symbol: y, timeframe, history: params.window, warmup: params.window },
        { symbol: x, timeframe, history: params.window, warmup: params.window },
      ],
      onCandle({ ctx, timeframe: tf }) {
        if (tf !== timeframe) return;
        legs.checkTimeout(ctx);
        if (!bothClosed(ctx)) return;
        if (estimate === undefined || ++barsSinceEstimate >= params.reestimateEvery) reestimate(ctx);
        else
          zscore.update(
            Math.log(ctx.candles(y).close()) -
              estimate.alpha -
              estimate.beta * Math.log(ctx.candles(x).close()),
          );
        if (estimate === undefined || legs.busy || legs.isHalted) return;
        const z = zscore.value;
        const held = Math.sign(ctx.position(y).qty);
        const other = Math.sign(ctx.position(x).qty);
        if ((held === 0) !== (other === 0) || (held !== 0 && held === other)) {
          signal(ctx, 'unbalanced', { symbol: y, y: ctx.position(y).qty, x: ctx.position(x).qty });
          legs.flatten(ctx, [y, x]);
          return;
        }
        if (held !== 0) {
          if (!estimate.tradable) exit(ctx, 'not cointegrated', z);
          else if (Math.abs(z) >= params.stopZ) exit(ctx, 'stop', z);
          else if (held > 0 ? z >= -params.exitZ : z <= params.exitZ) exit(ctx, 'reverted', z);
          return;
        }
        if (!estimate.tradable || !Number.isFinite(z) || Math.abs(z) >= params.stopZ) return;
        if (z >= params.entryZ) enter(ctx, -1, z);
        else if (z <= -params.entryZ) enter(ctx, 1, z);
      },
      onOrderUpdate({ ctx, order }) {
        legs.onOrderUpdate(ctx, order);
      },
    };
  },
};
