/**
 * Opens a candle file and runs the right parser. The format is chosen by `--format`, or (auto) by content
 * first (Arrow magic bytes, a JSON `[`/`{`) and the extension after; `.gz` files are gunzipped on the fly.
 * CSV is streamed line by line; JSON and Arrow are read whole (they cannot be parsed in pieces).
 */

import { constants } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { QuantLabError } from '../../core/errors.js';
import type { ColumnOptions } from './columns.js';
import { CsvCandleParser } from './csv-parser.js';
import { looksLikeArrow, parseFeatherCandles } from './feather-parser.js';
import { parseJsonCandles } from './json-parser.js';
import type { ParsedRows } from './rows.js';

export const IMPORT_FORMATS = ['auto', 'csv', 'freqtrade-json', 'json', 'feather'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export type ResolvedFormat = Exclude<ImportFormat, 'auto'>;

export interface ReadCandleFileOptions {
  format?: ImportFormat;
  /** The market symbol (`BTC/USDT`): its base asset picks the volume column. */
  symbol?: string;
  /** Multi-asset files: which asset's columns to read. */
  asset?: string;
  /** Called as the file is read, with bytes read so far and the file size (for a progress bar). */
  onBytes?: (read: number, total: number) => void;
  /** How the file is named in messages (default: `path`), e.g. the path as the user typed it. */
  label?: string;
}

export interface ReadCandleFileResult {
  parsed: ParsedRows;
  format: ResolvedFormat;
  compressed: boolean;
  /** How parsers number rows: CSV by line, the others by record. */
  positionLabel: 'line' | 'record';
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * JSON and Arrow are parsed whole: JSON text must fit one string, and Node reads at most 2 GiB at once.
 * Beyond that the import is refused up front with a clear message instead of failing deep in a read.
 */
const WHOLE_READ_LIMIT: Record<Exclude<ResolvedFormat, 'csv'>, number> = {
  json: constants.MAX_STRING_LENGTH,
  'freqtrade-json': constants.MAX_STRING_LENGTH,
  feather: 2 ** 31 - 1,
};

/** `size`: `3072 MiB`, `more than 512 MiB gunzipped`. */
function tooLarge(file: string, size: string): QuantLabError {
  return new QuantLabError(
    'QL_ERR_DATA_FORMAT',
    `${file}: too large to read whole (${size}); JSON and Arrow files are parsed in memory: split it, or convert it to CSV, which is streamed`,
    { details: { file } },
  );
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

async function head(path: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function fileSize(path: string, label: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `${label} is not a file`, { details: { file: label } });
    }
    return info.size;
  } catch (error) {
    if (error instanceof QuantLabError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `${label}: cannot be read (${code ?? String(error)})`, {
        details: { file: label },
        cause: error,
      });
    }
    throw new QuantLabError('QL_ERR_NOT_FOUND', `${label}: no such file`, {
      details: { file: label },
      cause: error,
    });
  }
}

function resolveFormat(path: string, start: Uint8Array, requested: ImportFormat): ResolvedFormat {
  if (requested !== 'auto') return requested;
  if (looksLikeArrow(start)) return 'feather';
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (/\.(feather|arrow|ipc)$/.test(name)) return 'feather';
  const text = Buffer.from(start)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (name.endsWith('.json') || text.startsWith('[') || text.startsWith('{')) return 'json';
  return 'csv';
}

/** The first bytes of the content, decompressed when the file is gzipped. */
async function contentHead(path: string, compressed: boolean, label: string): Promise<Uint8Array> {
  if (!compressed) return head(path, 64);
  const gunzip = createReadStream(path).pipe(createGunzip());
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) return new Uint8Array(chunk.subarray(0, 64));
    return new Uint8Array();
  } catch (error) {
    throw new QuantLabError('QL_ERR_DATA_FORMAT', `${label}: not a readable gzip file`, {
      details: { file: label },
      cause: error,
    });
  } finally {
    gunzip.destroy();
  }
}

async function readAll(path: string, compressed: boolean, file: string, limit: number): Promise<Buffer> {
  const bytes = await readFile(path);
  if (!compressed) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(file, `more than ${mib(limit)} gunzipped`);
    }
    throw new QuantLabError('QL_ERR_DATA_FORMAT', `${file}: not a readable gzip file`, {
      details: { file },
      cause: error,
    });
  }
}

async function parseCsv(
  path: string,
  compressed: boolean,
  total: number,
  columns: ColumnOptions,
  onBytes: ReadCandleFileOptions['onBytes'],
): Promise<ParsedRows> {
  const parser = new CsvCandleParser(columns);
  const raw = createReadStream(path);
  let read = 0;
  raw.on('data', (chunk) => {
    read += chunk.length;
    onBytes?.(read, total);
  });
  const input: Readable = compressed ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) parser.pushLine(line);
  } catch (error) {
    if (error instanceof QuantLabError) throw error;
    throw new QuantLabError('QL_ERR_DATA_FORMAT', `${columns.file}: cannot be read (${String(error)})`, {
      details: { file: columns.file },
      cause: error,
    });
  } finally {
    lines.close();
    raw.destroy();
  }
  return parser.finish();
}

/** Reads and parses a candle file; `file` is how the file is named in messages (the path as given). */
export async function readCandleFile(
  path: string,
  options: ReadCandleFileOptions = {},
): Promise<ReadCandleFileResult> {
  const label = options.label ?? path;
  const total = await fileSize(path, label);
  const start = await head(path, 2);
  const compressed = start[0] === GZIP_MAGIC[0] && start[1] === GZIP_MAGIC[1];
  const format = resolveFormat(path, await contentHead(path, compressed, label), options.format ?? 'auto');
  const columns: ColumnOptions = {
    file: label,
    ...(options.symbol === undefined ? {} : { symbol: options.symbol }),
    ...(options.asset === undefined ? {} : { asset: options.asset }),
  };
  if (format === 'csv') {
    const parsed = await parseCsv(path, compressed, total, columns, options.onBytes);
    return { parsed, format, compressed, positionLabel: 'line' };
  }
  const limit = WHOLE_READ_LIMIT[format];
  if (total > limit) throw tooLarge(label, mib(total));
  const bytes = await readAll(path, compressed, label, limit);
  options.onBytes?.(total, total);
  if (format === 'feather') {
    return { parsed: await parseFeatherCandles(bytes, columns), format, compressed, positionLabel: 'record' };
  }
  const parsed = parseJsonCandles(
    bytes.toString('utf8').replace(/^\uFEFF/, ''),
    columns,
    format === 'freqtrade-json' ? 'freqtrade' : undefined,
  );
  return { parsed, format, compressed, positionLabel: 'record' };
}
