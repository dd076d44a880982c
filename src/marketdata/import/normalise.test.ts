import { describe, expect, it } from 'vitest';
import { CsvCandleParser } from './csv-parser.js';
import { normaliseRows } from './normalise.js';
import { checkSpacing, formatDuration } from './spacing.js';

const H = 3_600_000;
/** Real epoch ms: small numbers would read as seconds (timestamps are told apart by magnitude). */
const T = Date.UTC(2024, 0, 1);

function csv(lines: string[]) {
  const parser = new CsvCandleParser({ file: 'x.csv' });
  for (const line of ['ts,open,high,low,close,volume', ...lines]) parser.pushLine(line);
  return parser.finish();
}

describe('normaliseRows', () => {
  it('sorts newest-first rows and reports the order', () => {
    const result = normaliseRows(csv([`${T + 2 * H},3,3,3,3,1`, `${T + H},2,2,2,2,1`, `${T},1,1,1,1,1`]), {
      timeframe: '1h',
      positionLabel: 'line',
    });
    expect(result.order).toBe('descending');
    expect(result.candles.map((c) => c.ts)).toEqual([T, T + H, T + 2 * H]);
    expect(result.candles[0]).toEqual({ ts: T, open: 1, high: 1, low: 1, close: 1, volume: 1 });
  });

  it('collapses identical duplicates, keeps the first of conflicting ones and quarantines the rest', () => {
    const result = normaliseRows(
      csv([
        `${T + H},2,2,2,2.0,1`, // line 2: kept
        `${(T + H) / 1000}.0,2,2,2,2,1`, // line 3: the same candle in seconds → identical, collapsed
        `${T + H},2,2,2,2.5,1`, // line 4: conflicting → quarantined
        `${T},1,1,1,1,1`,
      ]),
      { timeframe: '1h', positionLabel: 'line' },
    );
    expect(result.candles).toEqual([
      { ts: T, open: 1, high: 1, low: 1, close: 1, volume: 1 },
      { ts: T + H, open: 2, high: 2, low: 2, close: 2, volume: 1 },
    ]);
    expect(result.duplicates).toEqual({ collapsed: 1, conflicting: 1 });
    expect(result.problems).toEqual([
      {
        position: 4,
        ts: T + H,
        reason: 'duplicate-conflict',
        message: 'line 4: same timestamp as line 2 (kept) with different values',
        raw: { ts: String(T + H), open: '2', high: '2', low: '2', close: '2.5', volume: '1' },
      },
    ]);
    expect(result.order).toBe('descending');
  });

  it('stores volume 0 when no row has one, and quarantines rows missing it when others have it', () => {
    const none = normaliseRows(csv([`${T},1,1,1,1,`, `${T + H},1,1,1,1,NULL`]), {
      timeframe: '1h',
      positionLabel: 'line',
    });
    expect(none.volumeAbsent).toBe(true);
    expect(none.candles.map((c) => c.volume)).toEqual([0, 0]);
    expect(none.problems).toEqual([]);
    const some = normaliseRows(csv([`${T},1,1,1,1,5`, `${T + H},1,1,1,1,`]), {
      timeframe: '1h',
      positionLabel: 'line',
    });
    expect(some.volumeAbsent).toBe(false);
    expect(some.candles).toHaveLength(1);
    expect(some.problems.map((p) => [p.position, p.reason])).toEqual([[3, 'volume-missing']]);
  });

  it('counts misaligned timestamps, and floors them with align (duplicates resolved after)', () => {
    const rows = csv(['2012-01-31,1,1,1,1,1', '2012-02-29,2,2,2,2,2', '2012-02-01,3,3,3,3,3']);
    const kept = normaliseRows(rows, { timeframe: '1M', positionLabel: 'line' });
    expect(kept.misaligned).toBe(2);
    expect(kept.candles.map((c) => c.ts)).toEqual([
      Date.UTC(2012, 0, 31),
      Date.UTC(2012, 1, 1),
      Date.UTC(2012, 1, 29),
    ]);
    const aligned = normaliseRows(rows, { timeframe: '1M', positionLabel: 'line', align: true });
    expect(aligned.candles.map((c) => c.ts)).toEqual([Date.UTC(2012, 0, 1), Date.UTC(2012, 1, 1)]);
    // 2012-02-29 and 2012-02-01 both become February: the first in the file (line 3) is kept.
    expect(aligned.candles[1]!.close).toBe(2);
    expect(aligned.problems.map((p) => [p.position, p.reason])).toEqual([[4, 'duplicate-conflict']]);
  });
});

describe('checkSpacing', () => {
  it('finds the dominant step despite gaps and checks it against the timeframe', () => {
    const hourly = [0, H, 2 * H, 3 * H, 10 * H, 11 * H];
    expect(checkSpacing(hourly, '1h')).toEqual({
      dominant: '1h',
      dominantIsTimeframe: true,
      dominantSteps: 4,
      timeframeSteps: 4,
      steps: 5,
      matches: true,
      sparse: false,
    });
    expect(checkSpacing([0, 90 * 60_000, 180 * 60_000], '1h')).toMatchObject({
      dominant: '1h 30m',
      dominantIsTimeframe: false,
    });
    expect(checkSpacing(hourly, '1m')).toMatchObject({ dominant: '1h', matches: false });
    expect(checkSpacing([0], '1h')).toBeUndefined();
    // Sparse: mostly 2h apart, but some candles are 1h apart: 1h data with missing candles.
    const sparse = [0, 2 * H, 4 * H, 5 * H, 7 * H];
    expect(checkSpacing(sparse, '1h')).toMatchObject({
      dominant: '2h',
      matches: true,
      sparse: true,
      timeframeSteps: 1,
    });
    // Finer than the timeframe never matches, even when some steps have its length.
    expect(checkSpacing([0, 60_000, 120_000, H], '1h')).toMatchObject({ dominant: '1m', matches: false });
  });

  it('treats any 28-31 day step as one month for 1M', () => {
    const months = [
      Date.UTC(2012, 0, 31),
      Date.UTC(2012, 1, 29),
      Date.UTC(2012, 2, 31),
      Date.UTC(2012, 3, 30),
    ];
    expect(checkSpacing(months, '1M')).toMatchObject({ dominant: '1M', matches: true });
    expect(checkSpacing(months, '1d')).toMatchObject({ dominant: '1M', matches: false });
  });

  it('formats durations', () => {
    expect(formatDuration(90 * 60_000)).toBe('1h 30m');
    expect(formatDuration(8 * H)).toBe('8h');
    expect(formatDuration(10)).toBe('10ms');
  });
});
