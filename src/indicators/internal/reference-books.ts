/**
 * Test support (imported by `*.test.ts` only): readers for the independent indicator references in
 * `shared/data/indicators` (README §4) — Tulip Indicators' book and spreadsheet cases and the StockCharts
 * spreadsheets of bukosabino/ta. The files are read in place, never copied into the repository.
 */
import { readFileSync } from 'node:fs';
import { sharedDataPath } from '../../../test/support/shared-data.js';

/** One Tulip test case: `name options…`, then one `{…}` line per input array, then one per output array. */
export interface TulipCase {
  name: string;
  options: number[];
  /** The input arrays followed by the output arrays, in file order. */
  arrays: number[][];
  /** The same numbers as printed (their decimals are the book's precision). */
  printed: string[][];
  /** The `#` comment lines (page numbers, provenance). */
  comments: string[];
}

/** Parses `tulipindicators/<file>` (atoz.txt, extra.txt …). */
export function readTulipCases(file: string): TulipCase[] {
  const text = readFileSync(sharedDataPath('indicators', 'tulipindicators', file), 'utf8');
  const cases: TulipCase[] = [];
  let current: TulipCase | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') {
      current = undefined;
      continue;
    }
    if (line.startsWith('#')) {
      current?.comments.push(line);
      continue;
    }
    if (line.startsWith('{')) {
      const body = line.slice(1, line.lastIndexOf('}')).trim();
      const texts = body === '' ? [] : body.split(',').map((v) => v.trim());
      current?.printed.push(texts);
      current?.arrays.push(texts.map(Number));
      continue;
    }
    const [name, ...options] = line.split(/\s+/);
    current = { name: name!, options: options.map(Number), arrays: [], printed: [], comments: [] };
    cases.push(current);
  }
  return cases;
}

/** The Tulip cases named `name` in `file`. */
export function tulipCases(file: string, name: string): TulipCase[] {
  return readTulipCases(file).filter((c) => c.name === name);
}

/** Half a unit of the last printed decimal (`'0.2358'` → 0.00005): the rounding a book value carries. */
export function printedHalfUnit(printed: string): number {
  const dot = printed.indexOf('.');
  const decimals = dot < 0 ? 0 : printed.length - dot - 1;
  return 0.5 * 10 ** -decimals;
}

/** A StockCharts spreadsheet `bukosabino-ta/<file>` as columns by header name (empty cells are NaN). */
export function readStockChartsCsv(file: string): Record<string, number[]> {
  const text = readFileSync(sharedDataPath('indicators', 'bukosabino-ta', file), 'utf8');
  const [header, ...rows] = text.trim().split(/\r?\n/);
  const names = header!.split(',').map((h) => h.trim());
  const columns: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const row of rows) {
    const cells = row.split(',');
    names.forEach((name, i) => {
      const cell = (cells[i] ?? '').trim();
      columns[name]!.push(cell === '' ? Number.NaN : Number(cell));
    });
  }
  return columns;
}
