/**
 * The CSV candle parser, fed one line at a time (so files are streamed, never read whole). It finds the
 * layout in the first lines: banner lines (CryptoDataDownload's URL line) are skipped, the delimiter
 * (`,` `;` tab) is the one under which a line reads as a header, and a file whose first line is all numbers
 * is a headerless kline file (Binance's 12 columns, or plain ts,o,h,l,c,v).
 */

import { QuantLabError } from '../../core/errors.js';
import { parseNumberCell, parseTimestampCell } from './cells.js';
import { type ColumnLayout, type ColumnOptions, recogniseColumns } from './columns.js';
import { cellReason, type ParsedRows, RowBuffer, type RowProblem } from './rows.js';

const DELIMITERS = [',', ';', '\t'] as const;
/** Lines before the header that may be banners; more than this and the file is not an OHLCV table. */
const MAX_BANNER_LINES = 5;
const BINANCE_KLINE_COLUMNS = 12;

/** Splits one CSV line; handles double-quoted cells with `""` escapes (cells do not span lines). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

function isNumericKline(cells: readonly string[]): boolean {
  return cells.length >= 6 && cells.slice(0, 6).every((c) => parseNumberCell(c).ok);
}

const HEADERLESS: Omit<ColumnLayout, 'tsName' | 'volumeChoice'> = {
  ts: 0,
  open: 1,
  high: 2,
  low: 3,
  close: 4,
  volume: 5,
};

export class CsvCandleParser {
  private lineNo = 0;
  private layout: ColumnLayout | undefined;
  private delimiter = ',';
  private headers: string[] | undefined;
  private bannerLines = 0;
  private readonly rows = new RowBuffer();
  private readonly problems: RowProblem[] = [];
  private rowsRead = 0;
  private emptyRows = 0;
  private readonly notes: string[] = [];
  private maxIndex = 0;

  constructor(private readonly options: ColumnOptions) {}

  /** Feeds the next line of the file (without its line break). */
  pushLine(text: string): void {
    this.lineNo += 1;
    const line = this.lineNo === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (line.trim() === '') return;
    if (this.layout === undefined) {
      if (!this.detect(line)) return;
    }
    this.parseRow(line);
  }

  /** Returns true when `line` is the first data row (headerless files), false when it was consumed. */
  private detect(line: string): boolean {
    for (const delimiter of DELIMITERS) {
      const cells = splitCsvLine(line, delimiter);
      if (cells.length < 2) continue;
      const layout = recogniseColumns(cells, this.options);
      if (layout !== undefined) {
        this.adopt(layout, delimiter, cells);
        if (layout.asset !== undefined) {
          this.notes.push(`asset ${layout.asset} of ${layout.assets!.join(', ')} (columns side by side)`);
        }
        return false;
      }
    }
    for (const delimiter of DELIMITERS) {
      const cells = splitCsvLine(line, delimiter);
      if (isNumericKline(cells)) {
        const kline = cells.length === BINANCE_KLINE_COLUMNS;
        this.adopt(
          {
            ...HEADERLESS,
            tsName: 'column 1 (no header)',
            volumeChoice: {
              column: 'column 6',
              why: kline
                ? 'Binance kline layout: base-asset volume'
                : 'headerless ts,open,high,low,close,volume',
              ignored: [],
            },
          },
          delimiter,
          undefined,
        );
        this.notes.push(
          kline ? 'headerless Binance kline CSV (12 columns)' : `headerless CSV with ${cells.length} columns`,
        );
        return true;
      }
    }
    this.bannerLines += 1;
    if (this.bannerLines > MAX_BANNER_LINES) {
      throw new QuantLabError(
        'QL_ERR_DATA_FORMAT',
        `${this.options.file}: line ${this.lineNo}: no header with open, high, low and close columns in the first ${MAX_BANNER_LINES} lines, and no numeric kline rows`,
        { details: { file: this.options.file, line: this.lineNo } },
      );
    }
    return false;
  }

  private adopt(layout: ColumnLayout, delimiter: string, headers: string[] | undefined): void {
    this.layout = layout;
    this.delimiter = delimiter;
    this.headers = headers;
    this.maxIndex = Math.max(layout.ts, layout.open, layout.high, layout.low, layout.close, layout.volume);
    if (this.bannerLines > 0) {
      this.notes.push(
        `skipped ${this.bannerLines} banner line${this.bannerLines > 1 ? 's' : ''} before the header`,
      );
    }
  }

  private problem(line: string, ts: number | null, reason: string, message: string): void {
    this.problems.push({
      position: this.lineNo,
      ts,
      reason,
      message: `line ${this.lineNo}: ${message}`,
      raw: this.describeRaw(line),
    });
  }

  private parseRow(line: string): void {
    const layout = this.layout!;
    this.rowsRead += 1;
    const cells = splitCsvLine(line, this.delimiter);
    if (cells.length <= this.maxIndex) {
      this.problem(
        line,
        null,
        'column-count',
        `${cells.length} cells, expected at least ${this.maxIndex + 1}`,
      );
      return;
    }
    const valueIndexes = [layout.open, layout.high, layout.low, layout.close, layout.volume];
    if (layout.asset !== undefined && valueIndexes.every((i) => i < 0 || cells[i]!.trim() === '')) {
      this.emptyRows += 1;
      return;
    }
    const ts = parseTimestampCell(cells[layout.ts]);
    if (!ts.ok) {
      const reason = cellReason('ts', ts.problem);
      this.problem(
        line,
        null,
        reason,
        `timestamp ${JSON.stringify(cells[layout.ts]?.trim() ?? '')} (${reason})`,
      );
      return;
    }
    const decimalComma = this.delimiter !== ',';
    const values: number[] = [];
    const bad: string[] = [];
    let reason = '';
    for (const [name, index] of [
      ['open', layout.open],
      ['high', layout.high],
      ['low', layout.low],
      ['close', layout.close],
    ] as const) {
      const cell = parseNumberCell(cells[index], decimalComma);
      if (cell.ok) values.push(cell.value);
      else {
        reason ||= cellReason('value', cell.problem);
        bad.push(`${name} ${JSON.stringify(cells[index]!.trim())}`);
      }
    }
    let volume = Number.NaN;
    if (layout.volume >= 0) {
      const cell = parseNumberCell(cells[layout.volume], decimalComma);
      if (cell.ok) volume = cell.value;
      else if (cell.problem === 'not-numeric') {
        reason ||= cellReason('value', cell.problem);
        bad.push(`volume ${JSON.stringify(cells[layout.volume]!.trim())}`);
      }
      // An empty or NULL volume is decided at the end: absent in every row means "no volume".
    }
    if (bad.length > 0) {
      this.problem(line, ts.value, reason, `unreadable ${bad.join(', ')}`);
      return;
    }
    this.rows.push(ts.value, values[0]!, values[1]!, values[2]!, values[3]!, volume, this.lineNo, line);
  }

  /** A CSV row as stored in quarantine: header → cell, or the cells when the file has no header. */
  describeRaw = (raw: unknown): unknown => {
    if (typeof raw !== 'string') return raw;
    const cells = splitCsvLine(raw, this.delimiter);
    if (this.headers === undefined) return cells;
    const record: Record<string, string> = {};
    cells.forEach((cell, i) => {
      let key = this.headers![i]?.trim() || `column ${i + 1}`;
      if (key in record) key = `${key} (${i + 1})`;
      record[key] = cell;
    });
    return record;
  };

  /** Ends the file; throws when no header or data row was found. */
  finish(): ParsedRows {
    if (this.layout === undefined) {
      throw new QuantLabError(
        'QL_ERR_DATA_FORMAT',
        `${this.options.file}: no OHLCV header or kline rows found${this.lineNo === 0 ? ' (the file is empty)' : ''}`,
        { details: { file: this.options.file } },
      );
    }
    return {
      rows: this.rows,
      problems: this.problems,
      rowsRead: this.rowsRead,
      emptyRows: this.emptyRows,
      columns: { timestamp: this.layout.tsName, volume: this.layout.volumeChoice },
      describeRaw: this.describeRaw,
      notes: this.notes,
    };
  }
}
