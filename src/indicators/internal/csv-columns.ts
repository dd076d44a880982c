/**
 * Test support: reads the numeric columns of a small reference CSV (the StockCharts worksheets in
 * shared/data) by header name; empty cells become NaN.
 */
import { readFileSync } from 'node:fs';

export function readCsvColumns(path: string): Record<string, Float64Array> {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',');
  const cells = rows.map((row) => row.split(','));
  return Object.fromEntries(
    names.map((name, column) => [
      name,
      Float64Array.from(cells, (row) =>
        row[column] === '' || row[column] === undefined ? Number.NaN : Number(row[column]),
      ),
    ]),
  );
}
