import { describe, expect, it } from 'vitest';
import {
  epochToMs,
  parseDateTime,
  parseNumberCell,
  parseTimestampCell,
  parseTimestampValue,
} from './cells.js';

describe('parseNumberCell', () => {
  it('reads decimals and exponents, and names what is wrong otherwise', () => {
    expect(parseNumberCell(' 27385.00000000 ')).toEqual({ ok: true, value: 27385 });
    expect(parseNumberCell('2.853e-5')).toEqual({ ok: true, value: 0.00002853 });
    expect(parseNumberCell('-.5')).toEqual({ ok: true, value: -0.5 });
    expect(parseNumberCell('')).toEqual({ ok: false, problem: 'missing' });
    expect(parseNumberCell(undefined)).toEqual({ ok: false, problem: 'missing' });
    expect(parseNumberCell('NULL')).toEqual({ ok: false, problem: 'null' });
    expect(parseNumberCell('NaN')).toEqual({ ok: false, problem: 'null' });
    expect(parseNumberCell('abc')).toEqual({ ok: false, problem: 'not-numeric' });
    // Number() would read these; a candle file must not.
    expect(parseNumberCell('0x10')).toEqual({ ok: false, problem: 'not-numeric' });
    expect(parseNumberCell('Infinity')).toEqual({ ok: false, problem: 'not-numeric' });
    // Decimal syntax, but beyond a double: it would be stored as Infinity, which the store refuses.
    expect(parseNumberCell('1e999')).toEqual({ ok: false, problem: 'not-numeric' });
    expect(parseNumberCell(`${'9'.repeat(400)},5`, true)).toEqual({ ok: false, problem: 'not-numeric' });
  });

  it('accepts a decimal comma only when asked (files not delimited by commas)', () => {
    expect(parseNumberCell('1234,5')).toEqual({ ok: false, problem: 'not-numeric' });
    expect(parseNumberCell('1234,5', true)).toEqual({ ok: true, value: 1234.5 });
  });
});

describe('timestamps', () => {
  it('tells seconds, milliseconds, microseconds and nanoseconds apart by magnitude', () => {
    const ms = Date.UTC(2017, 7, 17, 4);
    expect(epochToMs(ms / 1000)).toBe(ms);
    expect(epochToMs(ms)).toBe(ms);
    expect(epochToMs(ms * 1000 + 999)).toBe(ms);
    expect(epochToMs(ms * 1e6)).toBe(ms);
    // CryptoDataDownload: seconds with `.0` in old rows, milliseconds in new ones, in one file.
    expect(parseTimestampCell('1502942400.0')).toEqual({ ok: true, value: 1502942400000 });
    expect(parseTimestampCell('1609286400000')).toEqual({ ok: true, value: 1609286400000 });
  });

  it('reads ISO and exporter date formats as UTC', () => {
    const at = (...parts: number[]) =>
      Date.UTC(parts[0]!, parts[1]! - 1, parts[2]!, parts[3] ?? 0, parts[4] ?? 0);
    expect(parseDateTime('2017-08-17')).toBe(at(2017, 8, 17));
    expect(parseDateTime('2019-07-04 01:00')).toBe(at(2019, 7, 4, 1));
    expect(parseDateTime('2021-12-31 23:01:00.000000')).toBe(at(2021, 12, 31, 23, 1));
    expect(parseDateTime('2020-12-30T00:00:00Z')).toBe(at(2020, 12, 30));
    expect(parseDateTime('2020-12-30T02:00:00+02:00')).toBe(at(2020, 12, 30));
    expect(parseDateTime('2020-12-30T00:00:00.123Z')).toBe(at(2020, 12, 30) + 123);
    expect(parseDateTime('2017-08-17 04-AM')).toBe(at(2017, 8, 17, 4));
    expect(parseDateTime('2017-11-12 12-AM')).toBe(at(2017, 11, 12, 0));
    expect(parseDateTime('2017-11-12 12-PM')).toBe(at(2017, 11, 12, 12));
    expect(parseDateTime('2017-11-12 01-PM')).toBe(at(2017, 11, 12, 13));
  });

  it('rejects impossible dates and unknown text', () => {
    expect(parseDateTime('2021-02-30')).toBeUndefined();
    expect(parseDateTime('2021-13-01')).toBeUndefined();
    expect(parseDateTime('2021-01-01 13-PM')).toBeUndefined();
    expect(parseDateTime('01/02/2021')).toBeUndefined();
    expect(parseTimestampCell('yesterday')).toEqual({ ok: false, problem: 'unparseable' });
    expect(parseTimestampCell('')).toEqual({ ok: false, problem: 'missing' });
    expect(parseTimestampCell('NULL')).toEqual({ ok: false, problem: 'null' });
  });

  it('rejects numbers no date can hold instead of passing them on as timestamps', () => {
    expect(parseTimestampCell('1e400')).toEqual({ ok: false, problem: 'unparseable' });
    expect(parseTimestampCell('1e30')).toEqual({ ok: false, problem: 'unparseable' });
    expect(parseTimestampValue(1e30)).toEqual({ ok: false, problem: 'unparseable' });
    expect(parseTimestampValue(10n ** 40n)).toEqual({ ok: false, problem: 'unparseable' });
    expect(parseTimestampValue(new Date(Number.NaN))).toEqual({ ok: false, problem: 'unparseable' });
    // The largest ns epoch an Arrow int64 holds is still a date (2262).
    expect(parseTimestampValue(2n ** 63n - 1n)).toMatchObject({ ok: true });
  });

  it('reads typed values from JSON and Arrow', () => {
    expect(parseTimestampValue(1637110800000)).toEqual({ ok: true, value: 1637110800000 });
    expect(parseTimestampValue(1637110800000000000n)).toEqual({ ok: true, value: 1637110800000 });
    expect(parseTimestampValue(new Date(5000))).toEqual({ ok: true, value: 5000 });
    expect(parseTimestampValue(null)).toEqual({ ok: false, problem: 'missing' });
    expect(parseTimestampValue({})).toEqual({ ok: false, problem: 'unparseable' });
  });
});
