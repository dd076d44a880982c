import { constants } from 'node:buffer';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readCandleFile } from './read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ql-read-'));
const T = Date.UTC(2024, 0, 1);
const CSV = `timestamp,open,high,low,close,volume\n${T},1,2,0.5,1.5,3\n${T + 60_000},1.5,2,1,1.8,4\n`;

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('readCandleFile', () => {
  it('gunzips .gz files and streams CSV from them', async () => {
    const result = await readCandleFile(file('candles.csv.gz', gzipSync(CSV)));
    expect(result).toMatchObject({ format: 'csv', compressed: true, positionLabel: 'line' });
    expect(result.parsed.rows.close).toEqual([1.5, 1.8]);
  });

  it('detects JSON and Arrow by content whatever the extension', async () => {
    const json = await readCandleFile(file('candles.txt', `  [[${T}, 1, 2, 0.5, 1.5, 3]]`));
    expect(json).toMatchObject({ format: 'json', positionLabel: 'record' });
    const arrow = tableToIPC(
      tableFromArrays({
        date: Float64Array.of(T, T + 60_000),
        open: Float64Array.of(1, 2),
        high: Float64Array.of(2, 3),
        low: Float64Array.of(0.5, 1),
        close: Float64Array.of(1.5, 2.5),
        volume: Float64Array.of(3, 4),
      }),
      'file',
    );
    const feather = await readCandleFile(file('candles.bin', arrow));
    expect(feather.format).toBe('feather');
    expect(feather.parsed.rows.ts).toEqual([T, T + 60_000]);
    expect(feather.parsed.rows.close).toEqual([1.5, 2.5]);
  });

  it('honours --format, and refuses a file that is not in it', async () => {
    const records = file('records.json', `[{"ts": ${T}, "open": 1, "high": 1, "low": 1, "close": 1}]`);
    expect((await readCandleFile(records, { format: 'json' })).parsed.rows.length).toBe(1);
    await expect(
      readCandleFile(records, { format: 'freqtrade-json', label: 'records.json' }),
    ).rejects.toThrow(
      'records.json: expected an array of [timestamp, open, high, low, close, volume] arrays (found the records layout)',
    );
    await expect(
      readCandleFile(file('plain.csv', CSV), { format: 'feather', label: 'plain.csv' }),
    ).rejects.toThrow(/^plain\.csv: not a readable Arrow\/Feather file/);
  });

  it('names missing files, directories, empty and corrupt files', async () => {
    await expect(readCandleFile(join(dir, 'absent.csv'), { label: 'absent.csv' })).rejects.toMatchObject({
      code: 'QL_ERR_NOT_FOUND',
      message: 'absent.csv: no such file',
    });
    mkdirSync(join(dir, 'folder.csv'));
    await expect(readCandleFile(join(dir, 'folder.csv'), { label: 'folder.csv' })).rejects.toMatchObject({
      code: 'QL_ERR_INVALID_INPUT',
      message: 'folder.csv is not a file',
    });
    await expect(readCandleFile(file('empty.csv', ''), { label: 'empty.csv' })).rejects.toMatchObject({
      code: 'QL_ERR_DATA_FORMAT',
      message: 'empty.csv: no OHLCV header or kline rows found (the file is empty)',
    });
    const corrupt = Buffer.concat([gzipSync(CSV).subarray(0, 12), Buffer.from('garbage')]);
    await expect(readCandleFile(file('bad.csv.gz', corrupt), { label: 'bad.csv.gz' })).rejects.toMatchObject({
      code: 'QL_ERR_DATA_FORMAT',
    });
  });

  it('refuses JSON too large to parse whole before reading it, and says what to do', async () => {
    // Sparse: takes no disk space and no time, but stat() reports its size.
    const path = join(dir, 'huge.json');
    closeSync(openSync(path, 'w'));
    truncateSync(path, constants.MAX_STRING_LENGTH + 1);
    await expect(readCandleFile(path, { label: 'huge.json' })).rejects.toMatchObject({
      code: 'QL_ERR_DATA_FORMAT',
      message: expect.stringMatching(
        /^huge\.json: too large to read whole \(\d+ MiB\); .* convert it to CSV/,
      ),
    });
  });

  it('names a path that cannot be read as such, not as a missing file', async () => {
    symlinkSync('loop.csv', join(dir, 'loop.csv'));
    await expect(readCandleFile(join(dir, 'loop.csv'), { label: 'loop.csv' })).rejects.toMatchObject({
      code: 'QL_ERR_INVALID_INPUT',
      message: 'loop.csv: cannot be read (ELOOP)',
    });
  });

  it('reports progress in bytes', async () => {
    const seen: Array<[number, number]> = [];
    await readCandleFile(file('progress.csv', CSV), { onBytes: (read, total) => seen.push([read, total]) });
    expect(seen.at(-1)).toEqual([CSV.length, CSV.length]);
  });
});
