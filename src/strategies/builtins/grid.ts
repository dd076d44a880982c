/**
 * `grid`: a long-only inventory grid. It buys dips level by level and sells each unit one level higher,
 * earning the level spacing per round trip while price oscillates inside a range.
 *
 * Levels L0 < … < L(N−1) span [lower, upper] (both absent: the first close × (1 ∓ rangePct)), spaced
 * arithmetically (equal price steps) or geometrically (equal ratios), rounded to the tick.
 * - Each level is idle, buying (a resting buy limit at its price) or holding (bought; a sell limit rests one
 *   level up). L(N−1) is never bought: nothing above it to sell at.
 * - On every closed candle inside the range, the nearest idle levels strictly below the close are armed
 *   with buy limits, and armed levels that are no longer among the nearest are cancelled, so that holding
 *   plus buying levels never exceed `maxInventory`: the position is bounded by maxInventory × qty even if
 *   a buy fills while its cancel is in flight.
 * - A filled buy at Li places a sell of the same quantity at L(i+1); a filled sell re-arms Li.
 * - qty per level: `orderSize` base units, else levelFraction × equity at the first candle / that close,
 *   in contracts rounded down to the lot (the grid does nothing when that is below the minimum size).
 * - Leaving the range (a close above upper or below lower): `pause` cancels the resting buys and arms
 *   nothing until a close is back inside (sells keep working, so inventory can still be sold at its
 *   levels); `stop` cancels every order, sells the inventory at market and ends the grid for good.
 */

import type { ClientOrderId } from '../../core/ids.js';
import { isTerminal } from '../../core/order-state.js';
import { roundPrice } from '../../core/precision.js';
import type {
  EnumParam,
  FloatParam,
  IntParam,
  OptionalFloatParam,
  ParamsOf,
  StrategyContext,
  StrategyDefinition,
} from '../types.js';
import { contractsForBase, equityInQuote, moveTo, qtyForNotional, signal, tradableQty } from './common.js';

const SPACINGS = ['arithmetic', 'geometric'] as const;
type Spacing = (typeof SPACINGS)[number];
const EXIT_MODES = ['pause', 'stop'] as const;
type ExitMode = (typeof EXIT_MODES)[number];

export const GRID_PARAMS = {
  lower: {
    type: 'float?',
    min: 0,
    description: 'Lowest level (price). Give both bounds or neither.',
  } satisfies OptionalFloatParam,
  upper: { type: 'float?', min: 0, description: 'Highest level (price).' } satisfies OptionalFloatParam,
  rangePct: {
    type: 'float',
    default: 0.1,
    min: 0.001,
    max: 0.9,
    description: 'Without bounds, the range is the first close × (1 − rangePct) … × (1 + rangePct).',
  } satisfies FloatParam,
  levels: {
    type: 'int',
    default: 10,
    min: 2,
    max: 500,
    description: 'Number of levels N, bounds included.',
  } satisfies IntParam,
  spacing: {
    type: 'enum',
    values: SPACINGS,
    default: 'arithmetic' as Spacing,
    description: 'arithmetic: equal price steps; geometric: equal ratios between levels.',
  } satisfies EnumParam<Spacing>,
  orderSize: {
    type: 'float?',
    min: 0,
    description: 'Base quantity bought at each level (converted to contracts for derivatives).',
  } satisfies OptionalFloatParam,
  levelFraction: {
    type: 'float',
    default: 0.1,
    min: 0,
    max: 1,
    description: 'Without orderSize: each level buys levelFraction × starting equity / first close.',
  } satisfies FloatParam,
  maxInventory: {
    type: 'int',
    default: 5,
    min: 1,
    max: 500,
    description: 'Most levels held or being bought at once: the position never exceeds maxInventory × qty.',
  } satisfies IntParam,
  outOfRange: {
    type: 'enum',
    values: EXIT_MODES,
    default: 'pause' as ExitMode,
    description:
      'On a close outside [lower, upper]: pause (cancel buys, wait) or stop (cancel all, sell, end).',
  } satisfies EnumParam<ExitMode>,
};

export type GridParams = ParamsOf<typeof GRID_PARAMS>;

/** N level prices from lower to upper, before tick rounding. */
export function gridLevels(lower: number, upper: number, count: number, spacing: Spacing): number[] {
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    return spacing === 'arithmetic' ? lower + t * (upper - lower) : lower * (upper / lower) ** t;
  });
}

interface Level {
  readonly price: number;
  buyId: ClientOrderId | undefined;
  sellId: ClientOrderId | undefined;
  /** Contracts bought here and not yet sold. */
  held: number;
}

export const grid: StrategyDefinition<typeof GRID_PARAMS> = {
  apiVersion: 1,
  name: 'grid',
  version: '1.0.0',
  description: 'Long-only limit-order grid: buy each level down, sell one level up, bounded inventory.',
  params: GRID_PARAMS,
  validate(params) {
    const problems: string[] = [];
    if ((params.lower === undefined) !== (params.upper === undefined))
      problems.push(
        `${params.lower === undefined ? 'lower' : 'upper'} must be given together with ${params.lower === undefined ? 'upper' : 'lower'}`,
      );
    if (
      params.lower !== undefined &&
      params.upper !== undefined &&
      !(params.lower > 0 && params.lower < params.upper)
    )
      problems.push(`lower must be > 0 and < upper (got ${params.lower} and ${params.upper})`);
    if (params.orderSize !== undefined && !(params.orderSize > 0))
      problems.push(`orderSize must be > 0 when given (got ${params.orderSize})`);
    if (params.orderSize === undefined && !(params.levelFraction > 0))
      problems.push(`levelFraction must be > 0 when orderSize is absent (got ${params.levelFraction})`);
    return problems;
  },
  create({ params, setup }) {
    const symbol = setup.symbols[0]!;
    const timeframe = setup.timeframe;
    let levels: Level[] | undefined;
    let qty = 0;
    let state: 'running' | 'paused' | 'stopped' = 'running';
    const byOrder = new Map<ClientOrderId, { level: number; side: 'buy' | 'sell' }>();

    const start = (ctx: StrategyContext, close: number): void => {
      const inst = ctx.instrument(symbol);
      const lower = params.lower ?? close * (1 - params.rangePct);
      const upper = params.upper ?? close * (1 + params.rangePct);
      const prices = gridLevels(lower, upper, params.levels, params.spacing).map((p) => roundPrice(inst, p));
      levels = prices.map((price) => ({ price, buyId: undefined, sellId: undefined, held: 0 }));
      const perLevel =
        params.orderSize === undefined
          ? qtyForNotional(inst, params.levelFraction * equityInQuote(inst, ctx.equity(), close), close)
          : contractsForBase(inst, params.orderSize, close);
      qty = tradableQty(inst, perLevel, close);
      signal(ctx, 'grid-start', { symbol, levels: prices, qty });
      if (qty === 0) {
        state = 'stopped';
        signal(ctx, 'skip', { symbol, reason: 'level size below the minimum' });
      }
    };

    const placeSell = (ctx: StrategyContext, i: number): void => {
      const level = levels![i]!;
      const id = ctx.submit({
        symbol,
        side: 'sell',
        type: 'limit',
        price: levels![i + 1]!.price,
        qty: level.held,
        tag: `grid: sell L${i + 1}`,
      });
      level.sellId = id;
      byOrder.set(id, { level: i, side: 'sell' });
    };

    /**
     * Arms the nearest idle levels below the close and cancels armed ones that are no longer among them.
     * A buy counts against the inventory from submission until it is confirmed ended, cancels included.
     */
    const arm = (ctx: StrategyContext, close: number): void => {
      const all = levels!;
      const holding = all.filter((l) => l.held > 0 || l.sellId !== undefined).length;
      const wanted = new Set<number>();
      for (let i = all.length - 2; i >= 0 && wanted.size < params.maxInventory - holding; i--) {
        const level = all[i]!;
        if (level.price < close && level.held === 0 && level.sellId === undefined) wanted.add(i);
      }
      let inFlight = 0;
      all.forEach((level, i) => {
        if (level.buyId === undefined) return;
        inFlight++;
        if (!wanted.has(i)) ctx.cancel(level.buyId);
      });
      let free = params.maxInventory - holding - inFlight;
      for (const i of wanted) {
        const level = all[i]!;
        if (free <= 0) break;
        if (level.buyId !== undefined) continue;
        const id = ctx.submit({
          symbol,
          side: 'buy',
          type: 'limit',
          price: level.price,
          qty,
          tag: `grid: buy L${i}`,
        });
        level.buyId = id;
        byOrder.set(id, { level: i, side: 'buy' });
        free--;
      }
    };

    const cancelBuys = (ctx: StrategyContext): void => {
      for (const level of levels!) if (level.buyId !== undefined) ctx.cancel(level.buyId);
    };

    return {
      subscriptions: [{ symbol, timeframe }],
      onCandle({ ctx, symbol: at, timeframe: tf, candle }) {
        if (at !== symbol || tf !== timeframe) return;
        if (levels === undefined) start(ctx, candle.close);
        if (state === 'stopped' || levels === undefined) return;
        const outside = candle.close > levels[levels.length - 1]!.price || candle.close < levels[0]!.price;
        if (outside) {
          if (params.outOfRange === 'stop') {
            state = 'stopped';
            signal(ctx, 'grid-stopped', { symbol, close: candle.close });
            ctx.cancelAll(symbol);
            moveTo(ctx, symbol, 0, 'grid: out of range, stop');
            return;
          }
          if (state === 'running') {
            state = 'paused';
            signal(ctx, 'grid-paused', { symbol, close: candle.close });
          }
          cancelBuys(ctx);
          return;
        }
        if (state === 'paused') {
          state = 'running';
          signal(ctx, 'grid-resumed', { symbol, close: candle.close });
        }
        // A sell that ended unfilled (rejected, expired) leaves inventory without an exit: place it again.
        levels.forEach((level, i) => {
          if (level.held > 0 && level.sellId === undefined) placeSell(ctx, i);
        });
        arm(ctx, candle.close);
      },
      onOrderUpdate({ ctx, order }) {
        const ref = byOrder.get(order.clientOrderId);
        if (ref === undefined || levels === undefined || !isTerminal(order)) return;
        byOrder.delete(order.clientOrderId);
        const level = levels[ref.level]!;
        if (ref.side === 'buy') {
          level.buyId = undefined;
          level.held += order.filledQty;
          if (order.filledQty > 0) {
            signal(ctx, 'grid-bought', {
              symbol,
              level: ref.level,
              price: order.avgFillPrice,
              qty: order.filledQty,
            });
            if (state !== 'stopped') placeSell(ctx, ref.level);
          }
          return;
        }
        level.sellId = undefined;
        level.held -= order.filledQty;
        if (level.held < qty * 1e-9) level.held = 0; // float dust of summed fills
        if (order.filledQty > 0)
          signal(ctx, 'grid-sold', {
            symbol,
            level: ref.level + 1,
            price: order.avgFillPrice,
            qty: order.filledQty,
          });
      },
    };
  },
};
