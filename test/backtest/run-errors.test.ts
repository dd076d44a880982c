/**
 * `runBacktest` refuses inputs it cannot run on with one clear QuantLabError, before any bar is played.
 */

import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run.js';
import type { BacktestData } from '../../src/backtest/types.js';
import { isQuantLabError, type QuantLabError } from '../../src/core/errors.js';
import { fineInstrument, seriesOf } from '../support/backtest-data.js';
import { bars, config, define } from './kernel-kit.js';

const BTC = 'BTC/USDT:USDT';
const ETH = 'ETH/USDT:USDT';
const candles = bars([
  [100, 101, 99, 100],
  [100, 101, 99, 100],
]);

function failure(data: BacktestData): QuantLabError {
  let calls = 0;
  const definition = define([{ symbol: BTC, timeframe: '1m' }], {
    onCandle() {
      calls += 1;
    },
  });
  try {
    runBacktest({ definition, config: config(), data, instruments: [fineInstrument('test', BTC)] });
  } catch (error) {
    expect(calls).toBe(0);
    if (isQuantLabError(error)) return error;
    throw error;
  }
  throw new Error('runBacktest did not throw');
}

describe('runBacktest input errors', () => {
  it('no series for the main symbol and timeframe: QL_ERR_INVALID_INPUT naming both', () => {
    const error = failure({ series: [seriesOf(BTC, '5m', candles)] });
    expect(error.code).toBe('QL_ERR_INVALID_INPUT');
    expect(error.message).toBe(`No ${BTC} 1m series to run on.`);
    expect(error.details).toEqual({ symbol: BTC, timeframe: '1m' });
    expect(failure({ series: [] }).code).toBe('QL_ERR_INVALID_INPUT');
  });

  it('a series for a symbol without an instrument: QL_ERR_INSTRUMENT_UNKNOWN naming it', () => {
    const error = failure({ series: [seriesOf(BTC, '1m', candles), seriesOf(ETH, '1m', candles)] });
    expect(error.code).toBe('QL_ERR_INSTRUMENT_UNKNOWN');
    expect(error.message).toBe(`No instrument for the series ${ETH}.`);
    expect(error.details).toEqual({ symbol: ETH });
  });
});
