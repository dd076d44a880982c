/**
 * Arrow IPC files (`.feather` v2, as pandas and freqtrade write them), including LZ4- and ZSTD-compressed
 * record batches. freqtrade's `date` column is Timestamp<ns, UTC>; apache-arrow hands timestamps out as epoch
 * ms. Positions are 0-based row indexes.
 */

import type { Table } from 'apache-arrow';
import { QuantLabError } from '../../core/errors.js';
import type { ColumnOptions } from './columns.js';
import { readTable } from './json-parser.js';
import type { ParsedRows } from './rows.js';

type TableFromIpc = (bytes: Uint8Array) => Table;
let arrow: Promise<TableFromIpc> | undefined;

/**
 * Loads apache-arrow and the two codecs Arrow IPC allows (apache-arrow ships none) on first use: they are
 * large, and every other CLI verb would pay for loading them at start.
 */
function loadArrow(): Promise<TableFromIpc> {
  arrow ??= (async () => {
    const [{ CompressionType, compressionRegistry, tableFromIPC }, { decompress: zstdDecompress }, lz4] =
      await Promise.all([import('apache-arrow'), import('fzstd'), import('lz4js')]);
    compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: (b) => lz4.decompress(b) });
    compressionRegistry.set(CompressionType.ZSTD, { decode: (b) => zstdDecompress(b) });
    return (bytes: Uint8Array) => tableFromIPC(bytes);
  })();
  return arrow;
}

/** `ARROW1` opens an Arrow file; a stream starts with the 0xFFFFFFFF continuation marker. */
export function looksLikeArrow(head: Uint8Array): boolean {
  const magic = Buffer.from(head.subarray(0, 6)).toString('latin1');
  return magic === 'ARROW1' || (head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff);
}

async function readArrow(bytes: Uint8Array, file: string): Promise<Table> {
  const tableFromIPC = await loadArrow();
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    throw new QuantLabError(
      'QL_ERR_DATA_FORMAT',
      `${file}: not a readable Arrow/Feather file (${error instanceof Error ? error.message : String(error)})`,
      { details: { file } },
    );
  }
}

/** Parses an Arrow/Feather file's bytes into candle rows. */
export async function parseFeatherCandles(bytes: Uint8Array, options: ColumnOptions): Promise<ParsedRows> {
  const table = await readArrow(bytes, options.file);
  const headers = table.schema.fields.map((f) => f.name);
  const vectors = headers.map((_, i) => table.getChildAt(i)!);
  const cell = (record: number, column: number): unknown => {
    const vector = vectors[column]!;
    return vector.isValid(record) ? vector.get(record) : null;
  };
  const raw = (record: number) =>
    Object.fromEntries(
      headers.map((h, c) => {
        const value = cell(record, c);
        return [h, typeof value === 'bigint' ? value.toString() : value];
      }),
    );
  return readTable({ headers, length: table.numRows, cell, position: (r) => r, raw }, options, [
    `Arrow/Feather, ${table.numRows} rows, ${table.batches.length} record batch(es)`,
  ]);
}
