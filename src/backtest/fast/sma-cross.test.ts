import { describe, expect, it } from 'vitest';
import { roundQty } from '../../core/precision.js';
import { computeMetrics } from '../metrics/index.js';
import { SmaCache } from './sma-cache.js';
import { runSmaCrossFast } from './sma-cross.js';
import {
  configFor,
  HAND_CLOSES,
  HOUR_MS,
  handCandles,
  INVERSE_SWAP,
  LINEAR_SWAP,
  SPOT,
  SWAP_SYMBOL,
  seriesOf,
  T0,
} from './test-fixtures.js';
import { type FastPathResult, type FastPathRun, isUnsupported, type SmaCrossFastInput } from './types.js';

// Hand series (test-fixtures.ts): crosses up at 12 and 32, down at 23; bar i opens at close[i − 1] + 1.
const candles = handCandles();
const series = seriesOf(candles);
const close = (i: number) => HAND_CLOSES[i]!;
const open = (i: number) => candles[i]!.open;
const ts = (i: number) => T0 + i * HOUR_MS;
const closeTs = (i: number) => ts(i) + HOUR_MS;
const S = 0.001; // 10 bps
const FEE = 0.001;

function run(overrides: Partial<SmaCrossFastInput> = {}): FastPathResult {
  return runSmaCrossFast({
    series,
    params: { fast: 3, slow: 5, mode: 'long-only', size: 1, fraction: 1 },
    config: configFor(LINEAR_SWAP),
    instrument: LINEAR_SWAP,
    ...overrides,
  });
}

function ok(result: FastPathResult): FastPathRun {
  if (isUnsupported(result)) throw new Error(`unsupported: ${result.unsupported}`);
  return result;
}

describe('sma-cross fast path, long-only, next-open fills', () => {
  const r = ok(run());
  const buy1 = open(13) * (1 + S); // 109 × 1.001
  const sell1 = open(24) * (1 - S); // 132 × 0.999
  const buy2 = open(33) * (1 + S); // 120 × 1.001

  it('fills at the next open with slippage, paying the taker fee on the notional', () => {
    expect(r.fillLog).toEqual([
      { ts: ts(13), side: 'buy', qty: 1, price: buy1, fee: buy1 * FEE },
      { ts: ts(24), side: 'sell', qty: 1, price: sell1, fee: sell1 * FEE },
      { ts: ts(33), side: 'buy', qty: 1, price: buy2, fee: buy2 * FEE },
    ]);
    expect(r.fills).toBe(3);
    expect(r.fees).toBeCloseTo((buy1 + sell1 + buy2) * FEE, 12);
    expect(r.position).toBe(1);
  });

  it('marks the equity at each close: wallet + qty × (close − entry)', () => {
    expect(r.length).toBe(40);
    expect(r.ts[0]).toBe(closeTs(0));
    expect(r.ts[39]).toBe(closeTs(39));
    expect(r.startTs).toBe(ts(0));
    // Flat until the fill at bar 13's open.
    for (let i = 0; i <= 12; i++) expect(r.equity[i]).toBe(10_000);
    const w1 = 10_000 - buy1 * FEE;
    for (let i = 13; i <= 23; i++) expect(r.equity[i]).toBeCloseTo(w1 + (close(i) - buy1), 9);
    const w2 = w1 + (sell1 - buy1) - sell1 * FEE;
    for (let i = 24; i <= 32; i++) expect(r.equity[i]).toBeCloseTo(w2, 9);
    const w3 = w2 - buy2 * FEE;
    for (let i = 33; i <= 39; i++) expect(r.equity[i]).toBeCloseTo(w3 + (close(i) - buy2), 9);
    expect(r.wallet).toBeCloseTo(w3, 9);
    expect(r.metrics.endEquity).toBeCloseTo(w3 + close(39) - buy2, 9);
  });

  it('builds the round trips, the last one closed at the last close (end-of-data)', () => {
    expect(r.trades).toHaveLength(2);
    const [t1, t2] = r.trades;
    expect(t1).toMatchObject({
      symbol: SWAP_SYMBOL,
      side: 'long',
      qty: 1,
      entryTime: ts(13),
      exitTime: ts(24),
    });
    expect(t1!.entryPrice).toBeCloseTo(buy1, 12);
    expect(t1!.exitPrice).toBeCloseTo(sell1, 12);
    expect(t1!.fees).toBeCloseTo((buy1 + sell1) * FEE, 12);
    expect(t1!.pnl).toBeCloseTo(sell1 - buy1 - (buy1 + sell1) * FEE, 9);
    expect(t2).toMatchObject({
      side: 'long',
      entryTime: ts(33),
      exitTime: closeTs(39),
      exitPrice: close(39),
    });
    expect(t2!.pnl).toBeCloseTo(close(39) - buy2 - buy2 * FEE, 9);
    // A trade's exit reason is the tag of the order that closed it (ma-cross.ts's moveTo tag).
    expect(r.details.map((d) => d.exitReason)).toEqual(['sma-cross: cross down', 'end-of-data']);
  });

  it('counts exposure as traded bars ending with a position open', () => {
    // Open after bars 13–23 (11) and 33–39 (7) of 40.
    expect(r.exposure).toBeCloseTo(18 / 40, 15);
    expect(r.metrics.exposure).toBe(r.exposure);
    expect(r.metrics.trades).toBe(2);
    expect(r.metrics.fees).toBe(r.fees);
  });
});

describe('sma-cross fast path, other fills and modes', () => {
  it('close fills: at the deciding close with slippage, stamped at the bar close', () => {
    const r = ok(run({ config: configFor(LINEAR_SWAP, { fill: 'close' }) }));
    const buy1 = close(12) * (1 + S);
    const sell1 = close(23) * (1 - S);
    expect(r.fillLog.map((f) => [f.ts, f.side, f.price])).toEqual([
      [closeTs(12), 'buy', buy1],
      [closeTs(23), 'sell', sell1],
      [closeTs(32), 'buy', close(32) * (1 + S)],
    ]);
    // The equity point of the deciding bar already includes the fill.
    expect(r.equity[11]).toBe(10_000);
    expect(r.equity[12]).toBeCloseTo(10_000 - buy1 * FEE + (close(12) - buy1), 9);
    expect(r.trades[0]!.entryTime).toBe(closeTs(12));
  });

  it('long-short: one order flips the position on each cross', () => {
    const r = ok(run({ params: { fast: 3, slow: 5, mode: 'long-short', size: 1, fraction: 1 } }));
    expect(r.fillLog.map((f) => [f.ts, f.side, f.qty])).toEqual([
      [ts(13), 'buy', 1],
      [ts(24), 'sell', 2],
      [ts(33), 'buy', 2],
    ]);
    expect(r.trades.map((t) => [t.side, t.entryTime, t.exitTime])).toEqual([
      ['long', ts(13), ts(24)],
      ['short', ts(24), ts(33)],
      ['long', ts(33), closeTs(39)],
    ]);
    const sell = open(24) * (1 - S);
    const buy = open(33) * (1 + S);
    // The flip fill's fee is split between the trade it closes and the one it opens.
    expect(r.trades[1]!.pnl).toBeCloseTo(sell - buy - (2 * sell * FEE) / 2 - (2 * buy * FEE) / 2, 9);
    // Short from bar 24: equity = wallet − (close − entry).
    const [f0, f1] = r.fillLog;
    const w = 10_000 - f0!.fee - f1!.fee + (sell - open(13) * (1 + S));
    expect(r.equity[28]).toBeCloseTo(w - (close(28) - sell), 9);
    expect(r.exposure).toBeCloseTo(27 / 40, 15);
  });

  it('fraction sizing: fraction × equity / close, rounded down to the lot', () => {
    const r = ok(run({ params: { fast: 3, slow: 5, mode: 'long-only', fraction: 0.5 } }));
    // At bar 12: 0.5 × 10 000 / 108 = 46.296… → 46.296 contracts.
    expect(r.fillLog[0]!.qty).toBe(46.296);
    expect(r.fillLog[1]!.qty).toBe(46.296);
    // The second entry is sized on the equity at bar 32's close.
    const equity32 = r.equity[32]!;
    expect(r.fillLog[2]!.qty).toBe(roundQty(LINEAR_SWAP, (0.5 * equity32) / close(32), 'down'));
  });

  it('spot buys are cut to what the cash pays for, fee included', () => {
    const r = ok(
      run({
        series: { ...series, symbol: SPOT.symbol },
        instrument: SPOT,
        config: configFor(SPOT),
        params: { fast: 3, slow: 5, mode: 'long-only', fraction: 1 },
      }),
    );
    // Sized on close 108 (92.592), filled at 109.109: the cash buys only 10 000 / (109.109 × 1.001).
    const price = open(13) * (1 + S);
    expect(r.fillLog[0]!.qty).toBe(roundQty(SPOT, 10_000 / (price * (1 + FEE)), 'down'));
    expect(r.fillLog[0]!.qty).toBeLessThan(92.592);
    expect(Math.min(...r.equity)).toBeGreaterThan(0);
  });

  it('long-short on spot: a sell is cut to the holding, one with nothing held is refused', () => {
    const r = ok(
      run({
        series: { ...series, symbol: SPOT.symbol },
        instrument: SPOT,
        config: configFor(SPOT),
        params: { fast: 3, slow: 5, mode: 'long-short', size: 1, fraction: 1 },
      }),
    );
    // The flip at 23 asks to sell 2: the venue sells the 1 held and cancels the rest.
    expect(r.fillLog.map((f) => [f.ts, f.side, f.qty])).toEqual([
      [ts(13), 'buy', 1],
      [ts(24), 'sell', 1],
      [ts(33), 'buy', 1],
    ]);
    expect(r.rejectedOrders).toEqual({});
  });

  it('inverse swaps: fees on qty × cv / price, equity in the settle coin', () => {
    const r = ok(
      run({
        series: { ...series, symbol: INVERSE_SWAP.symbol },
        instrument: INVERSE_SWAP,
        config: configFor(INVERSE_SWAP, { capital: 10 }),
        params: { fast: 3, slow: 5, mode: 'long-only', size: 5, fraction: 1 },
      }),
    );
    // size 5 base at close 108 = 5 × 108 / 100 = 5.4 contracts → 5.
    const buy = open(13) * (1 + S);
    expect(r.fillLog[0]).toMatchObject({ side: 'buy', qty: 5, price: buy });
    expect(r.fillLog[0]!.fee).toBeCloseTo(((5 * 100) / buy) * FEE, 15);
    const w = 10 - ((5 * 100) / buy) * FEE;
    expect(r.equity[15]).toBeCloseTo(w + 5 * 100 * (1 / buy - 1 / close(15)), 12);
    expect(r.equity[5]).toBe(10);
  });

  it('tradeFrom: earlier bars only warm the averages, and the first traded bar has no previous d', () => {
    // Trading from bar 12: the strategy never saw bar 11, so the cross up at 12 is missed.
    const late = ok(run({ tradeFrom: ts(12) }));
    expect(late.length).toBe(28);
    expect(late.startTs).toBe(ts(12));
    expect(late.ts[0]).toBe(closeTs(12));
    expect(late.fillLog.map((f) => f.ts)).toEqual([ts(33)]);
    expect(late.exposure).toBeCloseTo(7 / 28, 15);
    // From bar 11 (a time inside bar 10 rounds up to the next bar), the cross is seen.
    const early = ok(run({ tradeFrom: ts(10) + 1 }));
    expect(early.startTs).toBe(ts(11));
    expect(early.fillLog.map((f) => f.ts)).toEqual([ts(13), ts(24), ts(33)]);
    expect(Array.from(early.equity)).toEqual(Array.from(ok(run()).equity.subarray(11)));
  });

  it('orders the venue refuses change nothing and are counted, as in the kernel', () => {
    // fraction 2 at leverage 1 needs twice the equity as initial margin: every entry is refused.
    const r = ok(run({ params: { fast: 3, slow: 5, mode: 'long-only', fraction: 2 } }));
    expect(r.fills).toBe(0);
    expect(r.rejectedOrders).toEqual({ 'insufficient-margin': 2 });
    expect(r.metrics.endEquity).toBe(10_000);
    // Long-short at leverage 1 and fraction 1: a flip first closes the long, whose margin comes free, so
    // the short it opens is affordable.
    const flip = ok(run({ params: { fast: 3, slow: 5, mode: 'long-short', fraction: 1 } }));
    expect(flip.fillLog.map((f) => f.side)).toEqual(['buy', 'sell', 'buy']);
    expect(flip.rejectedOrders).toEqual({});
    expect(
      ok(
        run({
          params: { fast: 3, slow: 5, mode: 'long-only', fraction: 2 },
          config: configFor(LINEAR_SWAP, { leverage: 2 }),
        }),
      ).fills,
    ).toBe(3);
  });

  it('a size below the minimum skips the signal', () => {
    const r = ok(run({ params: { fast: 3, slow: 5, mode: 'long-only', size: 0.0004, fraction: 1 } }));
    expect(r.fills).toBe(0);
    expect(r.trades).toEqual([]);
    expect(r.exposure).toBe(0);
    expect(r.metrics.endEquity).toBe(10_000);
  });

  it('is deterministic: the same inputs give the same run, with or without a shared cache and buffer', () => {
    const params = { fast: 3, slow: 5, mode: 'long-short', fraction: 0.8 } as const;
    const a = ok(run({ params }));
    const b = ok(run({ params }));
    expect(b).toEqual(a);
    const smaCache = new SmaCache(series.close);
    const equityBuffer = new Float64Array(64);
    const c = ok(run({ params, smaCache, equityBuffer }));
    expect(c.equity.buffer).toBe(equityBuffer.buffer);
    expect(c).toEqual(a);
    expect(ok(run({ params, smaCache, equityBuffer }))).toEqual(a);
    // A cache of another close column is not used.
    expect(ok(run({ params, smaCache: new SmaCache(new Float64Array(40)) }))).toEqual(a);
  });

  it('metrics are computeMetrics of the run, its trades built by TradeBook', () => {
    for (const mode of ['long-only', 'long-short'] as const) {
      for (const fill of ['next-open', 'close'] as const) {
        const r = ok(
          run({
            params: { fast: 3, slow: 5, mode, fraction: 0.9 },
            config: configFor(LINEAR_SWAP, { fill }),
          }),
        );
        const expected = computeMetrics({
          ts: r.ts,
          equity: r.equity,
          length: r.length,
          startEquity: 10_000,
          trades: r.trades,
          fees: r.fees,
          funding: r.funding,
          exposure: r.exposure,
          startTs: r.startTs,
        });
        expect(r.metrics).toEqual(expected);
        expect(Object.keys(r.metrics)).toEqual(Object.keys(expected));
      }
    }
  });
});

describe('sma-cross fast path, funding', () => {
  const swapConfig = configFor(LINEAR_SWAP, {
    fees: { maker: 0, taker: 0 },
    slippage: { kind: 'fixed', bps: 0 },
  });
  // Times: before the first traded bar (skipped), while flat (nothing), inside bars 15 and 20 (paid).
  const fundingTs = [ts(2), ts(5) + 600_000, ts(15) + 1_800_000, ts(20), ts(45)];
  const funding = {
    ts: Float64Array.from(fundingTs),
    rate: Float64Array.from([0.5, 0.5, 0.001, -0.002, 0.5]),
  };

  it('pays −qty × cv × mark × rate at each funding time while a position is open (mark = the bar open)', () => {
    const r = ok(run({ config: swapConfig, funding, tradeFrom: ts(4) }));
    const paid15 = -1 * open(15) * 0.001;
    const paid20 = -1 * open(20) * -0.002;
    expect(r.funding).toBeCloseTo(paid15 + paid20, 12);
    expect(r.metrics.funding).toBe(r.funding);
    // Booked into the wallet from the bar it falls in.
    const entry = open(13);
    expect(r.equity[14 - 4]).toBeCloseTo(10_000 + close(14) - entry, 9);
    expect(r.equity[15 - 4]).toBeCloseTo(10_000 + paid15 + close(15) - entry, 9);
    expect(r.equity[20 - 4]).toBeCloseTo(10_000 + paid15 + paid20 + close(20) - entry, 9);
    expect(r.details[0]!.funding).toBeCloseTo(paid15 + paid20, 12);
    expect(r.trades[0]!.pnl).toBeCloseTo(open(24) - entry + paid15 + paid20, 9);
  });

  it('uses the last mark sample at or before the funding time when marks are given', () => {
    const marks = {
      ts: Float64Array.from([ts(14), ts(15) + 1_000_000, ts(15) + 2_000_000, ts(19)]),
      price: Float64Array.from([111, 117.5, 118, 999]),
    };
    const r = ok(run({ config: swapConfig, funding, marks, tradeFrom: ts(4) }));
    expect(r.funding).toBeCloseTo(-117.5 * 0.001 + 999 * 0.002, 12);
  });

  it('ignores funding on spot', () => {
    const r = ok(
      run({
        series: { ...series, symbol: SPOT.symbol },
        instrument: SPOT,
        config: configFor(SPOT),
        funding,
      }),
    );
    expect(r.funding).toBe(0);
  });
});
