/**
 * The generic moving average (TA-Lib's TA_MA) and the streaming factory that composite indicators use to
 * build the MA a `maType` names (BBANDS' middle band, PPO/APO, STOCHRSI's %D, part B's STOCH/ADOSC …).
 */
import { DEMA, dema } from './dema.js';
import { EMA, ema } from './ema.js';
import { RealIndicator } from './internal/real-indicator.js';
import { checkPeriod, checkSeries, invalid } from './internal/validate.js';
import { KAMA, kama } from './kama.js';
import { MAType, type MATypeLike, maTypeName, resolveMAType } from './ma-type.js';
import { SMA, sma } from './sma.js';
import { T3, t3 } from './t3.js';
import { TEMA, tema } from './tema.js';
import { TRIMA, trima } from './trima.js';
import type { Series } from './types.js';
import { WMA, wma } from './wma.js';

/** A streaming moving average of any type: `update(x)`, `value`, `period`, `lookback`. */
export type MovingAverage = RealIndicator & { readonly period: number };

/** TA-Lib's TA_MA with period 1: every type is the input itself, with no lookback. */
export class PassThroughMA extends RealIndicator {
  readonly period = 1;
  readonly lookback = 0;

  update(x: number): number {
    this.fed += 1;
    this.current = x;
    return x;
  }
}

/** MAMA (TA-Lib's MESA adaptive MA) is not implemented; the error names the indicator that asked for it. */
function unsupported(maType: MAType, indicator: string): never {
  return invalid(indicator, `maType ${maTypeName(maType)} is not supported`, {
    param: 'maType',
    value: maType,
  });
}

function checkMaPeriod(period: number): number {
  return checkPeriod('MA', 'period', period, 1);
}

/**
 * TA-Lib's TA_MA_Lookback: 0 for period 1, else SMA/EMA/WMA/TRIMA `period − 1`, DEMA `2·(period − 1)`,
 * TEMA `3·(period − 1)`, KAMA `period`, T3 `6·(period − 1)`. Composite indicators pass their name as
 * `indicator`, which errors about the MA type then carry (`BBANDS: maType MAMA is not supported`).
 */
export function maLookback(period = 30, maType: MATypeLike = MAType.SMA, indicator = 'MA'): number {
  checkMaPeriod(period);
  const type = resolveMAType(maType, indicator);
  if (period === 1) return 0;
  switch (type) {
    case MAType.SMA:
    case MAType.EMA:
    case MAType.WMA:
    case MAType.TRIMA:
      return period - 1;
    case MAType.DEMA:
      return 2 * (period - 1);
    case MAType.TEMA:
      return 3 * (period - 1);
    case MAType.KAMA:
      return period;
    case MAType.T3:
      return 6 * (period - 1);
    default:
      return unsupported(type, indicator);
  }
}

/**
 * A streaming moving average of `maType` (period 1…100000; period 1 is the input itself, as in TA_MA).
 * MAMA is not supported (QL_ERR_INDICATOR_INVALID, naming `indicator`); T3 uses TA-Lib's vFactor 0.7.
 */
export function createMovingAverage(
  period = 30,
  maType: MATypeLike = MAType.SMA,
  indicator = 'MA',
): MovingAverage {
  checkMaPeriod(period);
  const type = resolveMAType(maType, indicator);
  if (period === 1) return new PassThroughMA();
  switch (type) {
    case MAType.SMA:
      return new SMA(period);
    case MAType.EMA:
      return new EMA(period);
    case MAType.WMA:
      return new WMA(period);
    case MAType.DEMA:
      return new DEMA(period);
    case MAType.TEMA:
      return new TEMA(period);
    case MAType.TRIMA:
      return new TRIMA(period);
    case MAType.KAMA:
      return new KAMA(period);
    case MAType.T3:
      return new T3(period, 0.7);
    default:
      return unsupported(type, indicator);
  }
}

/**
 * Moving average of any type (TA-Lib's TA_MA; period 1…100000, default 30, maType default SMA). Lookback
 * `maLookback(period, maType)`. Equal, value for value, to feeding `createMovingAverage(period, maType)`.
 */
export function ma(close: Series, period = 30, maType: MATypeLike = MAType.SMA): Float64Array {
  checkMaPeriod(period);
  checkSeries('MA', 'close', close);
  const type = resolveMAType(maType);
  if (period === 1) return Float64Array.from(close);
  switch (type) {
    case MAType.SMA:
      return sma(close, period);
    case MAType.EMA:
      return ema(close, period);
    case MAType.WMA:
      return wma(close, period);
    case MAType.DEMA:
      return dema(close, period);
    case MAType.TEMA:
      return tema(close, period);
    case MAType.TRIMA:
      return trima(close, period);
    case MAType.KAMA:
      return kama(close, period);
    case MAType.T3:
      return t3(close, period, 0.7);
    default:
      return unsupported(type, 'MA');
  }
}
