/**
 * `data import`: a candle file into the store. The whole file is parsed and checked before anything is
 * written, so a file that cannot be read, or whose spacing contradicts `--timeframe`, writes nothing.
 * Candles go through `candles.upsertMany` in chunks (idempotent: importing the same file again writes 0);
 * rows that cannot be candles go to `candle_quarantine` with their reason, raw row and `FILE:LINE`
 * (`FILE#RECORD` for JSON and Arrow), once however often the file is imported.
 */

import { resolve } from 'node:path';
import { QuantLabError } from '../../core/errors.js';
import { alignTs, type Timeframe } from '../../core/timeframe.js';
import type { Database } from '../../storage/index.js';
import { findGaps, type Gap } from '../quality/gaps.js';
import { addToQuarantine } from '../quality/quarantine-store.js';
import { normaliseRows, type RowOrder } from './normalise.js';
import { type ImportFormat, type ResolvedFormat, readCandleFile } from './read-file.js';
import type { RowProblem } from './rows.js';
import { checkSpacing, type SpacingReport } from './spacing.js';

export interface ImportOptions {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  format?: ImportFormat;
  /** Multi-asset files: the asset whose columns to import (`BTC` for `BTC:open`, …). */
  asset?: string;
  /** Floor timestamps to their bucket start (e.g. month-end labelled monthly candles). */
  align?: boolean;
  /** Import even when the candles' spacing is not the timeframe (reported as a warning). */
  ignoreSpacing?: boolean;
  /** Candles per upsertMany call (default 10,000). */
  chunkSize?: number;
  onProgress?: (phase: 'read' | 'write', done: number, total: number) => void;
  now?: number;
  /** How the file is named in messages and the summary (default: the path), e.g. as the user typed it. */
  label?: string;
}

export interface ImportSummary {
  file: string;
  format: ResolvedFormat;
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  /** Data rows in the file (banner, header and blank lines excluded). */
  rowsRead: number;
  /** Distinct candles read. */
  candles: number;
  /** Inserted or changed in the store; `unchanged` were already stored with the same values. */
  written: number;
  unchanged: number;
  duplicates: { collapsed: number; conflicting: number };
  quarantined: { total: number; added: number; byReason: Record<string, number> };
  /** Multi-asset files: rows where the chosen asset has no values (before its listing). */
  emptyRows: number;
  from: number | null;
  to: number | null;
  gaps: Gap[];
  missingCandles: number;
  order: RowOrder;
  spacing: SpacingReport | null;
  columns: { timestamp: string; volume: string | null; volumeWhy: string; volumeIgnored: string[] };
  notes: string[];
  warnings: string[];
}

const DEFAULT_CHUNK = 10_000;

function iso(ts: number): string {
  return new Date(ts).toISOString().replace('.000Z', 'Z');
}

function countByReason(problems: readonly RowProblem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of problems) counts[p.reason] = (counts[p.reason] ?? 0) + 1;
  return counts;
}

function noCandles(file: string, problems: readonly RowProblem[], rowsRead: number): QuantLabError {
  const first = problems[0];
  const why =
    first === undefined
      ? rowsRead === 0
        ? 'it has no data rows'
        : 'no row has values for the chosen asset'
      : `no row could be read as a candle; first problem: ${first.message}`;
  return new QuantLabError('QL_ERR_DATA_FORMAT', `${file}: ${why}`, {
    details: { file, rowsRead, problems: problems.length, ...(first ? { position: first.position } : {}) },
  });
}

export async function importCandleFile(
  database: Database,
  path: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const { exchange, symbol, timeframe } = options;
  const file = options.label ?? path;
  if (exchange.trim() === '' || symbol.trim() === '') {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', 'exchange and symbol must not be empty', {
      details: { exchange, symbol },
    });
  }
  const read = await readCandleFile(path, {
    label: file,
    ...(options.format === undefined ? {} : { format: options.format }),
    symbol,
    ...(options.asset === undefined ? {} : { asset: options.asset }),
    onBytes: (done, total) => options.onProgress?.('read', done, total),
  });
  const { parsed } = read;
  const normal = normaliseRows(parsed, {
    timeframe,
    positionLabel: read.positionLabel,
    ...(options.align === undefined ? {} : { align: options.align }),
  });
  const { candles, problems } = normal;
  if (candles.length === 0) throw noCandles(file, problems, parsed.rowsRead);

  const warnings: string[] = [];
  const spacing = checkSpacing(
    candles.map((c) => alignTs(c.ts, timeframe)),
    timeframe,
  );
  if (spacing !== undefined && !spacing.matches) {
    const found = `${file}: the candles are ${spacing.dominant} apart (${spacing.dominantSteps} of ${spacing.steps} steps), not ${timeframe}`;
    if (!options.ignoreSpacing) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `${found}; pass ${spacing.dominantIsTimeframe ? `--timeframe ${spacing.dominant}` : 'the matching --timeframe'} (or --ignore-spacing to import as ${timeframe} anyway)`,
        { details: { file, timeframe, spacing } },
      );
    }
    warnings.push(`${found}; imported as ${timeframe} because of --ignore-spacing`);
  } else if (spacing?.sparse) {
    warnings.push(
      `sparse data: the most common step is ${spacing.dominant}; ${spacing.timeframeSteps} of ${spacing.steps} steps are ${timeframe}`,
    );
  }
  if (normal.misaligned > 0) {
    const first = parsed.rows.ts.find((t) => alignTs(t, timeframe) !== t)!;
    warnings.push(
      options.align
        ? `${normal.misaligned} timestamps were floored to the start of their ${timeframe} bucket (--align)`
        : `${normal.misaligned} timestamps are not on a ${timeframe} bucket start (first: ${iso(first)}); data check reports them, --align floors them`,
    );
  }
  if (normal.volumeAbsent) warnings.push('no row has a volume: volume stored as 0');

  // The quarantine first: if it cannot be written, no candle is either (the import stops before any write),
  // and if a candle write fails later, the rows it records are already safe. Both writes are idempotent.
  const absolute = resolve(path);
  const separator = read.positionLabel === 'line' ? ':' : '#';
  let added: number;
  try {
    added = await addToQuarantine(
      database,
      { exchange, symbol, timeframe },
      problems.map((p) => ({
        ts: p.ts,
        reason: p.reason,
        raw: p.raw,
        source: `${absolute}${separator}${p.position}`,
      })),
      options.now,
    );
  } catch (error) {
    throw new QuantLabError(
      error instanceof QuantLabError ? error.code : 'QL_ERR_DB_QUERY',
      `${file}: ${problems.length} rejected row(s) could not be written to candle_quarantine; no candle was imported (${error instanceof Error ? error.message : String(error)})`,
      { details: { file, quarantine: problems.length }, cause: error },
    );
  }

  const chunk = options.chunkSize ?? DEFAULT_CHUNK;
  let written = 0;
  for (let start = 0; start < candles.length; start += chunk) {
    const part = candles.slice(start, start + chunk);
    try {
      written += await database.candles.upsertMany(exchange, symbol, timeframe, part);
    } catch (error) {
      if (start === 0) throw error;
      throw new QuantLabError(
        error instanceof QuantLabError ? error.code : 'QL_ERR_DB_QUERY',
        `${file}: writing stopped after ${start} of ${candles.length} candles (${error instanceof Error ? error.message : String(error)}); importing again completes it`,
        { details: { file, written: start, total: candles.length }, cause: error },
      );
    }
    options.onProgress?.('write', Math.min(candles.length, start + chunk), candles.length);
  }

  const { gaps, missingCandles } = findGaps(
    candles.map((c) => c.ts),
    timeframe,
  );
  const volume = parsed.columns.volume;
  return {
    file,
    format: read.format,
    exchange,
    symbol,
    timeframe,
    rowsRead: parsed.rowsRead,
    candles: candles.length,
    written,
    unchanged: candles.length - written,
    duplicates: normal.duplicates,
    quarantined: { total: problems.length, added, byReason: countByReason(problems) },
    emptyRows: parsed.emptyRows,
    from: candles[0]!.ts,
    to: candles[candles.length - 1]!.ts,
    gaps,
    missingCandles,
    order: normal.order,
    spacing: spacing ?? null,
    columns: {
      timestamp: parsed.columns.timestamp,
      volume: normal.volumeAbsent ? null : volume.column,
      volumeWhy: normal.volumeAbsent ? 'no volume values in the file' : volume.why,
      volumeIgnored: volume.ignored,
    },
    notes: parsed.notes,
    warnings,
  };
}
