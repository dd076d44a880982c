/** APO and PPO: the absolute and percentage price oscillators, TA-Lib's TA_APO and TA_PPO. */
import { RealIndicator } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, isZero } from './internal/validate.js';
import { createMovingAverage, type MovingAverage, ma, maLookback } from './ma.js';
import { MAType, type MATypeLike, resolveMAType } from './ma-type.js';
import type { Series } from './types.js';

interface OscillatorParams {
  fast: number;
  slow: number;
  maType: MAType;
}

/** Checks the parameters and, as TA-Lib does, swaps fast and slow when fast is the longer one. */
function checkOscillator(
  name: string,
  fastPeriod: number,
  slowPeriod: number,
  maType: MATypeLike,
): OscillatorParams {
  checkPeriod(name, 'fastPeriod', fastPeriod, 2);
  checkPeriod(name, 'slowPeriod', slowPeriod, 2);
  const type = resolveMAType(maType, name);
  maLookback(slowPeriod, type, name); // rejects MAMA
  return slowPeriod < fastPeriod
    ? { fast: slowPeriod, slow: fastPeriod, maType: type }
    : { fast: fastPeriod, slow: slowPeriod, maType: type };
}

/**
 * The shared state: a fast and a slow MA of one type, each seeded at its own lookback as TA-Lib's APO and
 * PPO do (unlike MACD, whose fast EMA seed is aligned to the slow one).
 */
abstract class PriceOscillator extends RealIndicator {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly maType: MAType;
  readonly lookback: number;
  private readonly fast: MovingAverage;
  private readonly slow: MovingAverage;

  constructor(name: string, fastPeriod: number, slowPeriod: number, maType: MATypeLike) {
    super();
    const params = checkOscillator(name, fastPeriod, slowPeriod, maType);
    this.fastPeriod = params.fast;
    this.slowPeriod = params.slow;
    this.maType = params.maType;
    this.lookback = maLookback(params.slow, params.maType);
    this.fast = createMovingAverage(params.fast, params.maType);
    this.slow = createMovingAverage(params.slow, params.maType);
  }

  /** Combines the two averages into the oscillator's value. */
  protected abstract combine(fast: number, slow: number): number;

  update(x: number): number {
    this.fed += 1;
    const fast = this.fast.update(x);
    const slow = this.slow.update(x);
    if (this.fed > this.lookback) this.current = this.combine(fast, slow);
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.fast.reset();
    this.slow.reset();
  }
}

function difference(fast: number, slow: number): number {
  return fast - slow;
}

/** PPO's formula, with TA-Lib's 0 for a slow MA within 1e-14 of 0. */
function percentage(fast: number, slow: number): number {
  return isZero(slow) ? 0.0 : ((fast - slow) / slow) * 100.0;
}

/** The batch form: both MAs by their batch functions (bit-identical to their streaming twins), combined. */
function oscillate(
  name: string,
  close: Series,
  fastPeriod: number,
  slowPeriod: number,
  maType: MATypeLike,
  combine: (fast: number, slow: number) => number,
): Float64Array {
  const params = checkOscillator(name, fastPeriod, slowPeriod, maType);
  checkSeries(name, 'close', close);
  const fast = ma(close, params.fast, params.maType);
  const out = ma(close, params.slow, params.maType);
  for (let i = maLookback(params.slow, params.maType); i < out.length; i += 1)
    out[i] = combine(fast[i]!, out[i]!);
  return out;
}

/**
 * Absolute price oscillator MA(fast) − MA(slow) (fast 12, slow 26, periods 2…100000; maType default SMA,
 * as in TA-Lib 0.4). Lookback `maLookback(slow, maType)`; each MA is seeded at its own lookback.
 */
export function apo(
  close: Series,
  fastPeriod = 12,
  slowPeriod = 26,
  maType: MATypeLike = MAType.SMA,
): Float64Array {
  return oscillate('APO', close, fastPeriod, slowPeriod, maType, difference);
}

/** Streaming APO: `new APO(12, 26, MAType.EMA).update(x)`, the value of `apo` at that index. */
export class APO extends PriceOscillator {
  /** TA-Lib's TA_APO_Lookback: the slow MA's lookback. */
  static lookback(fastPeriod = 12, slowPeriod = 26, maType: MATypeLike = MAType.SMA): number {
    const params = checkOscillator('APO', fastPeriod, slowPeriod, maType);
    return maLookback(params.slow, params.maType);
  }

  constructor(fastPeriod = 12, slowPeriod = 26, maType: MATypeLike = MAType.SMA) {
    super('APO', fastPeriod, slowPeriod, maType);
  }

  protected combine(fast: number, slow: number): number {
    return difference(fast, slow);
  }
}

/**
 * Percentage price oscillator ((MA(fast) − MA(slow)) / MA(slow))·100 (fast 12, slow 26; maType default
 * SMA). Lookback `maLookback(slow, maType)`. TA-Lib quirk kept: 0 when |MA(slow)| is below 1e-14.
 */
export function ppo(
  close: Series,
  fastPeriod = 12,
  slowPeriod = 26,
  maType: MATypeLike = MAType.SMA,
): Float64Array {
  return oscillate('PPO', close, fastPeriod, slowPeriod, maType, percentage);
}

/** Streaming PPO: `new PPO(12, 26, MAType.EMA).update(x)`, the value of `ppo` at that index. */
export class PPO extends PriceOscillator {
  /** TA-Lib's TA_PPO_Lookback: the slow MA's lookback. */
  static lookback(fastPeriod = 12, slowPeriod = 26, maType: MATypeLike = MAType.SMA): number {
    const params = checkOscillator('PPO', fastPeriod, slowPeriod, maType);
    return maLookback(params.slow, params.maType);
  }

  constructor(fastPeriod = 12, slowPeriod = 26, maType: MATypeLike = MAType.SMA) {
    super('PPO', fastPeriod, slowPeriod, maType);
  }

  protected combine(fast: number, slow: number): number {
    return percentage(fast, slow);
  }
}
