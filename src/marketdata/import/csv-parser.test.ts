import { describe, expect, it } from 'vitest';
import { CsvCandleParser, splitCsvLine } from './csv-parser.js';

function parse(text: string, options: { symbol?: string; asset?: string } = {}) {
  const parser = new CsvCandleParser({ file: 'x.csv', ...options });
  for (const line of text.split('\n')) parser.pushLine(line);
  return parser.finish();
}

describe('splitCsvLine', () => {
  it('splits plain and quoted cells', () => {
    expect(splitCsvLine('a,b,,c', ',')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvLine('"a,1","say ""hi""",3', ',')).toEqual(['a,1', 'say "hi"', '3']);
  });
});

describe('CsvCandleParser', () => {
  it('skips a banner, finds the header, reads rows in file order with their line numbers', () => {
    const parsed = parse(
      [
        'https://www.CryptoDataDownload.com',
        'unix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount',
        '1609286400000,2020-12-30 00:00:00,BTC/USDT,27385,27397.42,27384.46,27392.05,36.524428,1000458.79,438',
        '1502942400.0,2017-08-17 04-AM,BTC/USDT,16199.91,16199.91,4261.32,4308.83,44.51,190952.85,NULL',
        '',
      ].join('\n'),
      { symbol: 'BTC/USDT' },
    );
    expect(parsed.rowsRead).toBe(2);
    expect(parsed.rows.ts).toEqual([1609286400000, 1502942400000]);
    expect(parsed.rows.volume).toEqual([36.524428, 44.51]);
    expect(parsed.rows.position).toEqual([3, 4]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.columns).toMatchObject({ timestamp: 'unix', volume: { column: 'Volume BTC' } });
    expect(parsed.notes).toContain('skipped 1 banner line before the header');
    expect(parsed.describeRaw(parsed.rows.raw[1])).toMatchObject({
      unix: '1502942400.0',
      tradecount: 'NULL',
    });
  });

  it('sniffs semicolon and tab delimiters; with them a decimal comma is a decimal', () => {
    const semicolon = parse('Date;Open;High;Low;Close;Volume\n2020-01-01;1,5;2;1;1,75;10');
    expect(semicolon.rows.open).toEqual([1.5]);
    expect(semicolon.rows.close).toEqual([1.75]);
    const tab = parse('time\topen\thigh\tlow\tclose\tvol\n1577836800\t1\t2\t0.5\t1.5\t3');
    expect(tab.rows.ts).toEqual([1577836800000]);
    expect(tab.rows.volume).toEqual([3]);
  });

  it('reads headerless Binance klines (12 columns) with the base volume', () => {
    const parsed = parse(
      '1637971200000,0.00002853,0.00002854,0.00002851,0.00002854,36304.20000000,1637971259999,1.03547608,79,19523.0,0.55694227,0',
    );
    expect(parsed.rows.ts).toEqual([1637971200000]);
    expect(parsed.rows.volume).toEqual([36304.2]);
    expect(parsed.notes).toEqual(['headerless Binance kline CSV (12 columns)']);
    expect(parsed.describeRaw(parsed.rows.raw[0])).toHaveLength(12);
  });

  it('turns unreadable rows into problems with reason, line and raw row', () => {
    const parsed = parse(
      [
        'timestamp,open,high,low,close,volume',
        '2020-01-01,1,2,0.5,1.5,10',
        'soon,1,2,0.5,1.5,10',
        ',1,2,0.5,1.5,10',
        '2020-01-04,NULL,2,0.5,1.5,10',
        '2020-01-05,1,2,,1.5,10',
        '2020-01-06,1,two,0.5,1.5,10',
        '2020-01-07,1,2',
        '2020-01-08,1,2,0.5,1.5,lots',
      ].join('\n'),
    );
    expect(parsed.rowsRead).toBe(8);
    expect(parsed.rows.length).toBe(1);
    expect(parsed.problems.map((p) => [p.position, p.reason])).toEqual([
      [3, 'ts-unparseable'],
      [4, 'ts-missing'],
      [5, 'value-null'],
      [6, 'value-missing'],
      [7, 'value-not-numeric'],
      [8, 'column-count'],
      [9, 'value-not-numeric'],
    ]);
    expect(parsed.problems[2]).toMatchObject({
      ts: Date.UTC(2020, 0, 4),
      message: 'line 5: unreadable open "NULL"',
      raw: { timestamp: '2020-01-04', open: 'NULL', high: '2', low: '0.5', close: '1.5', volume: '10' },
    });
  });

  it('keeps rows with an empty volume for the caller to decide (NaN)', () => {
    const parsed = parse('ts,open,high,low,close,volume\n1,1,1,1,1,\n2,1,1,1,1,NULL');
    expect(parsed.rows.volume).toEqual([Number.NaN, Number.NaN]);
    expect(parsed.problems).toEqual([]);
  });

  it('reads one asset of a side-by-side file and counts the rows before it was listed', () => {
    const text = [
      ',BTC:open,BTC:high,BTC:low,BTC:close,BTC:volume,ETH:open,ETH:high,ETH:low,ETH:close,ETH:volume',
      '2014-12-01,300.0,370.0,300.0,370.0,0.05656,,,,,',
      '2016-05-27,470,480,460,475,10,11,12,10,11.5,100',
    ].join('\n');
    expect(() => parse(text)).toThrow(/several assets side by side \(BTC, ETH\)/);
    const eth = parse(text, { asset: 'ETH' });
    expect(eth).toMatchObject({ rowsRead: 2, emptyRows: 1 });
    expect(eth.rows.close).toEqual([11.5]);
    expect(eth.notes).toContain('asset ETH of BTC, ETH (columns side by side)');
  });

  it('fails clearly, naming file and line, when no header or kline row is found', () => {
    expect(() => parse('hello\nworld\nthis\nis\nnot\ncandles\nat all')).toThrow(
      'x.csv: line 6: no header with open, high, low and close columns in the first 5 lines, and no numeric kline rows',
    );
    expect(() => parse('')).toThrow('x.csv: no OHLCV header or kline rows found');
  });
});
