/**
 * Wilder's directional movement system with TA-Lib semantics: +DI (`PLUS_DI`), −DI (`MINUS_DI`) and the
 * average directional index (`ADX`). The smoothing schedule is in `internal/directional-movement.ts`.
 */
import { checkSameLength, HlcIndicator, runHlc } from './internal/bar-indicator.js';
import { DirectionalMovement } from './internal/directional-movement.js';
import { checkPeriod, isZero } from './internal/validate.js';
import type { Series } from './types.js';

/** The shared body of PlusDI and MinusDI; `plus` picks the side once, at construction. */
abstract class DirectionalIndicator extends HlcIndicator {
  readonly lookback: number;
  readonly period: number;
  private readonly dm: DirectionalMovement;
  private readonly plus: boolean;

  constructor(name: string, plus: boolean, period: number) {
    super();
    this.period = checkPeriod(name, 'period', period, 1);
    this.lookback = period;
    this.plus = plus;
    this.dm = new DirectionalMovement(period);
  }

  update(high: number, low: number, close: number): number {
    const dm = this.dm;
    dm.push(high, low, close);
    this.fed += 1;
    if (this.fed <= this.lookback) return Number.NaN;
    if (this.period === 1) {
      // TA-Lib's unsmoothed case: the one-bar DM over the one-bar true range, not multiplied by 100.
      const move = this.plus ? dm.barPlusDM : dm.barMinusDM;
      this.current = move !== 0 && !isZero(dm.barTrueRange) ? move / dm.barTrueRange : 0;
    } else {
      const smoothed = this.plus ? dm.plusDM : dm.minusDM;
      this.current = isZero(dm.trueRange) ? 0 : 100 * (smoothed / dm.trueRange);
    }
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.dm.reset();
  }
}

/**
 * Plus directional indicator, TA-Lib `PLUS_DI(period)` (default 14, period >= 1):
 * `100 · smoothed(+DM) / smoothed(TR)`, 0 when the smoothed true range is below 1e-14 (TA_IS_ZERO).
 * Lookback `period`. TA-Lib quirk kept: `PLUS_DI(1)` is `+DM1 / TR1` without the factor 100 (lookback 1).
 */
export function plusDi(high: Series, low: Series, close: Series, period = 14): Float64Array {
  const indicator = new PlusDI(period);
  checkSameLength('PLUS_DI', { high, low, close });
  return runHlc(indicator, high, low, close);
}

/** Streaming twin of {@link plusDi}. */
export class PlusDI extends DirectionalIndicator {
  constructor(period = 14) {
    super('PLUS_DI', true, period);
  }
}

/**
 * Minus directional indicator, TA-Lib `MINUS_DI(period)` (default 14): `100 · smoothed(−DM) /
 * smoothed(TR)`; the same lookback, zero rule and period-1 quirk as {@link plusDi}.
 */
export function minusDi(high: Series, low: Series, close: Series, period = 14): Float64Array {
  const indicator = new MinusDI(period);
  checkSameLength('MINUS_DI', { high, low, close });
  return runHlc(indicator, high, low, close);
}

/** Streaming twin of {@link minusDi}. */
export class MinusDI extends DirectionalIndicator {
  constructor(period = 14) {
    super('MINUS_DI', false, period);
  }
}

/**
 * Average directional index, TA-Lib `ADX(period)` (default 14, period >= 2). Per bar from bar `period`
 * on: `DX = 100 · |−DI − +DI| / (−DI + +DI)`; the first ADX, at index `2·period − 1` (the lookback), is
 * the mean of the first `period` DX values; then `ADX = (ADX·(period − 1) + DX) / period`.
 * TA-Lib quirk kept: a bar whose smoothed true range or DI sum is below 1e-14 contributes no DX (the ADX
 * carries over unchanged, and counts as 0 in the seeding mean).
 */
export function adx(high: Series, low: Series, close: Series, period = 14): Float64Array {
  const indicator = new ADX(period);
  checkSameLength('ADX', { high, low, close });
  return runHlc(indicator, high, low, close);
}

/** Streaming twin of {@link adx}: O(1) per bar, no allocation. */
export class ADX extends HlcIndicator {
  readonly lookback: number;
  readonly period: number;
  private readonly dm: DirectionalMovement;
  private sumDX = 0;

  constructor(period = 14) {
    super();
    this.period = checkPeriod('ADX', 'period', period, 2);
    this.lookback = 2 * period - 1;
    this.dm = new DirectionalMovement(period);
  }

  update(high: number, low: number, close: number): number {
    const dm = this.dm;
    dm.push(high, low, close);
    const bar = this.fed;
    this.fed = bar + 1;
    const period = this.period;
    if (bar < period) return Number.NaN;
    let dx = 0;
    let hasDx = false;
    if (!isZero(dm.trueRange)) {
      const minusDI = 100 * (dm.minusDM / dm.trueRange);
      const plusDI = 100 * (dm.plusDM / dm.trueRange);
      const sum = minusDI + plusDI;
      if (!isZero(sum)) {
        dx = 100 * (Math.abs(minusDI - plusDI) / sum);
        hasDx = true;
      }
    }
    if (bar <= this.lookback) {
      if (hasDx) this.sumDX += dx;
      if (bar < this.lookback) return Number.NaN;
      this.current = this.sumDX / period;
    } else if (hasDx) {
      this.current = (this.current * (period - 1) + dx) / period;
    }
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.dm.reset();
    this.sumDX = 0;
  }
}
