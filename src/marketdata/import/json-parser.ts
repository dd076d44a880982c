/**
 * JSON candle files: freqtrade's `[[ts_ms, o, h, l, c, v], …]`, records `[{ "date": …, "open": … }, …]`, and
 * pandas' column-dict (`{"date": {"0": ms, …}, "open": {…}}`, freqtrade's orderflow candles) and `split`
 * (`{"columns", "index", "data"}`) layouts. Positions are 0-based record indexes.
 */

import { QuantLabError } from '../../core/errors.js';
import { parseNumberValue, parseTimestampValue } from './cells.js';
import { type ColumnLayout, type ColumnOptions, recogniseColumns } from './columns.js';
import { jsonErrorPosition } from './json-syntax.js';
import { cellReason, type ParsedRows, RowBuffer, type RowProblem } from './rows.js';

export type JsonShape = 'freqtrade' | 'records' | 'pandas-columns' | 'pandas-split';

function formatError(file: string, message: string, details: Record<string, unknown> = {}): QuantLabError {
  return new QuantLabError('QL_ERR_DATA_FORMAT', `${file}: ${message}`, { details: { file, ...details } });
}

/** JSON.parse with the failing line and column in the error. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = jsonErrorPosition(text);
    const reason = error instanceof Error ? error.message : String(error);
    if (position === undefined) throw formatError(file, `not valid JSON (${reason})`);
    throw formatError(file, `line ${position.line}: not valid JSON at column ${position.column}`, position);
  }
}

/** Tells the JSON layouts apart; undefined when it is none of them. */
export function jsonShape(value: unknown): JsonShape | undefined {
  if (Array.isArray(value)) {
    const first = value.find((v) => v !== null);
    if (Array.isArray(first)) return 'freqtrade';
    if (typeof first === 'object') return 'records';
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.columns) && Array.isArray(object.data)) return 'pandas-split';
  const columns = Object.values(object);
  if (columns.length > 0 && columns.every((c) => typeof c === 'object' && c !== null))
    return 'pandas-columns';
  return undefined;
}

/** One table as named columns of per-record values, whatever the JSON layout. */
interface Table {
  headers: string[];
  /** Record count. */
  length: number;
  cell(record: number, column: number): unknown;
  /** The record's own position (pandas index when numeric). */
  position(record: number): number;
  raw(record: number): unknown;
  /** False when the record is not a row at all (a number where an array belongs). */
  isRow?(record: number): boolean;
}

function freqtradeTable(rows: unknown[]): Table {
  return {
    headers: ['date', 'open', 'high', 'low', 'close', 'volume'],
    length: rows.length,
    cell: (r, c) => (Array.isArray(rows[r]) ? (rows[r] as unknown[])[c] : undefined),
    position: (r) => r,
    raw: (r) => rows[r],
    isRow: (r) => Array.isArray(rows[r]),
  };
}

function recordsTable(rows: unknown[]): Table {
  const headers = [...new Set(rows.slice(0, 100).flatMap((r) => (isObject(r) ? Object.keys(r) : [])))];
  return {
    headers,
    length: rows.length,
    cell: (r, c) => (isObject(rows[r]) ? rows[r][headers[c]!] : undefined),
    position: (r) => r,
    raw: (r) => rows[r],
    isRow: (r) => isObject(rows[r]),
  };
}

function pandasColumnsTable(object: Record<string, unknown>): Table {
  const headers = Object.keys(object);
  const columns = headers.map((h) => object[h] as Record<string, unknown>);
  // Records are keyed by the pandas index; the first column that has keys lists them.
  const keys = Object.keys(columns.find((c) => Object.keys(c).length > 0) ?? {});
  return {
    headers,
    length: keys.length,
    cell: (r, c) => columns[c]![keys[r]!],
    position: (r) => (/^\d+$/.test(keys[r]!) ? Number(keys[r]) : r),
    raw: (r) => Object.fromEntries(headers.map((h, c) => [h, columns[c]![keys[r]!] ?? null])),
  };
}

function pandasSplitTable(object: { columns: unknown[]; data: unknown[]; index?: unknown[] }): Table {
  const headers = object.columns.map(String);
  const hasIndex = Array.isArray(object.index) && object.index.length === object.data.length;
  // `split` puts the dates in `index` when they were the DataFrame index: expose it as a first column.
  const all = hasIndex ? ['', ...headers] : headers;
  return {
    headers: all,
    length: object.data.length,
    cell: (r, c) => {
      if (hasIndex && c === 0) return object.index![r];
      const row = object.data[r];
      return Array.isArray(row) ? row[hasIndex ? c - 1 : c] : undefined;
    },
    position: (r) => r,
    raw: (r) => object.data[r],
    isRow: (r) => Array.isArray(object.data[r]),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toTable(value: unknown, shape: JsonShape): Table {
  switch (shape) {
    case 'freqtrade':
      return freqtradeTable(value as unknown[]);
    case 'records':
      return recordsTable(value as unknown[]);
    case 'pandas-columns':
      return pandasColumnsTable(value as Record<string, unknown>);
    case 'pandas-split':
      return pandasSplitTable(value as { columns: unknown[]; data: unknown[]; index?: unknown[] });
  }
}

/** Reads candles from a parsed column table (JSON or Arrow). */
export function readTable(table: Table, options: ColumnOptions, notes: string[]): ParsedRows {
  const layout = recogniseColumns(table.headers, options);
  if (layout === undefined) {
    throw formatError(
      options.file,
      `no open, high, low and close columns (found: ${table.headers.join(', ')})`,
    );
  }
  return readWithLayout(table, layout, notes);
}

function readWithLayout(table: Table, layout: ColumnLayout, notes: string[]): ParsedRows {
  const rows = new RowBuffer();
  const problems: RowProblem[] = [];
  let emptyRows = 0;
  const prices = [
    ['open', layout.open],
    ['high', layout.high],
    ['low', layout.low],
    ['close', layout.close],
  ] as const;
  const valueCells = [...prices.map(([, i]) => i), layout.volume].filter((i) => i >= 0);
  for (let r = 0; r < table.length; r++) {
    const position = table.position(r);
    const problem = (ts: number | null, reason: string, message: string) =>
      problems.push({ position, ts, reason, message: `record ${position}: ${message}`, raw: table.raw(r) });
    if (table.isRow !== undefined && !table.isRow(r)) {
      problem(null, 'row-shape', `expected a candle array or record, got ${JSON.stringify(table.raw(r))}`);
      continue;
    }
    if (layout.asset !== undefined && valueCells.every((i) => table.cell(r, i) == null)) {
      emptyRows += 1;
      continue;
    }
    const ts = parseTimestampValue(table.cell(r, layout.ts));
    if (!ts.ok) {
      const reason = cellReason('ts', ts.problem);
      problem(
        null,
        reason,
        `timestamp ${JSON.stringify(table.cell(r, layout.ts)) ?? 'undefined'} (${reason})`,
      );
      continue;
    }
    const values: number[] = [];
    const bad: string[] = [];
    let reason = '';
    for (const [name, index] of prices) {
      const cell = parseNumberValue(table.cell(r, index));
      if (cell.ok) values.push(cell.value);
      else {
        reason ||= cellReason('value', cell.problem);
        bad.push(`${name} ${JSON.stringify(table.cell(r, index)) ?? 'undefined'}`);
      }
    }
    let volume = Number.NaN;
    if (layout.volume >= 0) {
      const cell = parseNumberValue(table.cell(r, layout.volume));
      if (cell.ok) volume = cell.value;
      else if (cell.problem === 'not-numeric') {
        reason ||= cellReason('value', cell.problem);
        bad.push(`volume ${JSON.stringify(table.cell(r, layout.volume))}`);
      }
    }
    if (bad.length > 0) {
      problem(ts.value, reason, `unreadable ${bad.join(', ')}`);
      continue;
    }
    rows.push(ts.value, values[0]!, values[1]!, values[2]!, values[3]!, volume, position, r);
  }
  if (layout.asset !== undefined) notes.push(`asset ${layout.asset} of ${layout.assets!.join(', ')}`);
  return {
    rows,
    problems,
    rowsRead: table.length,
    emptyRows,
    columns: { timestamp: layout.tsName, volume: layout.volumeChoice },
    describeRaw: (raw: unknown) => (typeof raw === 'number' ? table.raw(raw) : raw),
    notes,
  };
}

/** Parses JSON candle text. `requireShape` enforces one layout (`--format freqtrade-json`). */
export function parseJsonCandles(
  text: string,
  options: ColumnOptions,
  requireShape?: JsonShape,
): ParsedRows & { shape: JsonShape } {
  const value = parseJsonText(text, options.file);
  const shape = jsonShape(value);
  if (shape === undefined || (requireShape !== undefined && shape !== requireShape)) {
    const expected =
      requireShape === 'freqtrade'
        ? 'an array of [timestamp, open, high, low, close, volume] arrays'
        : 'candle arrays, records, or a pandas column dict';
    throw formatError(options.file, `expected ${expected}${shape ? ` (found the ${shape} layout)` : ''}`);
  }
  const notes = [`JSON, ${shape} layout`];
  return { ...readTable(toTable(value, shape), options, notes), shape };
}

export type { Table as ColumnTable };
