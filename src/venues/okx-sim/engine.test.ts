import { describe, expect, it } from 'vitest';
import { candle, engineFixture, flat } from './test-kit.js';

const SWAP = 'BTC-USDT-SWAP';
const swapOrder = (fields: Record<string, unknown>) => ({ instId: SWAP, tdMode: 'cross', ...fields });

describe('matching engine: orders on arrival', () => {
  it('fills a market order at the last price as a taker and opens a net position', () => {
    const { engine } = engineFixture({ [SWAP]: 60_000 });
    const result = engine.placeOrder(swapOrder({ side: 'buy', ordType: 'market', sz: '2' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const order = result.value;
    expect(order.state).toBe('filled');
    expect(order.avgPx).toBe(60_000);
    // 2 contracts × 0.01 BTC × 60 000 × 0.0005
    expect(order.fee).toBeCloseTo(-0.6, 10);
    expect(order.lastFill?.execType).toBe('T');
    const position = engine.account.position(order.inst, 'cross', 'net')!;
    expect(position.pos).toBe(2);
    expect(position.avgPx).toBe(60_000);
    expect(engine.account.cash('USDT')).toBeCloseTo(100_000 - 0.6, 8);
    // cross imr = 1 200 / 10
    expect(engine.account.figures('USDT').availEq).toBeCloseTo(100_000 - 0.6 - 120, 8);
  });

  it('rests a limit below the market, holds its margin, and fills it as a maker when the path reaches it', () => {
    const { engine, walk } = engineFixture({ [SWAP]: 60_000 });
    const result = engine.placeOrder(
      swapOrder({ side: 'buy', ordType: 'limit', px: '59000', sz: '1', clOrdId: 'abc1' }),
    );
    if (!result.ok) throw new Error(result.sMsg);
    expect(result.value.state).toBe('live');
    expect(engine.account.figures('USDT').ordFrozen).toBeCloseTo((1 * 0.01 * 59_000) / 10, 8);
    walk(SWAP, candle(60_000, 60_100, 59_500, 59_800));
    expect(result.value.state).toBe('live');
    walk(SWAP, candle(59_800, 59_900, 58_500, 59_200));
    expect(result.value.state).toBe('filled');
    expect(result.value.avgPx).toBe(59_000);
    expect(result.value.lastFill?.execType).toBe('M');
    expect(result.value.fee).toBeCloseTo(-0.01 * 59_000 * 0.0002, 10);
    expect(engine.account.figures('USDT').ordFrozen).toBe(0);
  });

  it('fills a marketable limit at once at the last price (taker), and cancels what may not take', () => {
    const { engine } = engineFixture({ [SWAP]: 60_000 });
    const taker = engine.placeOrder(swapOrder({ side: 'buy', ordType: 'limit', px: '60500', sz: '1' }));
    expect(taker.ok && taker.value.state === 'filled' && taker.value.avgPx === 60_000).toBe(true);
    const postOnly = engine.placeOrder(
      swapOrder({ side: 'buy', ordType: 'post_only', px: '60500', sz: '1' }),
    );
    expect(postOnly.ok && postOnly.value.state === 'canceled' && postOnly.value.cancelSource === '31').toBe(
      true,
    );
    const ioc = engine.placeOrder(swapOrder({ side: 'buy', ordType: 'ioc', px: '59000', sz: '1' }));
    expect(ioc.ok && ioc.value.state === 'canceled' && ioc.value.accFillSz === 0).toBe(true);
    const fok = engine.placeOrder(swapOrder({ side: 'sell', ordType: 'fok', px: '59900', sz: '1' }));
    expect(fok.ok && fok.value.state === 'filled').toBe(true);
  });

  it('refuses orders with OKX codes', () => {
    const { engine } = engineFixture({ [SWAP]: 60_000 }, 1_000);
    const codes = (fields: Record<string, unknown>) => {
      const r = engine.placeOrder(swapOrder(fields));
      return r.ok ? '0' : r.sCode;
    };
    expect(codes({ side: 'buy', ordType: 'limit', px: '59000', sz: '0.015' })).toBe('51121');
    expect(codes({ side: 'buy', ordType: 'limit', px: '59000.05', sz: '1' })).toBe('51000');
    expect(codes({ side: 'buy', ordType: 'limit', px: '70000', sz: '1' })).toBe('51006');
    expect(codes({ side: 'buy', ordType: 'market', sz: '100' })).toBe('51008');
    expect(codes({ side: 'sell', ordType: 'market', sz: '1', reduceOnly: true })).toBe('51169');
    expect(codes({ side: 'buy', ordType: 'stop', sz: '1' })).toBe('51000');
    expect(codes({ instId: 'DOGE-USDT-SWAP', side: 'buy', ordType: 'market', sz: '1' })).toBe('51001');
    expect(codes({ side: 'buy', ordType: 'limit', px: '59000', sz: '1', clOrdId: 'dup1' })).toBe('0');
    expect(codes({ side: 'buy', ordType: 'limit', px: '59000', sz: '1', clOrdId: 'dup1' })).toBe('51016');
    expect(codes({ side: 'buy', ordType: 'limit', px: '59000', sz: '1', clOrdId: 'has_underscore' })).toBe(
      '51000',
    );
  });
});

describe('matching engine: positions and the price path', () => {
  it('realises PnL when a position is reduced and flips at the fill price', () => {
    const { engine, walk } = engineFixture({ [SWAP]: 60_000 });
    engine.placeOrder(swapOrder({ side: 'buy', ordType: 'market', sz: '2' }));
    walk(SWAP, flat(61_000));
    const cashBefore = engine.account.cash('USDT');
    const flip = engine.placeOrder(swapOrder({ side: 'sell', ordType: 'market', sz: '3' }));
    if (!flip.ok) throw new Error(flip.sMsg);
    // closes 2 contracts with +1 000 × 0.02 = +20, pays 3 × 0.01 × 61 000 × 0.0005 = 0.915
    expect(flip.value.pnl).toBeCloseTo(20, 8);
    expect(engine.account.cash('USDT') - cashBefore).toBeCloseTo(20 - 0.915, 8);
    const position = engine.account.position(flip.value.inst, 'cross', 'net')!;
    expect(position.pos).toBe(-1);
    expect(position.avgPx).toBe(61_000);
  });

  it('walks open → nearer extreme → farther extreme → close', () => {
    const { engine, walk } = engineFixture({ [SWAP]: 60_000 });
    const sell = engine.placeOrder(swapOrder({ side: 'sell', ordType: 'limit', px: '60200', sz: '1' }));
    const buy = engine.placeOrder(swapOrder({ side: 'buy', ordType: 'limit', px: '59700', sz: '1' }));
    if (!sell.ok || !buy.ok) throw new Error('placement failed');
    // The high (60 250) is nearer the open than the low (59 600): the sell fills first, opening a short
    // that the buy then closes.
    walk(SWAP, candle(60_000, 60_250, 59_600, 59_900));
    expect(sell.value.lastFill!.tradeId < buy.value.lastFill!.tradeId).toBe(true);
    expect(buy.value.pnl).toBeCloseTo(0.01 * 500, 8);
    expect(engine.account.positions()).toEqual([]);
  });

  it('keeps isolated margin out of the cash balance and returns it with the PnL', () => {
    const { engine, walk } = engineFixture({ [SWAP]: 60_000 });
    engine.placeOrder(swapOrder({ tdMode: 'isolated', side: 'buy', ordType: 'market', sz: '1' }));
    const fee = 0.01 * 60_000 * 0.0005;
    expect(engine.account.cash('USDT')).toBeCloseTo(100_000 - fee - 60, 8);
    const figures = engine.account.figures('USDT');
    expect(figures.isoEq).toBeCloseTo(60, 8);
    expect(figures.eq).toBeCloseTo(100_000 - fee, 8);
    walk(SWAP, flat(60_600));
    engine.placeOrder(swapOrder({ tdMode: 'isolated', side: 'sell', ordType: 'market', sz: '1' }));
    expect(engine.account.cash('USDT')).toBeCloseTo(100_000 - fee + 6 - 0.01 * 60_600 * 0.0005, 8);
  });

  it('books spot buys with the fee in the base currency and refuses sells of what is not held', () => {
    const { engine } = engineFixture({ 'BTC-USDT': 50_000 });
    const buy = engine.placeOrder({
      instId: 'BTC-USDT',
      tdMode: 'cash',
      side: 'buy',
      ordType: 'market',
      sz: '0.1',
    });
    expect(buy.ok && buy.value.feeCcy === 'BTC').toBe(true);
    expect(engine.account.cash('BTC')).toBeCloseTo(0.1 * (1 - 0.0005), 12);
    expect(engine.account.cash('USDT')).toBeCloseTo(100_000 - 5_000, 8);
    const sell = engine.placeOrder({
      instId: 'BTC-USDT',
      tdMode: 'cash',
      side: 'sell',
      ordType: 'market',
      sz: '0.1',
    });
    expect(!sell.ok && sell.sCode).toBe('51008');
  });

  it('supports long/short position mode with posSide', () => {
    const { engine } = engineFixture({ [SWAP]: 60_000 });
    engine.account.posMode = 'long_short_mode';
    expect(engine.placeOrder(swapOrder({ side: 'buy', ordType: 'market', sz: '1' })).ok).toBe(false);
    engine.placeOrder(swapOrder({ side: 'buy', posSide: 'long', ordType: 'market', sz: '1' }));
    engine.placeOrder(swapOrder({ side: 'sell', posSide: 'short', ordType: 'market', sz: '2' }));
    const [long, short] = engine.account.positions();
    expect([long!.posSide, long!.pos, short!.posSide, short!.pos]).toEqual(['long', 1, 'short', 2]);
    const over = engine.placeOrder(swapOrder({ side: 'sell', posSide: 'long', ordType: 'market', sz: '2' }));
    expect(!over.ok && over.sCode).toBe('51112');
  });
});

describe('matching engine: algo orders', () => {
  it('arms an attached stop-loss when the parent fills and fires it where the path crosses it', () => {
    const { engine, walk, events } = engineFixture({ [SWAP]: 60_000 });
    const parent = engine.placeOrder(
      swapOrder({
        side: 'buy',
        ordType: 'limit',
        px: '59500',
        sz: '1',
        attachAlgoOrds: [{ slTriggerPx: '58000', slOrdPx: '-1' }],
      }),
    );
    if (!parent.ok) throw new Error(parent.sMsg);
    expect([...engine.store.allAlgos()]).toHaveLength(0);
    walk(SWAP, candle(60_000, 60_000, 59_400, 59_600));
    const [sl] = [...engine.store.allAlgos()];
    expect(sl?.ordType).toBe('conditional');
    expect(sl?.state).toBe('live');
    walk(SWAP, candle(59_600, 59_700, 57_900, 58_200));
    expect(sl?.state).toBe('effective');
    const child = engine.store.findOrder('', sl!.ordId, '')!;
    expect(child.reduceOnly).toBe(true);
    expect(child.avgPx).toBe(58_000);
    expect(engine.account.positions()).toEqual([]);
    expect(events.some((e) => e.type === 'algo' && e.algo.state === 'effective')).toBe(true);
  });

  it('arms TP and SL of one attached entry as one OCO under its attachAlgoClOrdId; the fired order names it', () => {
    const { engine, walk } = engineFixture({ [SWAP]: 60_000 });
    const attach = {
      attachAlgoClOrdId: 'qlentry1a',
      slTriggerPx: '58000',
      slOrdPx: '-1',
      tpTriggerPx: '62000',
    };
    const bad = engine.placeOrder(
      swapOrder({
        side: 'buy',
        ordType: 'market',
        sz: '1',
        attachAlgoOrds: [{ ...attach, attachAlgoClOrdId: 'a-b' }],
      }),
    );
    expect(!bad.ok && bad.sCode).toBe('51000');
    const parent = engine.placeOrder(
      swapOrder({ side: 'buy', ordType: 'market', sz: '1', attachAlgoOrds: [attach] }),
    );
    if (!parent.ok) throw new Error(parent.sMsg);
    const [oco] = [...engine.store.allAlgos()];
    expect([oco?.ordType, oco?.algoClOrdId, oco?.state]).toEqual(['oco', 'qlentry1a', 'live']);
    walk(SWAP, candle(60_000, 60_000, 57_900, 58_200));
    expect([oco?.state, oco?.actualSide]).toEqual(['effective', 'sl']);
    const fired = engine.store.findOrder('', oco!.ordId, '')!;
    expect([fired.algoClOrdId, fired.algoId, fired.state]).toEqual(['qlentry1a', oco!.algoId, 'filled']);
    // The take-profit leg went with it: one order placed, nothing live.
    walk(SWAP, candle(58_200, 62_500, 58_200, 62_400));
    expect(engine.store.liveAlgos(SWAP)).toEqual([]);
    expect(engine.account.positions()).toEqual([]);
  });

  it('arms the attached TP/SL of an order cancelled after a partial fill, sized to what filled', () => {
    const { engine } = engineFixture({ [SWAP]: 60_000 });
    engine.placeOrder(swapOrder({ side: 'buy', ordType: 'market', sz: '1' }));
    // Reduce-only for 2 on a long of 1: 1 fills, the rest is cancelled.
    const cut = engine.placeOrder(
      swapOrder({
        side: 'sell',
        ordType: 'market',
        sz: '2',
        reduceOnly: true,
        attachAlgoOrds: [{ attachAlgoClOrdId: 'qlcut1a', slTriggerPx: '61000', tpTriggerPx: '59000' }],
      }),
    );
    if (!cut.ok) throw new Error(cut.sMsg);
    expect([cut.value.state, cut.value.accFillSz]).toEqual(['canceled', 1]);
    const algos = [...engine.store.allAlgos()];
    expect(algos.map((a) => [a.algoClOrdId, a.ordType, a.sz, a.side, a.state])).toEqual([
      ['qlcut1a', 'oco', 1, 'buy', 'live'],
    ]);
  });

  it('rejects conditional triggers on the wrong side of the last price', () => {
    const { algos } = engineFixture({ [SWAP]: 60_000 });
    const place = (fields: Record<string, unknown>) => {
      const r = algos.place(swapOrder({ ordType: 'conditional', sz: '1', ...fields }));
      return r.ok ? '0' : r.sCode;
    };
    expect(place({ side: 'sell', slTriggerPx: '61000', slOrdPx: '-1' })).toBe('51280');
    expect(place({ side: 'sell', tpTriggerPx: '59000', tpOrdPx: '-1' })).toBe('51279');
    expect(place({ side: 'buy', slTriggerPx: '59000', slOrdPx: '-1' })).toBe('51278');
    expect(place({ side: 'buy', tpTriggerPx: '61000', tpOrdPx: '-1' })).toBe('51277');
    expect(place({ side: 'sell', slTriggerPx: '59000', slOrdPx: '-1' })).toBe('0');
  });

  it('fires a trailing stop after the price falls back by the callback ratio from its high', () => {
    const { engine, algos, walk } = engineFixture({ [SWAP]: 60_000 });
    engine.placeOrder(swapOrder({ side: 'buy', ordType: 'market', sz: '1' }));
    const trail = algos.place(
      swapOrder({
        side: 'sell',
        ordType: 'move_order_stop',
        sz: '1',
        reduceOnly: 'true',
        callbackRatio: '0.01',
      }),
    );
    if (!trail.ok) throw new Error(trail.sMsg);
    walk(SWAP, candle(60_000, 62_000, 60_000, 61_800));
    expect(trail.value.state).toBe('live');
    expect(trail.value.extreme).toBe(62_000);
    walk(SWAP, candle(61_800, 61_900, 61_000, 61_200));
    expect(trail.value.state).toBe('effective');
    expect(trail.value.actualPx).toBeCloseTo(62_000 * 0.99, 6);
  });

  it('a trailing buy with callbackSpread waits for its activation price', () => {
    const { algos, walk } = engineFixture({ [SWAP]: 60_000 });
    const trail = algos.place(
      swapOrder({
        side: 'buy',
        ordType: 'move_order_stop',
        sz: '1',
        callbackSpread: '300',
        activePx: '59000',
      }),
    );
    if (!trail.ok) throw new Error(trail.sMsg);
    // A rise of more than 300 before activation does nothing.
    walk(SWAP, candle(60_000, 60_500, 59_900, 60_400));
    expect(trail.value.state).toBe('live');
    expect(trail.value.activated).toBe(false);
    // Activated at 59 000, the low reaches 58 500; the rebound to 58 800 fires it.
    walk(SWAP, candle(60_400, 60_400, 58_500, 58_900));
    expect(trail.value.state).toBe('effective');
    expect(trail.value.actualPx).toBe(58_800);
    const rejects = algos.place(
      swapOrder({
        side: 'buy',
        ordType: 'move_order_stop',
        sz: '1',
        callbackRatio: '0.5',
        callbackSpread: '1',
      }),
    );
    expect(!rejects.ok && rejects.sCode).toBe('51257');
  });

  it('fires a trigger order when the price reaches it from where it was', () => {
    const { algos, walk } = engineFixture({ [SWAP]: 60_000 });
    const trigger = algos.place(
      swapOrder({ side: 'buy', ordType: 'trigger', sz: '1', triggerPx: '61000', orderPx: '-1' }),
    );
    if (!trigger.ok) throw new Error(trigger.sMsg);
    walk(SWAP, candle(60_000, 60_900, 59_000, 59_500));
    expect(trigger.value.state).toBe('live');
    walk(SWAP, candle(59_500, 61_200, 59_400, 61_100));
    expect(trigger.value.state).toBe('effective');
    expect(trigger.value.actualPx).toBe(61_000);
  });
});
