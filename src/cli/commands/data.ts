/**
 * The `data` command group (DESIGN.md §4.3): download, import, check, list, resample, export.
 */

import type { Command } from 'commander';
import { listCandleSeries, type SeriesSummary } from '../../marketdata/series-list.js';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';
import { registerDataCheck } from './data-check.js';
import { registerDataDownload } from './data-download.js';
import { registerDataExport } from './data-export.js';
import { registerDataImport } from './data-import.js';
import { count, iso } from './data-options.js';
import { registerDataResample } from './data-resample.js';

/** Registers `data` and its verbs; returns the group so more verbs can be added to it. */
export function registerData(program: Command, ctx: CommandContext): Command {
  const data = program
    .command('data')
    .description('market data: download, import, check, list, resample and export candle series');
  registerDataImport(data, ctx);
  registerDataCheck(data, ctx);
  registerDataList(data, ctx);
  registerDataResample(data, ctx);
  registerDataExport(data, ctx);
  registerDataDownload(data, ctx);
  return data;
}

function registerDataList(data: Command, ctx: CommandContext): void {
  data
    .command('list')
    .description('list stored candle series with their range, count and missing candles')
    .option('--exchange <name>', 'only this exchange')
    .option('--symbol <symbol>', 'only this symbol')
    .addHelpText(
      'after',
      `
missingCandles = candles a complete series from the first to the last stored candle would hold, minus the
candles stored (calendar months for 1M). --json prints
[{ exchange, symbol, timeframe, from, to, count, missingCandles }] with times in epoch ms.`,
    )
    .action((flags: { exchange?: string; symbol?: string }) =>
      withDatabase(ctx, async (database) => {
        const series = await listCandleSeries(database, {
          ...(flags.exchange === undefined ? {} : { exchange: flags.exchange }),
          ...(flags.symbol === undefined ? {} : { symbol: flags.symbol }),
        });
        ctx.print(series, () => describeSeries(series));
      }),
    );
}

export function describeSeries(series: readonly SeriesSummary[]): string {
  if (series.length === 0)
    return 'No candle series stored (quantlab data import or data download adds some).';
  const header = ['exchange', 'symbol', 'timeframe', 'from', 'to', 'count', 'missing'];
  const rows = series.map((s) => [
    s.exchange,
    s.symbol,
    s.timeframe,
    iso(s.from),
    iso(s.to),
    count(s.count),
    s.missingCandles === null ? '?' : count(s.missingCandles),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([5, 6]);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
