/**
 * What the file parsers produce: candle rows in parallel arrays (no object per row) plus one problem per
 * row that could not be read. A row is either a candle or a problem (or, for a multi-asset file, a row
 * where the chosen asset has no values yet), so `rowsRead` always adds up: nothing is dropped silently.
 */

import type { CellProblem } from './cells.js';

/** A data row that could not become a candle; it is quarantined with its raw content. */
export interface RowProblem {
  /** 1-based line for CSV, 0-based record index for JSON and Arrow files. */
  position: number;
  /** The timestamp when it could be read. */
  ts: number | null;
  /** Stable, machine-readable: `ts-missing`, `value-null`, `duplicate-conflict`, … */
  reason: string;
  /** For a person. */
  message: string;
  /** The row as it was in the file (header → cell, or the array / record). */
  raw: unknown;
}

/** Problem reasons for a cell, by column kind. */
export function cellReason(kind: 'ts' | 'value', problem: CellProblem): string {
  if (kind === 'ts') return problem === 'missing' || problem === 'null' ? 'ts-missing' : 'ts-unparseable';
  return problem === 'missing' ? 'value-missing' : problem === 'null' ? 'value-null' : 'value-not-numeric';
}

/** Growable parallel arrays of parsed rows, in file order. Volume is NaN where the cell was absent. */
export class RowBuffer {
  ts: number[] = [];
  open: number[] = [];
  high: number[] = [];
  low: number[] = [];
  close: number[] = [];
  volume: number[] = [];
  /** Where each row came from (line or record index). */
  position: number[] = [];
  /** Raw content per row (a line of text, an array, a record index): kept to quarantine duplicates. */
  raw: unknown[] = [];

  get length(): number {
    return this.ts.length;
  }

  push(
    ts: number,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    position: number,
    raw: unknown,
  ): void {
    this.ts.push(ts);
    this.open.push(open);
    this.high.push(high);
    this.low.push(low);
    this.close.push(close);
    this.volume.push(volume);
    this.position.push(position);
    this.raw.push(raw);
  }
}

/** How the volume column was chosen, reported in the import summary. */
export interface VolumeChoice {
  /** The column used, or null when the file has none (volume stored as 0). */
  column: string | null;
  why: string;
  /** Other volume-like columns that were not used. */
  ignored: string[];
}

/** Everything a parser found in a file, before sorting and de-duplication. */
export interface ParsedRows {
  rows: RowBuffer;
  problems: RowProblem[];
  /** Data rows seen (banner, header and blank lines excluded). */
  rowsRead: number;
  /** Multi-asset files: rows where the selected asset has no values at all (before its listing). */
  emptyRows: number;
  /** The column names used (`timestamp`, `volume`, …), for the summary. */
  columns: { timestamp: string; volume: VolumeChoice };
  /**
   * Turns a kept row's `raw` (RowBuffer) into what is stored in quarantine (header → cell for CSV), for
   * rows found bad later (conflicting duplicates). Problems' `raw` is already in that form.
   */
  describeRaw(raw: unknown): unknown;
  /** Notes for the summary (banner lines skipped, asset chosen, …). */
  notes: string[];
}
