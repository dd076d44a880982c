import type { Command } from 'commander';
import {
  type CheckSeriesOptions,
  type CheckSeriesResult,
  checkSeries,
  toCheckJson,
} from '../../marketdata/quality/check-series.js';
import { DEFAULT_SPIKE_OPTIONS } from '../../marketdata/quality/spikes.js';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';
import { type BackfillOutcome, backfillFromExchange } from './data-backfill.js';
import {
  checkTimeRange,
  count,
  iso,
  parseNonNegativeNumber,
  parsePositiveInt,
  parsePositiveNumber,
  parseTimeOption,
  plural,
  type SeriesFlags,
  withSeriesFlags,
} from './data-options.js';

interface CheckFlags extends SeriesFlags {
  from?: number;
  to?: number;
  quarantine?: boolean;
  quarantineOutliers?: boolean;
  backfill?: boolean;
  spikeThreshold: number;
  spikeWindow: number;
  spikeMinMove: number;
}

const HELP = `
Checks: gaps (missing candle open times, as [from, to] ranges), duplicates (candles sharing a timeframe
bucket), OHLC violations (prices > 0, low <= open, close <= high, volume >= 0, finite), outliers (a close
that jumps more than --spike-threshold MADs from the median of the last --spike-window log-returns, and at
least --spike-min-move, then comes back), future timestamps (after now + one timeframe) and misaligned
timestamps (not on a bucket start).

By default the check only reports. --quarantine moves the candles with OHLC violations, duplicate buckets,
future or misaligned timestamps from the store to candle_quarantine (one transaction, the reason kept);
outliers move only with --quarantine-outliers, because a spike can be a real flash crash.

--backfill fetches the missing candles (after any quarantine) from the exchange, which --exchange then
names as a ccxt id (okx, binanceusdm, …), and reports the series as it is afterwards; gaps the exchange
has no candles for either remain. OKX_BASE_URL / BINANCE_BASE_URL point it at another server.

--json prints { count, duplicates, missingCandles, gaps, ohlcViolations, outliers, quarantined }, plus
"backfill": { filled, rejected, remaining } with --backfill.
Exit codes: 0 the check ran (whatever it found: read the report); 1 no such series, or the database
failed; 2 bad flags.`;

export function registerDataCheck(data: Command, ctx: CommandContext): void {
  withSeriesFlags(
    data.command('check').description('check a stored series: gaps, duplicates, OHLC, outliers'),
  )
    .option('--from <time>', 'first candle to check (date, UTC date-time or epoch ms)', parseTimeOption)
    .option('--to <time>', 'last candle to check (inclusive)', parseTimeOption)
    .option('--quarantine', 'move bad candles (not outliers) to candle_quarantine')
    .option('--quarantine-outliers', 'also move outliers (implies --quarantine)')
    .option('--backfill', 'fetch missing candles from the exchange (--exchange is a ccxt id)')
    .option(
      '--spike-threshold <mads>',
      'outlier distance in MADs',
      parsePositiveNumber,
      DEFAULT_SPIKE_OPTIONS.threshold,
    )
    .option(
      '--spike-window <bars>',
      'bars in the outlier baseline',
      parsePositiveInt,
      DEFAULT_SPIKE_OPTIONS.window,
    )
    .option(
      '--spike-min-move <fraction>',
      'smallest log-move that can be an outlier',
      parseNonNegativeNumber,
      DEFAULT_SPIKE_OPTIONS.minMove,
    )
    .addHelpText('after', HELP)
    .action((flags: CheckFlags, command: Command) => {
      checkTimeRange(command, flags.from, flags.to);
      const quarantine = Boolean(flags.quarantine || flags.quarantineOutliers);
      return withDatabase(
        ctx,
        async (database) => {
          const options: CheckSeriesOptions = {
            ...(flags.from === undefined ? {} : { from: flags.from }),
            ...(flags.to === undefined ? {} : { to: flags.to }),
            spike: {
              threshold: flags.spikeThreshold,
              window: flags.spikeWindow,
              minMove: flags.spikeMinMove,
            },
          };
          let result = await checkSeries(database, flags, {
            ...options,
            quarantine,
            quarantineOutliers: Boolean(flags.quarantineOutliers),
          });
          let backfill: BackfillOutcome | undefined;
          if (flags.backfill) {
            // Quarantined candles leave gaps too: backfill what is missing now, then report the result.
            const gaps =
              result.quarantined > 0
                ? (await checkSeries(database, flags, options)).report.gaps
                : result.report.gaps;
            backfill = await backfillFromExchange(ctx, database, flags, gaps);
            const after = await checkSeries(database, flags, options);
            result = { report: after.report, quarantined: result.quarantined };
          }
          const json = backfill === undefined ? toCheckJson(result) : { ...toCheckJson(result), backfill };
          ctx.print(json, () => describeCheck(flags, result, backfill));
        },
        // A plain check only reads; quarantine and backfill write.
        { migrate: quarantine || Boolean(flags.backfill) },
      );
    });
}

const SHOWN_GAPS = 10;
const SHOWN_ISSUES = 10;

export function describeCheck(
  series: SeriesFlags,
  { report, quarantined }: CheckSeriesResult,
  backfill?: BackfillOutcome,
): string {
  const lines = [
    `${series.exchange} ${series.symbol} ${series.timeframe}: ${plural(report.count, 'candle')}`,
    `  gaps             ${plural(report.gaps.length, 'gap')}, ${plural(report.missingCandles, 'missing candle')}`,
    ...report.gaps.slice(0, SHOWN_GAPS).map(([from, to]) => `                   ${iso(from)} .. ${iso(to)}`),
    ...(report.gaps.length > SHOWN_GAPS
      ? [`                   … ${count(report.gaps.length - SHOWN_GAPS)} more (--json lists all)`]
      : []),
    `  duplicates       ${count(report.duplicates)}`,
    `  OHLC violations  ${count(report.ohlcViolations)}`,
    `  outliers         ${count(report.outliers)}`,
    `  future ts        ${count(report.future)}`,
    `  misaligned ts    ${count(report.misaligned)}`,
    ...report.issues
      .slice(0, SHOWN_ISSUES)
      .map((issue) => `    ${iso(issue.candle.ts)}  ${issue.rules.join(', ')}`),
    ...(report.issues.length > SHOWN_ISSUES
      ? [`    … ${count(report.issues.length - SHOWN_ISSUES)} more flagged candles`]
      : []),
    quarantined > 0
      ? `  quarantined      ${plural(quarantined, 'candle')} moved to candle_quarantine (re-run data check to see the gaps they leave)`
      : report.issues.length > 0
        ? '  quarantined      0 (report only: --quarantine moves bad candles, --quarantine-outliers spikes too)'
        : '  quarantined      0',
    ...(backfill === undefined
      ? []
      : [
          `  backfill         ${plural(backfill.filled, 'candle')} fetched from ${series.exchange}, ${count(backfill.rejected)} rejected; ${plural(backfill.remaining.length, 'gap')} the exchange cannot fill (the report above is after the backfill)`,
        ]),
  ];
  return lines.join('\n');
}
