/**
 * `data check --backfill`: fetch the candles of the gaps the check found from the exchange (the download
 * module's `backfillGaps`), so `--exchange` must be a ccxt id (okx, binanceusdm, …) for this flag. Gaps the
 * exchange has no candles for either are reported as remaining, never invented. Loaded only when used, so
 * `data check` starts without ccxt.
 */

import type { Timeframe } from '../../core/timeframe.js';
import type { Gap } from '../../marketdata/quality/gaps.js';
import type { Database } from '../../storage/index.js';
import type { CommandContext } from '../context.js';

export interface BackfillOutcome {
  /** Candles written into the gaps. */
  filled: number;
  /** Fetched rows that failed validation (quarantined by the download module). */
  rejected: number;
  /** Gaps still missing afterwards: the exchange has nothing there either. */
  remaining: Gap[];
}

export async function backfillFromExchange(
  ctx: CommandContext,
  database: Database,
  series: { exchange: string; symbol: string; timeframe: Timeframe },
  gaps: readonly Gap[],
): Promise<BackfillOutcome> {
  const [{ createExchange, closeExchange, exchangeOptionsFromConfig }, { backfillGaps }] = await Promise.all([
    import('../../marketdata/exchanges.js'),
    import('../../marketdata/download/index.js'),
  ]);
  // Public history is the market's: live endpoints, no keys (as `data download`).
  const { baseUrl } = exchangeOptionsFromConfig(series.exchange, ctx.config());
  const exchange = await createExchange(series.exchange, {
    sandbox: false,
    ...(baseUrl === undefined ? {} : { baseUrl }),
  });
  try {
    const result = await backfillGaps({
      database,
      exchange,
      symbol: series.symbol,
      timeframe: series.timeframe,
      gaps,
    });
    return { filled: result.filled, rejected: result.quarantined, remaining: result.remaining };
  } finally {
    await closeExchange(exchange);
  }
}
