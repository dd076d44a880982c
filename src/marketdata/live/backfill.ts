/**
 * The default reconnect backfill: closed candles over the venue's REST API, through the same ccxt
 * instance the stream uses (ccxt pro classes are REST classes too) and the download module's paginated,
 * validated `fetchClosedCandles`. The feed depends only on the `CandleBackfill` interface, so tests and
 * other deployments (a candle service, the database) can inject their own.
 */

import type { Exchange } from 'ccxt';
import { QuantLabError } from '../../core/errors.js';
import { parseTimeframe } from '../../core/timeframe.js';
import { type FetchClosedCandlesOptions, fetchClosedCandles } from '../download/backfill.js';
import type { CandleBackfill } from './candle-sequencer.js';
import type { CcxtProExchange } from './ccxt-pro.js';

export type { CandleBackfill } from './candle-sequencer.js';

/** A backfill reading through whichever exchange instance `current()` returns at call time. */
export function exchangeCandleBackfill(
  current: () => CcxtProExchange | undefined,
  options: FetchClosedCandlesOptions = {},
): CandleBackfill {
  return {
    async fetchClosed(symbol, timeframe, fromTs, toTs) {
      const exchange = current();
      if (exchange === undefined) {
        throw new QuantLabError('QL_ERR_VENUE_UNAVAILABLE', 'No exchange connection to backfill from.', {
          details: { symbol, timeframe },
        });
      }
      // The structural type is a subset of ccxt's Exchange; the instance is a real one.
      return fetchClosedCandles(
        exchange as unknown as Exchange,
        symbol,
        parseTimeframe(timeframe),
        fromTs,
        toTs,
        options,
      );
    },
  };
}
