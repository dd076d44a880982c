/**
 * Moving-average types with TA-Lib's TA_MAType codes, used wherever an indicator takes a `maType`
 * (BBANDS, PPO, APO, STOCHRSI, the generic `ma`). Names are accepted too (`'EMA'`), for configs.
 */
import { invalid, shown } from './internal/validate.js';

export const MAType = {
  SMA: 0,
  EMA: 1,
  WMA: 2,
  DEMA: 3,
  TEMA: 4,
  TRIMA: 5,
  KAMA: 6,
  MAMA: 7,
  T3: 8,
} as const;

/** A TA-Lib MA type code (0 … 8). */
export type MAType = (typeof MAType)[keyof typeof MAType];
/** A type code or its name. */
export type MATypeLike = MAType | keyof typeof MAType;

const NAMES = Object.keys(MAType) as (keyof typeof MAType)[];

/**
 * The code of an MA type given by code or name; throws QL_ERR_INDICATOR_INVALID for anything else, naming
 * `param` (`maType` unless the caller says otherwise; the strategy catalogue relies on that default).
 */
export function resolveMAType(maType: MATypeLike, indicator = 'MA', param = 'maType'): MAType {
  if (typeof maType === 'number' && Number.isInteger(maType) && maType >= 0 && maType < NAMES.length) {
    return maType as MAType;
  }
  if (typeof maType === 'string' && Object.hasOwn(MAType, maType)) return MAType[maType];
  return invalid(
    indicator,
    `${param} must be one of ${NAMES.join(', ')} or 0…${NAMES.length - 1}, got ${shown(maType)}`,
    { param, value: maType },
  );
}

/** The name of an MA type code (`'EMA'` for 1). */
export function maTypeName(maType: MAType): keyof typeof MAType {
  return NAMES[maType]!;
}
