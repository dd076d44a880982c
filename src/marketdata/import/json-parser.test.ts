import { describe, expect, it } from 'vitest';
import { jsonShape, parseJsonCandles } from './json-parser.js';
import { jsonErrorPosition } from './json-syntax.js';

const file = 'x.json';

describe('parseJsonCandles', () => {
  it('reads freqtrade arrays', () => {
    const parsed = parseJsonCandles(
      '[[1509836520000, 0.1, 0.2, 0.05, 0.15, 108.1], [1509836580000, 1, 1, 1, 1, 2]]',
      {
        file,
      },
    );
    expect(parsed.shape).toBe('freqtrade');
    expect(parsed.rows.ts).toEqual([1509836520000, 1509836580000]);
    expect(parsed.rows.volume).toEqual([108.1, 2]);
    expect(parsed.rows.position).toEqual([0, 1]);
  });

  it('reads pandas column dicts, records and split layouts', () => {
    const columns = parseJsonCandles(
      '{"date":{"0":1672677900000,"1":1672678200000},"open":{"0":1,"1":2},"high":{"0":2,"1":3},"low":{"0":1,"1":2},"close":{"0":2,"1":3},"volume":{"0":5,"1":6}}',
      { file },
    );
    expect(columns.shape).toBe('pandas-columns');
    expect(columns.rows.close).toEqual([2, 3]);
    const records = parseJsonCandles('[{"time":"2020-01-01","o":1,"h":2,"l":1,"c":2,"v":3}]', { file });
    expect(records.shape).toBe('records');
    expect(records.rows.ts).toEqual([Date.UTC(2020, 0, 1)]);
    const split = parseJsonCandles(
      '{"columns":["open","high","low","close","volume"],"index":[1577836800000],"data":[[1,2,1,2,3]]}',
      { file },
    );
    expect(split.shape).toBe('pandas-split');
    expect(split.rows.ts).toEqual([1577836800000]);
  });

  it('quarantines rows it cannot read, with the record as raw', () => {
    const parsed = parseJsonCandles('[[1, 1, 1, 1, 1, 1], [2, null, 1, 1, 1, 1], 7, [null, 1, 1, 1, 1, 1]]', {
      file,
    });
    expect(parsed.rows.length).toBe(1);
    expect(parsed.problems.map((p) => [p.position, p.reason, p.raw])).toEqual([
      [1, 'value-null', [2, null, 1, 1, 1, 1]],
      [2, 'row-shape', 7],
      [3, 'ts-missing', [null, 1, 1, 1, 1, 1]],
    ]);
  });

  it('names the line and column of a JSON syntax error', () => {
    expect(() => parseJsonCandles('[[1,1,1,1,1,1],\n[2,1,1,1,1,1],\n[3,1,1,1,1,1,]]', { file })).toThrow(
      /^x\.json: line 3: not valid JSON at column \d+$/,
    );
  });

  it('refuses other shapes, and non-freqtrade layouts when freqtrade is required', () => {
    expect(jsonShape(42)).toBeUndefined();
    expect(() => parseJsonCandles('{"a": 1}', { file })).toThrow(
      /expected candle arrays, records, or a pandas column dict/,
    );
    expect(() =>
      parseJsonCandles('[{"ts":1,"open":1,"high":1,"low":1,"close":1}]', { file }, 'freqtrade'),
    ).toThrow(
      'x.json: expected an array of [timestamp, open, high, low, close, volume] arrays (found the records layout)',
    );
  });
});

describe('jsonErrorPosition', () => {
  it('finds the first syntax error, and nothing in valid JSON', () => {
    expect(jsonErrorPosition('[1, 2,\n  3,]')).toEqual({ line: 2, column: 5 });
    expect(jsonErrorPosition('{"a": tru}')).toEqual({ line: 1, column: 7 });
    expect(jsonErrorPosition('{"a": [1, {"b": "x\\u00e9"}], "c": -1.5e3, "d": null} ')).toBeUndefined();
    expect(jsonErrorPosition('[1] 2')).toEqual({ line: 1, column: 5 });
    expect(jsonErrorPosition('')).toEqual({ line: 1, column: 1 });
  });
});
