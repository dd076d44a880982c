/**
 * Reading single cells of an OHLCV file: numbers and timestamps. Both return a problem instead of throwing,
 * because a bad cell quarantines its row, it does not stop the import.
 */

/** Why a cell could not be read; `missing` is an empty cell, `null` a NULL/NaN/None marker. */
export type CellProblem = 'missing' | 'null' | 'not-numeric' | 'unparseable';

export type CellResult = { ok: true; value: number } | { ok: false; problem: CellProblem };

const NULL_MARKERS = /^(null|nan|none|n\/a|na|nil|undefined|-)$/i;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** `1234,5`: a decimal comma, only trusted when the file is not comma-delimited. */
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** A number a candle can hold: `1e999` reads as Infinity, which no store accepts. */
function finite(value: number): CellResult {
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: 'not-numeric' };
}

/** Parses a numeric cell. `decimalComma` accepts `1234,5` (files delimited by `;` or tab). */
export function parseNumberCell(text: string | undefined, decimalComma = false): CellResult {
  const cell = text?.trim() ?? '';
  if (cell === '') return { ok: false, problem: 'missing' };
  if (DECIMAL.test(cell)) return finite(Number(cell));
  if (decimalComma && DECIMAL_COMMA.test(cell)) return finite(Number(cell.replace(',', '.')));
  if (NULL_MARKERS.test(cell)) return { ok: false, problem: 'null' };
  return { ok: false, problem: 'not-numeric' };
}

/** Epoch magnitudes: below 1e11 is seconds (up to year 5138), below 1e14 ms, below 1e17 µs, else ns. */
const SECONDS_BELOW = 1e11;
const MILLIS_BELOW = 1e14;
const MICROS_BELOW = 1e17;
/** The largest |epoch ms| a JavaScript Date holds (year 275760): anything beyond is no candle time. */
const MAX_DATE_MS = 8.64e15;

/** A timestamp a candle can carry (integer ms, a valid Date), else `unparseable`: `1e30` is no time. */
function timestamp(ms: number): CellResult {
  return Number.isInteger(ms) && Math.abs(ms) <= MAX_DATE_MS ? { ok: true, value: ms } : unparseable();
}

/**
 * An epoch number in s, ms, µs or ns, told apart by magnitude, as integer ms. Decided per value, so a file
 * that switches from seconds to milliseconds half-way (CryptoDataDownload) reads correctly. Sub-millisecond
 * parts are truncated.
 */
export function epochToMs(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < SECONDS_BELOW) return Math.round(value * 1000);
  if (magnitude < MILLIS_BELOW) return Math.floor(value);
  if (magnitude < MICROS_BELOW) return Math.floor(value / 1000);
  return Math.floor(value / 1e6);
}

/**
 * `2017-08-17`, `2017-08-17 04:00`, `2017-08-17T04:00:00.123Z`, `2021-12-31 23:01:00.000000`,
 * `2017-08-17 04:00:00+02:00`, and CryptoDataDownload's `2017-08-17 04-AM`. Without a zone it is UTC.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2})(?:(?::(\d{2}))(?::(\d{2})(?:\.(\d{1,9}))?)?|-(AM|PM))?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/** Parses a date-time string as UTC epoch ms, or returns undefined. */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, meridiem, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  let hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
  }
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const ts = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 2021-02-30 over into March: such a date is not a date.
  if (new Date(ts).getUTCDate() !== day) return undefined;
  return ts - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** A timestamp cell: an epoch number (s/ms/µs/ns by magnitude) or a date-time string, as epoch ms. */
export function parseTimestampCell(text: string | undefined): CellResult {
  const cell = text?.trim() ?? '';
  if (cell === '') return { ok: false, problem: 'missing' };
  if (DECIMAL.test(cell)) return timestamp(epochToMs(Number(cell)));
  const ts = parseDateTime(cell);
  if (ts !== undefined) return timestamp(ts);
  if (NULL_MARKERS.test(cell)) return { ok: false, problem: 'null' };
  return { ok: false, problem: 'unparseable' };
}

/** A timestamp that arrived already typed (JSON number, Arrow timestamp, string). */
export function parseTimestampValue(value: unknown): CellResult {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? timestamp(epochToMs(value)) : { ok: false, problem: 'null' };
  }
  if (typeof value === 'bigint') return timestamp(epochToMs(Number(value)));
  if (typeof value === 'string') return parseTimestampCell(value);
  if (value instanceof Date) return timestamp(value.getTime());
  return value === null || value === undefined ? { ok: false, problem: 'missing' } : unparseable();
}

function unparseable(): CellResult {
  return { ok: false, problem: 'unparseable' };
}

/** A price or volume that arrived already typed (JSON, Arrow); numeric strings are accepted. */
export function parseNumberValue(value: unknown): CellResult {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: 'null' };
  }
  if (typeof value === 'bigint') return finite(Number(value));
  if (typeof value === 'string') return parseNumberCell(value);
  if (value === null || value === undefined) return { ok: false, problem: 'null' };
  return { ok: false, problem: 'not-numeric' };
}
