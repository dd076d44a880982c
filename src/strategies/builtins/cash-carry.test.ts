import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { BTCUSDT_FUTURES_1H, loadSharedCandles } from '../../../test/support/strategy-candles.js';
import type { HarnessSeries } from '../../../test/support/strategy-harness.js';
import { isQuantLabError } from '../../core/errors.js';
import { createInstrument } from '../../core/instrument.js';
import type { Candle } from '../../core/market.js';
import { resolveParams } from '../params.js';
import { annualizedBasis, annualizedFunding, cashCarry, matchedLegQuantities } from './cash-carry.js';
import { HOUR_MS, indexAt, runChecked, SYNTHETIC_START } from './test-data.js';

const SPOT = 'BTC/USDT';
const PERP = 'BTC/USDT:USDT';
const BINANCE_SPOT_1H = 'ohlcv/cryptodatadownload-binance/Binance_BTCUSDT_1h.csv';

function flatCandles(closes: readonly number[]): Candle[] {
  return closes.map((close, i) => ({
    ts: SYNTHETIC_START + i * HOUR_MS,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
  }));
}

describe('cash-carry measures and sizing', () => {
  it('annualises the basis per funding interval and the funding rate per year', () => {
    expect(annualizedBasis(100, 101, 8)).toBeCloseTo(0.01 * 1095, 10);
    expect(annualizedBasis(100, 100.02, 8)).toBeCloseTo(0.219, 10);
    expect(annualizedFunding(0.0001, 8)).toBeCloseTo(0.1095, 12);
    expect(annualizedFunding(0.0001, 1)).toBeCloseTo(0.876, 12);
  });

  it('finds the largest base quantity both lot grids hold (OKX perp: 0.01 BTC contracts in 0.01 steps)', () => {
    const spot = createInstrument({
      exchange: 'okx',
      symbol: SPOT,
      kind: 'spot',
      tickSize: 0.1,
      lotSize: 0.00001,
      minSize: 0.00001,
    });
    const perp = createInstrument({
      exchange: 'okx',
      symbol: PERP,
      kind: 'swap',
      tickSize: 0.1,
      lotSize: 0.01,
      minSize: 0.01,
      contractValue: 0.01,
    });
    expect(matchedLegQuantities(spot, perp, 0.123456, 30_000)).toEqual({ spotQty: 0.1234, perpQty: 12.34 });
    expect(matchedLegQuantities(spot, perp, 0.00005, 30_000)).toEqual({ spotQty: 0, perpQty: 0 });
  });

  it('names the key of a broken constraint', () => {
    try {
      resolveParams(cashCarry, { exitCarry: 0.5 });
      expect.unreachable('accepted exitCarry above entryCarry');
    } catch (error) {
      expect(isQuantLabError(error) && error.details?.['keys']).toEqual(['exitCarry']);
    }
  });
});

describe('cash-carry on a synthetic basis', () => {
  // Spot at 100; the perp premium per bar (× 1 095 a year): 0, 11 %, 43.8 %, 32.9 %, 11 %, 4.4 %, 0.
  const premiums = [0, 0.0001, 0.0004, 0.0003, 0.0001, 0.00004, 0, 0];
  const spot = flatCandles(premiums.map(() => 100));
  const perp = flatCandles(premiums.map((p) => 100 * (1 + p)));
  const series = [
    { symbol: SPOT, timeframe: '1h', candles: spot },
    { symbol: PERP, timeframe: '1h', candles: perp },
  ];

  it('enters long spot / short perp in equal base quantity above 30 % and exits at or below 5 %', () => {
    const result = runChecked({ definition: cashCarry, params: { basisWindow: 1 }, series });
    expect(result.signals.map((s) => s.kind)).toEqual(['enter', 'entered', 'exit', 'flat']);
    // Decided at bar 2 (43.8 %) and bar 5 (4.4 %), filled at the next opens; 0.5 × 10 000 / 100 = 50 BTC.
    expect(
      result.fills.map((f) => [f.instrumentId.endsWith(PERP) ? 'perp' : 'spot', f.side, f.qty, f.tsEvent]),
    ).toEqual([
      ['spot', 'buy', 50, spot[3]!.ts],
      ['perp', 'sell', 50, perp[3]!.ts],
      ['spot', 'sell', 50, spot[6]!.ts],
      ['perp', 'buy', 50, perp[6]!.ts],
    ]);
  });

  it('with trigger funding follows ctx.fundingRate instead of the basis', () => {
    const result = runChecked({
      definition: cashCarry,
      params: { trigger: 'funding' },
      series: [
        { symbol: SPOT, timeframe: '1h', candles: flatCandles(premiums.map(() => 100)) },
        { symbol: PERP, timeframe: '1h', candles: flatCandles(premiums.map(() => 100)) },
      ],
      // 0.03 % per 8 h = 32.9 % a year from bar 1; 0.001 % (1.1 %) from bar 4.
      funding: {
        [PERP]: [
          { ts: spot[1]!.ts, rate: 0.0003 },
          { ts: spot[4]!.ts, rate: 0.00001 },
        ],
      },
    });
    const decisions = result.signals.filter((s) => s.kind === 'enter' || s.kind === 'exit');
    // A rate is known from its own time on: the closes of bars 0 and 3 (at ts of bars 1 and 4) see them.
    expect(decisions.map((s) => [s.kind, s.ts])).toEqual([
      ['enter', spot[1]!.ts],
      ['exit', spot[4]!.ts],
    ]);
    expect(decisions[0]!.payload['funding']).toBeCloseTo(0.3285, 10);
  });
});

describeWithSharedData('cash-carry on Binance BTCUSDT spot and perpetual 1h', () => {
  let perp: Candle[] = [];
  let spot: Candle[] = [];
  let series: HarnessSeries[] = [];
  let spotClose = new Map<number, number>();
  beforeAll(() => {
    perp = loadSharedCandles(BTCUSDT_FUTURES_1H);
    spot = loadSharedCandles(BINANCE_SPOT_1H, { from: perp[0]!.ts, to: perp.at(-1)!.ts + 1 });
    series = [
      { symbol: SPOT, timeframe: '1h', candles: spot },
      { symbol: PERP, timeframe: '1h', candles: perp },
    ];
    spotClose = new Map(spot.map((c) => [c.ts, c.close]));
  });
  /** The mean annualised basis of the 8 common bars ending at `ts`, from the files directly. */
  const basisAt = (ts: number) => {
    const i = indexAt(perp, ts);
    const bars = perp
      .slice(0, i + 1)
      .filter((c) => spotClose.has(c.ts))
      .slice(-8);
    return bars.reduce((a, c) => a + (c.close / spotClose.get(c.ts)! - 1) * 1095, 0) / 8;
  };

  it('enters when the 8-bar annualised basis reaches 30 %, exits when it is back to 5 %, equal base on both legs', () => {
    const result = runChecked({ definition: cashCarry, series, capital: 100_000 });
    const enters = result.signals.filter((s) => s.kind === 'enter');
    const exits = result.signals.filter((s) => s.kind === 'exit');
    expect(enters.length).toBeGreaterThan(3);
    expect(exits.length).toBeGreaterThanOrEqual(enters.length - 1);
    for (const s of enters) {
      expect(s.payload['basis']).toBeCloseTo(basisAt(s.ts - HOUR_MS), 9);
      expect(s.payload['basis']).toBeGreaterThanOrEqual(0.3);
      expect(s.payload['spotQty']).toBe(s.payload['perpQty']);
    }
    for (const s of exits) {
      expect(s.payload['basis']).toBeCloseTo(basisAt(s.ts - HOUR_MS), 9);
      expect(s.payload['basis']).toBeLessThanOrEqual(0.05);
    }
    // Net base exposure is zero after every fill pair.
    const spotQty = result.positions[SPOT]!.qty;
    expect(result.positions[PERP]!.qty).toBeCloseTo(-spotQty, 9);
  });

  it('leg risk: a spot leg that cannot fill is abandoned and the short perp bought back', () => {
    const first = runChecked({ definition: cashCarry, series, capital: 100_000 }).signals.find(
      (s) => s.kind === 'enter',
    )!;
    const result = runChecked({
      definition: cashCarry,
      series: [
        { symbol: SPOT, timeframe: '1h', candles: spot.filter((c) => c.ts + HOUR_MS <= first.ts) },
        series[1]!,
      ],
      capital: 100_000,
    });
    expect(result.signals.filter((s) => s.ts >= first.ts).map((s) => [s.kind, s.payload['symbol']])).toEqual([
      ['enter', SPOT],
      ['leg-timeout', SPOT],
      ['leg-failed', SPOT],
      ['unwind', undefined],
      ['flat', SPOT],
    ]);
    expect(result.fills.filter((f) => f.instrumentId.endsWith(PERP)).map((f) => f.side)).toEqual([
      'sell',
      'buy',
    ]);
    expect(result.positions[PERP]!.qty).toBe(0);
  });
});
