/**
 * The replay of a backtest: one lane per candle series, merged by close time (finer timeframe first on
 * ties, then series order). The finest series of a symbol drives its venue bars; a lane reuses one
 * scratch bar, so the loop allocates nothing per candle.
 */

import { QuantLabError } from '../core/errors.js';
import { parseTimeframe, type Timeframe } from '../core/timeframe.js';
import type { Kernel } from '../engine/kernel.js';
import { candleCloseTime, seriesKey } from '../strategies/host-series.js';
import type { SimulatedVenue, VenueBar } from '../venues/simulated/index.js';
import type { SeriesData } from './types.js';

export interface Lane {
  readonly series: SeriesData;
  readonly tf: Timeframe;
  readonly tfMs: number;
  readonly venueIndex: number;
  readonly portfolioIndex: number;
  readonly finest: boolean;
  readonly subscribed: boolean;
  readonly scratch: VenueBar;
  cursor: number;
  /** Candles of this lane the run uses: those closing by the main series' last close. */
  end: number;
  next: number;
}

export function buildLanes(
  series: readonly SeriesData[],
  venue: SimulatedVenue,
  kernel: Kernel,
  subscribed: Set<string>,
): Lane[] {
  const finest = new Map<string, number>();
  const lanes = series.map((series) => {
    const tf = parseTimeframe(series.timeframe);
    const tfMs = tf === '1M' ? 0 : candleCloseTime(0, tf);
    const portfolioIndex = kernel.portfolio.symbolIndex(series.symbol);
    if (portfolioIndex < 0) {
      throw new QuantLabError('QL_ERR_INSTRUMENT_UNKNOWN', `No instrument for the series ${series.symbol}.`, {
        details: { symbol: series.symbol },
      });
    }
    return { series, tf, tfMs, venueIndex: venue.symbolIndex(series.symbol), portfolioIndex };
  });
  lanes.forEach((lane, index) => {
    const current = finest.get(lane.series.symbol);
    const length = lane.tfMs === 0 ? Number.POSITIVE_INFINITY : lane.tfMs;
    if (current === undefined || length < (lanes[current]!.tfMs || Number.POSITIVE_INFINITY))
      finest.set(lane.series.symbol, index);
  });
  return lanes.map((lane, index) => {
    const built: Lane = {
      ...lane,
      finest: finest.get(lane.series.symbol) === index,
      subscribed: subscribed.has(seriesKey(lane.series.symbol, lane.series.timeframe)),
      scratch: { ts: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, closeTs: 0 },
      cursor: 0,
      end: lane.series.ts.length,
      next: Number.POSITIVE_INFINITY,
    };
    if (lane.series.ts.length > 0) built.next = closeOf(built, 0);
    return built;
  });
}

export function closeOf(lane: Lane, i: number): number {
  const ts = lane.series.ts[i]!;
  return lane.tfMs > 0 ? ts + lane.tfMs : candleCloseTime(ts, lane.tf);
}

/** The earliest next close over every lane (Infinity when all are done). */
export function nextClose(lanes: Lane[]): number {
  let next = Number.POSITIVE_INFINITY;
  for (let k = 0; k < lanes.length; k++) if (lanes[k]!.next < next) next = lanes[k]!.next;
  return next;
}

/** The lane whose next candle closes first (finer timeframe, then lane order, on ties); −1 when done. */
export function nextLane(lanes: Lane[]): number {
  if (lanes.length === 1) return lanes[0]!.next === Number.POSITIVE_INFINITY ? -1 : 0;
  let best = -1;
  for (let k = 0; k < lanes.length; k++) {
    const lane = lanes[k]!;
    if (lane.next === Number.POSITIVE_INFINITY) continue;
    if (best < 0) {
      best = k;
      continue;
    }
    const other = lanes[best]!;
    if (
      lane.next < other.next ||
      (lane.next === other.next && lane.tfMs !== 0 && (other.tfMs === 0 || lane.tfMs < other.tfMs))
    )
      best = k;
  }
  return best;
}
