/**
 * Our indicators against references other than TA-Lib (shared/data README §4): Tulip Indicators' book and
 * spreadsheet cases, and the StockCharts ChartSchool spreadsheets kept by bukosabino/ta.
 *
 * Where a reference seeds an EMA with the first value instead of TA-Lib's SMA of the first `period`
 * values, we prepend copies of the first value: the TA-Lib seed of a constant run is that value, so our
 * EMA then starts exactly where theirs does (`padFirst`). Book values are compared at their printed
 * precision. Not compared, and why: Tulip's DEMA/TEMA/TRIX (it seeds the second EMA mid-series), Tulip's
 * book MACD (it uses MACDFIX's fixed 0.15/0.075), and Tulip's CMO after its first value (Tulip sums the
 * moves plainly, TA-Lib smooths them the Wilder way; the two agree on the first value only).
 */
import { describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../test/support/shared-data.js';
import { bbands } from './bbands.js';
import { cmo } from './cmo.js';
import { ema } from './ema.js';
import { printedHalfUnit, readStockChartsCsv, tulipCases } from './internal/reference-books.js';
import { kama } from './kama.js';
import { linearreg } from './linearreg.js';
import { MAType } from './ma-type.js';
import { macd } from './macd.js';
import { mom } from './mom.js';
import { apo, ppo } from './price-oscillator.js';
import { roc } from './roc.js';
import { rsi } from './rsi.js';
import { sma } from './sma.js';
import { stddev } from './stddev.js';
import { stochrsi } from './stochrsi.js';
import { trima } from './trima.js';
import { wma } from './wma.js';

/** `count` copies of the first value, then the series: turns TA-Lib's EMA seed into a first-value seed. */
function padFirst(values: readonly number[], count: number): number[] {
  return [...new Array<number>(count).fill(values[0]!), ...values];
}

/** The last `length` values of `values` (Tulip prints outputs without their lookback). */
function tail(values: ArrayLike<number>, length: number): number[] {
  return Array.from(values).slice(values.length - length);
}

/** Each of `actual` is within `halfUnits` half-units of the last printed decimal of `printed`. */
function expectAtPrintedPrecision(actual: number[], printed: string[], label: string, halfUnits = 1): void {
  expect(actual.length, label).toBe(printed.length);
  printed.forEach((text, i) => {
    const tolerance = printedHalfUnit(text) * halfUnits * (1 + 1e-9) + 1e-12;
    expect(
      Math.abs(actual[i]! - Number(text)),
      `${label} value ${i}: ${actual[i]} vs ${text}`,
    ).toBeLessThanOrEqual(tolerance);
  });
}

describe('padFirst', () => {
  it('makes TA-Lib’s SMA-seeded EMA start from the first value', () => {
    const close = [10, 20, 30];
    const padded = ema(padFirst(close, 2), 3).subarray(2);
    expect(Array.from(padded)).toEqual([10, 15, 22.5]);
  });
});

describeWithSharedData('Tulip Indicators book and spreadsheet values', () => {
  /** Every case of `name` in atoz.txt and extra.txt, with `compute(input, options)` giving our outputs. */
  function checkTulip(
    name: string,
    compute: (input: number[], options: number[]) => ArrayLike<number>[],
    halfUnits = 1,
  ) {
    const cases = [...tulipCases('atoz.txt', name), ...tulipCases('extra.txt', name)];
    expect(cases.length, `Tulip cases named ${name}`).toBeGreaterThan(0);
    for (const c of cases) {
      const input = c.arrays[0]!;
      const outputs = compute(input, c.options);
      outputs.forEach((output, k) => {
        const printed = c.printed[1 + k]!;
        expectAtPrintedPrecision(
          tail(output, printed.length),
          printed,
          `${name} ${c.options} output ${k}`,
          halfUnits,
        );
      });
    }
  }

  it('SMA, WMA and TRIMA', () => {
    checkTulip('sma', (x, [p]) => [sma(x, p)]);
    checkTulip('wma', (x, [p]) => [wma(x, p)]);
    checkTulip('trima', (x, [p]) => [trima(x, p)]);
  });

  it('STDDEV and BBANDS (population σ; Tulip lists lower, middle, upper)', () => {
    checkTulip('stddev', (x, [p]) => [stddev(x, p, 1)]);
    checkTulip('bbands', (x, [p, dev]) => {
      const bands = bbands(x, p, dev, dev);
      return [bands.lower, bands.middle, bands.upper];
    });
  });

  it('RSI, MOM, ROC (Tulip’s is a fraction) and ROCR', () => {
    checkTulip('rsi', (x, [p]) => [rsi(x, p)]);
    checkTulip('mom', (x, [p]) => [mom(x, p)]);
    checkTulip('roc', (x, [p]) => [roc(x, p).map((v) => v / 100)]);
    checkTulip('rocr', (x, [p]) => [roc(x, p).map((v) => v / 100 + 1)]);
  });

  it('LINEARREG (Tulip’s linreg) and STOCHRSI (unsmoothed %K over `period` RSI values, as a fraction)', () => {
    checkTulip('linreg', (x, [p]) => [linearreg(x, p)]);
    checkTulip('stochrsi', (x, [p]) => [stochrsi(x, p, p, 1).k.map((v) => v / 100)]);
  });

  it('EMA, APO and PPO once seeded with the first value as Tulip does (the inputs are rounded too)', () => {
    checkTulip('ema', (x, [p]) => [ema(padFirst(x, p - 1), p)]);
    checkTulip('apo', (x, [fast, slow]) => [apo(padFirst(x, slow - 1), fast, slow, MAType.EMA)], 2);
    checkTulip('ppo', (x, [fast, slow]) => [ppo(padFirst(x, slow - 1), fast, slow, MAType.EMA)], 2);
  });

  it('CMO’s first value (where Wilder averages and Chande’s plain sums coincide)', () => {
    for (const c of [...tulipCases('atoz.txt', 'cmo'), ...tulipCases('extra.txt', 'cmo')]) {
      const [period] = c.options;
      const first = cmo(c.arrays[0]!, period)[period!]!;
      expectAtPrintedPrecision([first], [c.printed[1]![0]!], `cmo ${period}`);
    }
  });

  it('KAMA to 2e-4 (4 printed decimals; the StockCharts sheet below agrees to 6)', () => {
    const [c] = tulipCases('extra.txt', 'kama');
    const expected = c!.arrays[1]!;
    const ours = tail(kama(c!.arrays[0]!, c!.options[0]), expected.length);
    // Tulip prints a value at index period − 1 (the seed) where TA-Lib has none.
    expect(Number.isNaN(ours[0]!)).toBe(true);
    for (let i = 1; i < expected.length; i += 1) expect(Math.abs(ours[i]! - expected[i]!)).toBeLessThan(2e-4);
  });
});

describeWithSharedData('StockCharts spreadsheets (bukosabino/ta)', () => {
  function expectClose(
    actual: ArrayLike<number>,
    expected: number[],
    from: number,
    tolerance: number,
    label: string,
  ) {
    for (let i = from; i < expected.length; i += 1) {
      expect(
        Math.abs(actual[i]! - expected[i]!),
        `${label} row ${i}: ${actual[i]} vs ${expected[i]}`,
      ).toBeLessThan(tolerance);
    }
  }

  it('BBANDS(20, 2): population σ around the SMA, to the sheet’s 6 decimals', () => {
    const sheet = readStockChartsCsv('cs-bbands.csv');
    const bands = bbands(sheet.Close!, 20, 2, 2);
    expectClose(bands.middle, sheet.MiddleBand!, 19, 1e-6, 'middle');
    expectClose(bands.upper, sheet.HighBand!, 19, 1e-6, 'upper');
    expectClose(bands.lower, sheet.LowBand!, 19, 1e-6, 'lower');
  });

  it('KAMA(10): same seeding as TA-Lib, to 6 decimals', () => {
    const sheet = readStockChartsCsv('cs-kama.csv');
    expectClose(kama(sheet.Close!, 10), sheet.KAMA!, 10, 1e-6, 'kama');
  });

  it('WMA(9) to the sheet’s 4 decimals, and ROC(12) to its 10 digits', () => {
    const wmaSheet = readStockChartsCsv('cs-wma.csv');
    expectClose(wma(wmaSheet.Close!, 9), wmaSheet.WMA!, 8, 1e-4, 'wma');
    const rocSheet = readStockChartsCsv('cs-roc.csv');
    expectClose(roc(rocSheet.Close!, 12), rocSheet.ROC!, 12, 1e-8, 'roc');
  });

  it('RSI(14) and StochRSI(14) once seeded like the sheet (averages start at 0 on the first row)', () => {
    const rsiSheet = readStockChartsCsv('cs-rsi.csv');
    expectClose(rsi(padFirst(rsiSheet.Close!, 14), 14).subarray(14), rsiSheet.RSI!, 14, 1e-6, 'rsi');
    const stochSheet = readStockChartsCsv('cs-stochrsi.csv');
    const k = stochrsi(padFirst(stochSheet.Close!, 14), 14, 14, 1).k.subarray(14);
    expectClose(
      k.map((v) => v / 100),
      stochSheet['StochRSI(14)']!,
      27,
      1e-7,
      'stochrsi',
    );
  });

  it('MACD(12, 26, 9) line and PPO(12, 26) once EMA-seeded with the first close; the signal where converged', () => {
    const macdSheet = readStockChartsCsv('cs-macd.csv');
    const result = macd(padFirst(macdSheet.Close!, 25), 12, 26, 9);
    expectClose(result.macd.subarray(25), macdSheet.MACD_line!, 8, 1e-9, 'macd');
    // The sheet seeds its signal line differently; 90+ rows later the two agree.
    expectClose(result.signal.subarray(25), macdSheet.MACD_signal!, 100, 1e-9, 'signal');
    const ppoSheet = readStockChartsCsv('cs-ppo.csv');
    expectClose(
      ppo(padFirst(ppoSheet.Close!, 25), 12, 26, MAType.EMA).subarray(25),
      ppoSheet.PPO!,
      0,
      1e-9,
      'ppo',
    );
  });
});
