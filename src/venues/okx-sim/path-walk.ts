/**
 * Walks one candle's price path (tape.ts `candleSegments`) through the book: on each monotone segment the
 * next thing the price reaches — a resting limit, an algo trigger, a trailing activation — happens first,
 * at that price, and the search starts again from there (a fill may arm a TP/SL that fires further along
 * the same segment). Resting limits fill at their own price as makers; triggered algo orders place their
 * order at the price where they fired, which is the engine's last price at that moment.
 */

import type { AlgoEngine, TriggerCondition } from './algo-engine.js';
import type { MatchingEngine } from './engine.js';
import type { SimInstrument } from './instruments.js';
import { candleSegments, type TapeCandle } from './tape.js';
import type { SimOrder } from './types.js';

type Step = { price: number; order: SimOrder } | { price: number; condition: TriggerCondition };

/** Where a condition first holds moving from `from` to `to`; undefined when it does not on this segment. */
function reach(dir: 'ge' | 'le', level: number, from: number, to: number): number | undefined {
  if (dir === 'ge') {
    if (from >= level) return from;
    return to >= level ? level : undefined;
  }
  if (from <= level) return from;
  return to <= level ? level : undefined;
}

/** A safety net: more events than this on one segment means something keeps re-triggering. */
const MAX_STEPS_PER_SEGMENT = 10_000;

export class PathWalker {
  constructor(
    private readonly engine: MatchingEngine,
    private readonly algos: AlgoEngine,
  ) {}

  walk(inst: SimInstrument, candle: TapeCandle): void {
    const start = this.engine.lastPrice(inst);
    for (const [from, to] of candleSegments(start, candle)) this.#segment(inst, from, to);
    this.engine.setLastPrice(inst, candle.close);
  }

  #segment(inst: SimInstrument, from: number, to: number): void {
    let price = from;
    this.engine.setLastPrice(inst, price);
    for (let i = 0; i < MAX_STEPS_PER_SEGMENT; i++) {
      const step = this.#next(inst, price, to);
      if (step === undefined) break;
      price = step.price;
      this.engine.setLastPrice(inst, price);
      if ('order' in step) this.engine.execute(step.order, step.order.px!, 'M');
      else this.algos.hit(step.condition, price);
    }
    this.engine.setLastPrice(inst, to);
    this.algos.follow(inst.instId, to);
  }

  /** The nearest event from `price` towards `to`; orders before algo triggers at the same price. */
  #next(inst: SimInstrument, price: number, to: number): Step | undefined {
    let best: Step | undefined;
    const consider = (step: Step) => {
      if (best === undefined || Math.abs(step.price - price) < Math.abs(best.price - price)) best = step;
    };
    for (const order of this.engine.store.liveOrders()) {
      if (order.inst !== inst || order.px === undefined) continue;
      const at = reach(order.side === 'buy' ? 'le' : 'ge', order.px, price, to);
      if (at !== undefined) consider({ price: at, order });
    }
    for (const condition of this.algos.conditions(inst.instId)) {
      const at = reach(condition.dir, condition.level, price, to);
      if (at !== undefined) consider({ price: at, condition });
    }
    return best;
  }
}
