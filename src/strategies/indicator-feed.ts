/**
 * Feeding streaming indicators from closed candles: which number of a bar a `real` indicator consumes
 * (`PriceSource`), and the binding of one indicator to one series.
 */

import { QuantLabError } from '../core/errors.js';
import type { StreamingIndicator } from '../indicators/types.js';
import type { PriceSource } from './types.js';

export const PRICE_SOURCES: readonly PriceSource[] = [
  'open',
  'high',
  'low',
  'close',
  'volume',
  'hl2',
  'hlc3',
  'ohlc4',
];

/** The number `source` picks from a bar. */
export function priceOf(
  source: PriceSource,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): number {
  switch (source) {
    case 'open':
      return open;
    case 'high':
      return high;
    case 'low':
      return low;
    case 'close':
      return close;
    case 'volume':
      return volume;
    case 'hl2':
      return (high + low) / 2;
    case 'hlc3':
      return (high + low + close) / 3;
    case 'ohlc4':
      return (open + high + low + close) / 4;
  }
}

/** A `real` indicator's natural one-number update (`new SMA(10).update(x)`). */
type RealUpdate = (value: number) => unknown;

function isIndicator(value: unknown): value is StreamingIndicator {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<StreamingIndicator>;
  return (
    typeof candidate.updateBar === 'function' &&
    typeof candidate.input === 'string' &&
    typeof candidate.ready === 'boolean'
  );
}

/**
 * One indicator bound to one series. `real` indicators fed from a source other than `close` go through
 * their own `update(x)`; everything else through `updateBar(o, h, l, c, v)`.
 */
export class IndicatorBinding {
  private readonly realUpdate: RealUpdate | undefined;

  constructor(
    readonly indicator: StreamingIndicator,
    readonly source: PriceSource,
  ) {
    if (!isIndicator(indicator)) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        'ctx.indicator(...) needs a streaming indicator (an object with input, ready and updateBar).',
      );
    }
    if (!PRICE_SOURCES.includes(source)) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `Unknown price source ${JSON.stringify(source)}; expected one of ${PRICE_SOURCES.join(', ')}.`,
        { details: { source } },
      );
    }
    if (source !== 'close') {
      if (indicator.input !== 'real') {
        throw new QuantLabError(
          'QL_ERR_INVALID_INPUT',
          `A price source applies to 'real' indicators only; this one reads '${indicator.input}' bars.`,
          { details: { source, input: indicator.input } },
        );
      }
      const update = (indicator as unknown as { update?: unknown }).update;
      if (typeof update !== 'function') {
        throw new QuantLabError(
          'QL_ERR_INVALID_INPUT',
          `Source '${source}' needs an indicator with update(x); this one has none.`,
          { details: { source } },
        );
      }
      this.realUpdate = (update as RealUpdate).bind(indicator);
    }
  }

  feed(open: number, high: number, low: number, close: number, volume: number): void {
    if (this.realUpdate !== undefined) this.realUpdate(priceOf(this.source, open, high, low, close, volume));
    else this.indicator.updateBar(open, high, low, close, volume);
  }

  get ready(): boolean {
    return this.indicator.ready;
  }
}
