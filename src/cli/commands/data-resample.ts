import type { Command } from 'commander';
import { QuantLabError } from '../../core/errors.js';
import { canResample, isCoarser, type Timeframe } from '../../core/timeframe.js';
import { type ResampleSeriesSummary, resampleStoredSeries } from '../../marketdata/resample-series.js';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';
import {
  checkTimeRange,
  count,
  iso,
  parseTimeframeOption,
  parseTimeOption,
  type SeriesFlags,
  withSeriesFlags,
} from './data-options.js';

interface ResampleFlags extends SeriesFlags {
  to: Timeframe;
  from?: number;
  until?: number;
}

const HELP = `
Aggregates the stored --timeframe series into --to candles (open first, high max, low min, close last,
volume sum; weeks start Monday, 1M is the calendar month) and stores them as the --to series of the same
exchange and symbol. --from/--until are widened to whole --to buckets. The last bucket is NOT stored when
the data ends before its last base candle (it is unfinished); buckets with missing base candles inside the
data are stored and counted. Re-running is idempotent.

Note: --to is the target timeframe here (DESIGN.md); the end of the range is --until.
Exit codes: 0 resampled; 1 no such series or the database failed; 2 bad flags (incl. a --to that does not
divide into whole buckets of --timeframe).`;

export function registerDataResample(data: Command, ctx: CommandContext): void {
  withSeriesFlags(
    data.command('resample').description('aggregate a stored series into a coarser timeframe'),
    'the stored (base) timeframe',
  )
    .requiredOption('--to <tf>', 'the coarser target timeframe (1h, 4h, 1d, 1w, 1M …)', parseTimeframeOption)
    .option('--from <time>', 'first base candle (date, UTC date-time or epoch ms)', parseTimeOption)
    .option('--until <time>', 'last base candle (inclusive)', parseTimeOption)
    .addHelpText('after', HELP)
    .action((flags: ResampleFlags, command: Command) => {
      checkTimeRange(command, flags.from, flags.until, '--until');
      if (!isCoarser(flags.to, flags.timeframe) || !canResample(flags.timeframe, flags.to)) {
        throw new QuantLabError(
          'QL_ERR_USAGE',
          `--to ${flags.to} is not a coarser timeframe made of whole ${flags.timeframe} candles`,
          { details: { from: flags.timeframe, to: flags.to } },
        );
      }
      return withDatabase(
        ctx,
        async (database) => {
          const summary = await resampleStoredSeries(database, {
            exchange: flags.exchange,
            symbol: flags.symbol,
            from: flags.timeframe,
            to: flags.to,
            ...(flags.from === undefined ? {} : { since: flags.from }),
            ...(flags.until === undefined ? {} : { until: flags.until }),
          });
          ctx.print(summary, () => describeResample(summary));
        },
        { migrate: true },
      );
    });
}

export function describeResample(s: ResampleSeriesSummary): string {
  return [
    `Resampled ${s.exchange} ${s.symbol} ${s.from} → ${s.to}: ${count(s.baseCandles)} base candles`,
    `  stored       ${count(s.candles)} ${s.to} candles (${count(s.written)} written, ${count(s.unchanged)} unchanged), ${iso(s.first)} .. ${iso(s.last)}`,
    `  incomplete   ${count(s.incompleteBuckets)} buckets with missing base candles (aggregated from what exists)`,
    s.partialLast === null
      ? '  partial      none: the last bucket is complete'
      : `  partial      the last bucket (${iso(s.partialLast)}) is unfinished and was not stored`,
  ].join('\n');
}
