import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXPORT_HEADER, exportCandlesCsv } from '../../marketdata/export.js';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';
import {
  checkTimeRange,
  count,
  iso,
  parseTimeOption,
  type SeriesFlags,
  withSeriesFlags,
} from './data-options.js';

interface ExportFlags extends SeriesFlags {
  from?: number;
  to?: number;
  out: string;
  datetime?: boolean;
}

export function registerDataExport(data: Command, ctx: CommandContext): void {
  withSeriesFlags(data.command('export').description('write a stored series to a CSV file'))
    .option('--from <time>', 'first candle (date, UTC date-time or epoch ms)', parseTimeOption)
    .option('--to <time>', 'last candle (inclusive)', parseTimeOption)
    .requiredOption('--out <file>', 'the CSV file to write (replaced if it exists)')
    .option('--datetime', 'add an ISO 8601 UTC datetime column after volume')
    .addHelpText(
      'after',
      `
The file has the header ${EXPORT_HEADER} (timestamp: candle open time in epoch ms; numbers
exactly as stored), so \`data import\` reads it back to the same candles. It is written to a temporary file
and renamed: a failed export leaves no partial file.
Exit codes: 0 exported; 1 no such series, or the file cannot be written; 2 bad flags.`,
    )
    .action((flags: ExportFlags, command: Command) => {
      checkTimeRange(command, flags.from, flags.to);
      return withDatabase(ctx, async (database) => {
        const summary = await exportCandlesCsv(database, resolve(ctx.io.cwd, flags.out), {
          exchange: flags.exchange,
          symbol: flags.symbol,
          timeframe: flags.timeframe,
          ...(flags.from === undefined ? {} : { from: flags.from }),
          ...(flags.to === undefined ? {} : { to: flags.to }),
          ...(flags.datetime ? { datetime: true } : {}),
        });
        const result = { ...summary, file: flags.out };
        ctx.print(
          result,
          () =>
            `Exported ${count(result.rows)} candles (${iso(result.from)} .. ${iso(result.to)}) to ${flags.out}`,
        );
      });
    });
}
