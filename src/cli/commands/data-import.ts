import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { type ImportSummary, importCandleFile } from '../../marketdata/import/import-file.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../marketdata/import/read-file.js';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';
import {
  count,
  createProgress,
  iso,
  parsePositiveInt,
  plural,
  type SeriesFlags,
  withSeriesFlags,
} from './data-options.js';

interface ImportFlags extends SeriesFlags {
  format: ImportFormat;
  asset?: string;
  align?: boolean;
  ignoreSpacing?: boolean;
  chunkSize?: number;
}

const HELP = `
Formats (auto: by content, then extension; .gz files are gunzipped):
  csv             header recognised case-insensitively (unix|timestamp|time|date|open_time …, open|o, high|h,
                  low|l, close|c|price, volume|vol|Volume <base>|VolumeFrom …), delimiter , ; or tab,
                  banner lines before the header skipped; or headerless Binance klines (12 columns).
                  Timestamps: epoch s/ms/µs (per row, by magnitude), ISO dates, 'YYYY-MM-DD HH:MM:SS',
                  '2017-08-17 04-AM'; no zone means UTC.
  freqtrade-json  [[ts_ms, open, high, low, close, volume], …]
  json            freqtrade arrays, records, or pandas column-dict / split layouts
  feather         Arrow IPC / Feather v2 (LZ4 or ZSTD compressed too)

Rows may be in any order (newest first is common). Duplicate timestamps: identical rows collapse (counted);
rows with different values keep the FIRST row in the file and quarantine the others. Rows that cannot be
read (empty, NULL or non-numeric cells, bad timestamps) go to candle_quarantine with the reason, the raw row
and FILE:LINE (FILE#RECORD for JSON/Arrow); nothing is dropped silently. Importing the same file again
changes nothing. Several volume columns: the base-asset one is used (the summary says which).
Multi-asset files (BTC:open … ETH:open … side by side) need --asset.

Exit codes: 0 imported; 1 the file cannot be read (nothing written), its spacing contradicts --timeframe,
or the database failed; 2 bad flags.`;

export function registerDataImport(data: Command, ctx: CommandContext): void {
  withSeriesFlags(
    data
      .command('import')
      .description('import candles from a CSV, JSON or Feather file into the store')
      .argument('<file>', 'the candle file'),
  )
    .addOption(
      new Option('--format <format>', 'file format')
        .choices([...IMPORT_FORMATS])
        .default('auto' as ImportFormat),
    )
    .option('--asset <prefix>', 'multi-asset files: the asset whose columns to import (BTC for BTC:open …)')
    .option(
      '--align',
      'floor each timestamp to the start of its timeframe bucket (e.g. month-end dated 1M candles)',
    )
    .option('--ignore-spacing', 'import even when the spacing of the candles is not --timeframe')
    .option('--chunk-size <n>', 'candles per write transaction (default 10000)', parsePositiveInt)
    .addHelpText('after', HELP)
    .action((file: string, flags: ImportFlags) =>
      withDatabase(
        ctx,
        async (database) => {
          const progress = await createProgress(ctx);
          try {
            const summary = await importCandleFile(database, resolve(ctx.io.cwd, file), {
              label: file,
              exchange: flags.exchange,
              symbol: flags.symbol,
              timeframe: flags.timeframe,
              format: flags.format,
              ...(flags.asset === undefined ? {} : { asset: flags.asset }),
              ...(flags.align ? { align: true } : {}),
              ...(flags.ignoreSpacing ? { ignoreSpacing: true } : {}),
              ...(flags.chunkSize === undefined ? {} : { chunkSize: flags.chunkSize }),
              onProgress: (phase, done, total) =>
                progress.update(phase === 'read' ? 'reading' : 'writing', done, total),
            });
            progress.stop();
            ctx.print(summary, () => describeImport(summary));
          } finally {
            progress.stop();
          }
        },
        { migrate: true },
      ),
    );
}

function orderNote(summary: ImportSummary): string {
  if (summary.order === 'descending') return 'newest first, sorted';
  if (summary.order === 'unordered') return 'out of order, sorted';
  return 'oldest first';
}

function duplicates(s: ImportSummary): string {
  const { collapsed, conflicting } = s.duplicates;
  if (collapsed + conflicting === 0) return 'none';
  return `${count(collapsed + conflicting)} (${count(collapsed)} identical, collapsed; ${count(conflicting)} conflicting, first row kept)`;
}

export function describeImport(s: ImportSummary): string {
  const reasons = Object.entries(s.quarantined.byReason)
    .map(([reason, n]) => `${reason} ${count(n)}`)
    .join(', ');
  const volume =
    s.columns.volume === null
      ? s.columns.volumeWhy
      : `'${s.columns.volume}' (${s.columns.volumeWhy})${s.columns.volumeIgnored.length > 0 ? `; not used: ${s.columns.volumeIgnored.map((c) => `'${c}'`).join(', ')}` : ''}`;
  const lines = [
    `Imported ${s.file} (${s.format}) into ${s.exchange} ${s.symbol} ${s.timeframe}`,
    `  rows read      ${count(s.rowsRead)} (${orderNote(s)})`,
    `  candles        ${count(s.candles)}: ${count(s.written)} written, ${count(s.unchanged)} unchanged`,
    `  duplicates     ${duplicates(s)}`,
    `  quarantined    ${s.quarantined.total === 0 ? 'none' : `${count(s.quarantined.total)} (${reasons}); ${count(s.quarantined.added)} new in candle_quarantine`}`,
    ...(s.emptyRows > 0
      ? [`  no data        ${plural(s.emptyRows, 'row')} without values for this asset (not listed yet)`]
      : []),
    `  range          ${iso(s.from)} .. ${iso(s.to)}`,
    `  gaps           ${plural(s.gaps.length, 'gap')}, ${plural(s.missingCandles, 'missing candle')}`,
    `  columns        timestamp '${s.columns.timestamp}', volume ${volume}`,
    ...s.notes.map((n) => `  note           ${n}`),
    ...s.warnings.map((w) => `  warning        ${w}`),
  ];
  return lines.join('\n');
}
