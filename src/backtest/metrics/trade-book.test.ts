import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import { TradeBook, type TradeBookFill } from './trade-book.js';

const LINEAR = { symbol: 'BTC/USDT', contractValue: 1, inverse: false } as const;
/** OKX BTC-USD-SWAP: 100 USD per contract, PnL in BTC. */
const INVERSE = { symbol: 'BTC/USD:BTC', contractValue: 100, inverse: true } as const;

function f(
  base: Pick<TradeBookFill, 'symbol' | 'contractValue' | 'inverse'>,
  side: 'buy' | 'sell',
  qty: number,
  price: number,
  fee: number,
  ts: number,
  reason?: string,
): TradeBookFill {
  return { ...base, side, qty, price, fee, ts, ...(reason === undefined ? {} : { reason }) };
}

const noMark = (): number => {
  throw new Error('nothing should be open');
};

describe('TradeBook', () => {
  it('follows open, add, partial close and close as one trade', () => {
    const book = new TradeBook();
    book.fill(f(LINEAR, 'buy', 1, 100, 0.1, 1));
    book.fill(f(LINEAR, 'buy', 1, 110, 0.11, 2));
    book.fill(f(LINEAR, 'sell', 0.5, 120, 0.06, 3));
    book.fill(f(LINEAR, 'sell', 1.5, 130, 0.195, 4));
    const { trades, details } = book.finish(5, noMark);
    expect(trades).toHaveLength(1);
    const t = trades[0]!;
    expect(t).toMatchObject({ symbol: 'BTC/USDT', side: 'long', qty: 2, entryTime: 1, exitTime: 4 });
    expect(t.entryPrice).toBeCloseTo(105, 12);
    expect(t.exitPrice).toBeCloseTo((0.5 * 120 + 1.5 * 130) / 2, 12); // 127.5
    expect(t.fees).toBeCloseTo(0.465, 12);
    // Gross 2 × (127.5 − 105) = 45 (= 0.5 × 15 + 1.5 × 25 realised at the running average).
    expect(t.pnl).toBeCloseTo(45 - 0.465, 12);
    expect(details).toEqual([{ funding: 0, exitReason: 'signal' }]);
  });

  it('reports the largest size as qty and the realised PnL when adding after a partial close', () => {
    const book = new TradeBook();
    book.fill(f(LINEAR, 'buy', 2, 100, 0, 1));
    book.fill(f(LINEAR, 'sell', 1, 110, 0, 2)); // realises +10 at avg 100
    book.fill(f(LINEAR, 'buy', 1, 120, 0, 3)); // avg now 110, size back to 2
    book.fill(f(LINEAR, 'sell', 2, 110, 0, 4)); // realises 0
    const t = book.finish(5, noMark).trades[0]!;
    expect(t.qty).toBe(2);
    expect(t.entryPrice).toBeCloseTo(320 / 3, 12);
    expect(t.exitPrice).toBeCloseTo(110, 12);
    expect(t.pnl).toBeCloseTo(10, 12);
  });

  it('splits a flip: the fill closes one trade and opens the other, its fee shared by quantity', () => {
    const book = new TradeBook();
    book.fill(f(LINEAR, 'buy', 1, 100, 0.1, 1));
    book.fill(f(LINEAR, 'sell', 3, 110, 0.33, 2)); // 1 closes the long, 2 open a short
    book.fill(f(LINEAR, 'buy', 2, 100, 0.2, 3, 'stop-loss'));
    const { trades, details } = book.finish(4, noMark);
    expect(trades).toHaveLength(2);
    const [long, short] = trades as [(typeof trades)[0], (typeof trades)[0]];
    expect(long).toMatchObject({
      side: 'long',
      qty: 1,
      entryTime: 1,
      exitTime: 2,
      entryPrice: 100,
      exitPrice: 110,
    });
    expect(long.fees).toBeCloseTo(0.1 + 0.11, 12); // a third of 0.33
    expect(long.pnl).toBeCloseTo(10 - 0.21, 12);
    expect(short).toMatchObject({
      side: 'short',
      qty: 2,
      entryTime: 2,
      exitTime: 3,
      entryPrice: 110,
      exitPrice: 100,
    });
    expect(short.fees).toBeCloseTo(0.22 + 0.2, 12);
    expect(short.pnl).toBeCloseTo(20 - 0.42, 12);
    expect(details.map((d) => d.exitReason)).toEqual(['signal', 'stop-loss']);
  });

  it('uses harmonic averages and coin PnL for inverse contracts', () => {
    const book = new TradeBook();
    book.fill(f(INVERSE, 'buy', 10, 20_000, 0, 1));
    book.fill(f(INVERSE, 'buy', 10, 30_000, 0, 2));
    book.fill(f(INVERSE, 'sell', 10, 40_000, 0, 3));
    book.fill(f(INVERSE, 'sell', 10, 60_000, 0.0001, 4, 'liquidation'));
    const { trades, details } = book.finish(5, noMark);
    const t = trades[0]!;
    expect(t.entryPrice).toBeCloseTo(20 / (10 / 20_000 + 10 / 30_000), 6); // 24,000
    expect(t.entryPrice).toBeCloseTo(24_000, 6);
    expect(t.exitPrice).toBeCloseTo(48_000, 6);
    // 10 × 100 × (1/24000 − 1/40000) + 10 × 100 × (1/24000 − 1/60000) = 0.0166… + 0.025 BTC.
    expect(t.pnl).toBeCloseTo(20 * 100 * (1 / 24_000 - 1 / 48_000) - 0.0001, 15);
    expect(t.pnl).toBeCloseTo(0.0416667 - 0.0001, 7);
    expect(details[0]!.exitReason).toBe('liquidation');

    // A short gains in coin when the price falls.
    const short = new TradeBook();
    short.fill(f(INVERSE, 'sell', 10, 40_000, 0, 1));
    short.fill(f(INVERSE, 'buy', 10, 20_000, 0, 2));
    expect(short.finish(3, noMark).trades[0]!.pnl).toBeCloseTo(-10 * 100 * (1 / 40_000 - 1 / 20_000), 15); // +0.025
  });

  it('attributes funding to the open trade of the symbol and ignores it when flat', () => {
    const book = new TradeBook();
    book.funding('BTC/USDT', 5); // flat: ignored
    book.fill(f(LINEAR, 'buy', 1, 100, 0, 1));
    book.funding('BTC/USDT', -0.3);
    book.funding('ETH/USDT', 7); // another symbol, flat
    book.funding('BTC/USDT', 0.1);
    book.fill(f(LINEAR, 'sell', 1, 100, 0, 2));
    book.funding('BTC/USDT', 9); // flat again
    const { trades, details } = book.finish(3, noMark);
    expect(details[0]!.funding).toBeCloseTo(-0.2, 12);
    expect(trades[0]!.pnl).toBeCloseTo(-0.2, 12);
  });

  it('closes open trades at the mark on finish, without fee, ordered by exit time then entry', () => {
    const book = new TradeBook();
    const eth = { symbol: 'ETH/USDT', contractValue: 1, inverse: false } as const;
    book.fill(f(LINEAR, 'buy', 1, 100, 0.1, 1)); // BTC opened first
    book.fill(f(eth, 'sell', 2, 50, 0.1, 2)); // ETH short opened second
    book.fill(f({ ...LINEAR, symbol: 'SOL/USDT' }, 'buy', 1, 10, 0, 3));
    book.fill(f({ ...LINEAR, symbol: 'SOL/USDT' }, 'sell', 1, 11, 0, 8)); // closed before the end
    expect(book.isOpen('BTC/USDT')).toBe(true);
    const marks: Record<string, number> = { 'BTC/USDT': 90, 'ETH/USDT': 45 };
    const { trades, details } = book.finish(10, (s) => marks[s]!);
    expect(trades.map((t) => t.symbol)).toEqual(['SOL/USDT', 'BTC/USDT', 'ETH/USDT']);
    expect(trades[1]).toMatchObject({ exitTime: 10, exitPrice: 90, fees: 0.1 });
    expect(trades[1]!.pnl).toBeCloseTo(-10 - 0.1, 12);
    expect(trades[2]!.pnl).toBeCloseTo(10 - 0.1, 12);
    expect(details.map((d) => d.exitReason)).toEqual(['signal', 'end-of-data', 'end-of-data']);
    expect(book.isOpen('BTC/USDT')).toBe(false);
  });

  it('treats a reducing fill within the position epsilon as an exact close', () => {
    const book = new TradeBook();
    book.fill(f(LINEAR, 'buy', 0.3, 100, 0, 1));
    book.fill(f(LINEAR, 'sell', 0.1 + 0.2, 100, 0, 2)); // 0.30000000000000004
    expect(book.isOpen('BTC/USDT')).toBe(false);
    expect(book.finish(3, noMark).trades).toHaveLength(1);
  });

  it('rejects malformed fills and unusable marks', () => {
    const book = new TradeBook();
    expect(() => book.fill(f(LINEAR, 'buy', 0, 100, 0, 1))).toThrowError(/qty/);
    expect(() => book.fill(f(LINEAR, 'buy', 1, Number.NaN, 0, 1))).toThrowError(/price/);
    book.fill(f(LINEAR, 'buy', 1, 100, 0, 1));
    try {
      book.finish(2, () => Number.NaN);
      expect.unreachable();
    } catch (error) {
      expect(isQuantLabError(error, 'QL_ERR_INVALID_INPUT')).toBe(true);
    }
  });
});
