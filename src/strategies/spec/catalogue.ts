/**
 * The indicator types a spec may name, mapped to the streaming classes of `src/indicators` and the names
 * of their constructor parameters (TA-Lib's order), so that `{"type": "macd", "params": {"signalPeriod":
 * 9}}` and `{"type": "macd", "params": [12, 26, 9]}` build the same `new MACD(12, 26, 9)`.
 *
 * Parameter values are not checked here: the spec builds the indicator and lets its own validation speak
 * (one rule, one place). The class is looked up by name in the library's exports, so a type whose class
 * has not been written yet is reported as unavailable instead of breaking the build.
 */

import * as indicatorLibrary from '../../indicators/index.js';
import type { StreamingIndicator } from '../../indicators/types.js';

export type IndicatorClass = new (...args: unknown[]) => StreamingIndicator;

export interface IndicatorKind {
  /** The spec name: the batch function's name (`sma`, `plusDi`, `volumeProfile`). */
  readonly type: string;
  /** The streaming class exported by src/indicators. */
  readonly className: string;
  /** Constructor parameters in order; names match the `param` of the indicator's own errors. */
  readonly params: readonly string[];
  /**
   * Output names a chart gives to a line displaced so that, on the bar it is drawn on, it shows a later
   * value (Ichimoku's lagging span): referencing them is look-ahead. Value: why, for the message.
   */
  readonly lookAheadOutputs?: Readonly<Record<string, string>>;
}

const PERIOD = ['period'] as const;
const LAGGING_SPAN =
  'is the lagging span, the close drawn kijunPeriod bars back: on the bar it is drawn on it shows a later ' +
  'close. Compare close with close[26] instead';

/** Every indicator of DESIGN.md §4.5 that has a streaming class. */
export const INDICATOR_KINDS: readonly IndicatorKind[] = [
  { type: 'sma', className: 'SMA', params: PERIOD },
  { type: 'ema', className: 'EMA', params: PERIOD },
  { type: 'wma', className: 'WMA', params: PERIOD },
  { type: 'dema', className: 'DEMA', params: PERIOD },
  { type: 'tema', className: 'TEMA', params: PERIOD },
  { type: 'trima', className: 'TRIMA', params: PERIOD },
  { type: 'kama', className: 'KAMA', params: PERIOD },
  { type: 't3', className: 'T3', params: ['period', 'vFactor'] },
  { type: 'rsi', className: 'RSI', params: PERIOD },
  { type: 'macd', className: 'MACD', params: ['fastPeriod', 'slowPeriod', 'signalPeriod'] },
  { type: 'bbands', className: 'BBANDS', params: ['period', 'nbDevUp', 'nbDevDn', 'maType'] },
  { type: 'stddev', className: 'StdDev', params: ['period', 'nbDev'] },
  { type: 'roc', className: 'ROC', params: PERIOD },
  { type: 'mom', className: 'MOM', params: PERIOD },
  { type: 'cmo', className: 'CMO', params: PERIOD },
  { type: 'ppo', className: 'PPO', params: ['fastPeriod', 'slowPeriod', 'maType'] },
  { type: 'apo', className: 'APO', params: ['fastPeriod', 'slowPeriod', 'maType'] },
  { type: 'trix', className: 'TRIX', params: PERIOD },
  {
    type: 'stochrsi',
    className: 'StochRSI',
    params: ['period', 'fastKPeriod', 'fastDPeriod', 'fastDMAType'],
  },
  { type: 'linearreg', className: 'LinearReg', params: PERIOD },
  { type: 'atr', className: 'ATR', params: PERIOD },
  { type: 'natr', className: 'NATR', params: PERIOD },
  { type: 'trange', className: 'TRange', params: [] },
  {
    type: 'stoch',
    className: 'Stoch',
    params: ['fastKPeriod', 'slowKPeriod', 'slowKMAType', 'slowDPeriod', 'slowDMAType'],
  },
  { type: 'adx', className: 'ADX', params: PERIOD },
  { type: 'plusDi', className: 'PlusDI', params: PERIOD },
  { type: 'minusDi', className: 'MinusDI', params: PERIOD },
  { type: 'cci', className: 'CCI', params: PERIOD },
  { type: 'willr', className: 'WillR', params: PERIOD },
  { type: 'mfi', className: 'MFI', params: PERIOD },
  { type: 'obv', className: 'OBV', params: [] },
  { type: 'ad', className: 'AD', params: [] },
  { type: 'adosc', className: 'ADOSC', params: ['fastPeriod', 'slowPeriod'] },
  { type: 'aroon', className: 'Aroon', params: PERIOD },
  { type: 'sar', className: 'SAR', params: ['acceleration', 'maximum'] },
  { type: 'ultosc', className: 'UltOsc', params: ['period1', 'period2', 'period3'] },
  { type: 'vwap', className: 'VWAP', params: PERIOD },
  { type: 'supertrend', className: 'Supertrend', params: ['atrPeriod', 'multiplier'] },
  {
    type: 'ichimoku',
    className: 'Ichimoku',
    params: ['tenkanPeriod', 'kijunPeriod', 'senkouBPeriod'],
    // Our Ichimoku is not displaced (every line sits where it becomes computable). The lagging span of a
    // chart is the close drawn kijunPeriod bars back: read on the bar it is drawn on, it is a later close.
    lookAheadOutputs: {
      chikou: LAGGING_SPAN,
      laggingSpan: LAGGING_SPAN,
      lagging: LAGGING_SPAN,
    },
  },
  { type: 'keltner', className: 'Keltner', params: ['period', 'multiplier', 'atrPeriod'] },
  { type: 'donchian', className: 'Donchian', params: PERIOD },
  { type: 'volumeProfile', className: 'VolumeProfile', params: ['period', 'bins', 'valueArea'] },
];

/** Lower case without `_` and `-`: `plus_di`, `PLUS_DI` and `plusDI` all name `plusDi`. */
function normalise(type: string): string {
  return type.toLowerCase().replace(/[-_]/g, '');
}

const BY_NORMALISED_TYPE = new Map(INDICATOR_KINDS.map((kind) => [normalise(kind.type), kind]));

/** The kind a spec `type` names (case-, `_`- and `-`-insensitive), or undefined. */
export function findIndicatorKind(type: string): IndicatorKind | undefined {
  return BY_NORMALISED_TYPE.get(normalise(type));
}

/** The streaming class of a kind, or undefined when src/indicators does not export it (yet). */
export function indicatorClass(kind: IndicatorKind): IndicatorClass | undefined {
  const candidate = (indicatorLibrary as Record<string, unknown>)[kind.className];
  return typeof candidate === 'function' ? (candidate as IndicatorClass) : undefined;
}

/** The spec names of the kinds whose class exists, for "did you mean" hints and documentation. */
export function availableIndicatorTypes(): string[] {
  return INDICATOR_KINDS.filter((kind) => indicatorClass(kind) !== undefined).map((kind) => kind.type);
}
