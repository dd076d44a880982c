import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amendAlgo } from './algo-amend.js';
import type { OkxSimulator } from './simulator.js';
import { candle, engineFixture, signedFetch, startSimulator } from './test-kit.js';

const SWAP = 'BTC-USDT-SWAP';

/** A long of 1 protected by an attached OCO (`qlentry1a`: stop-loss 58 000, take-profit 62 000). */
function protectedLong() {
  const fixture = engineFixture({ [SWAP]: 60_000 });
  const entry = fixture.engine.placeOrder({
    instId: SWAP,
    tdMode: 'cross',
    side: 'buy',
    ordType: 'market',
    sz: '1',
    attachAlgoOrds: [{ attachAlgoClOrdId: 'qlentry1a', slTriggerPx: '58000', tpTriggerPx: '62000' }],
  });
  if (!entry.ok) throw new Error(entry.sMsg);
  const oco = fixture.engine.store.findAlgo(SWAP, '', 'qlentry1a')!;
  const amend = (fields: Record<string, unknown>) => {
    const result = amendAlgo(fixture.engine, { instId: SWAP, algoClOrdId: 'qlentry1a', ...fields });
    return result.ok ? '0' : result.sCode;
  };
  return { ...fixture, oco, amend };
}

describe('amend-algos on the matching engine', () => {
  it('moves one leg of an attached OCO by algoClOrdId; the path fires at the new trigger, not the old', () => {
    const { engine, walk, oco, amend } = protectedLong();
    expect(amend({ newSlTriggerPx: '59500', newSlOrdPx: '-1', newSlTriggerPxType: 'last' })).toBe('0');
    expect([oco.slTriggerPx, oco.slOrdPx, oco.tpTriggerPx, oco.tpOrdPx]).toEqual([59_500, -1, 62_000, -1]);
    walk(SWAP, candle(60_000, 60_000, 59_600, 59_800));
    expect(oco.state).toBe('live');
    walk(SWAP, candle(59_800, 59_800, 59_400, 59_500));
    expect([oco.state, oco.actualSide]).toEqual(['effective', 'sl']);
    expect(engine.account.positions()).toEqual([]);
  });

  it('refuses with OKX codes: parameters 51000, wrong side 51277–51280, not live 51603', () => {
    const { engine, oco, amend } = protectedLong();
    expect(amend({ newSlTriggerPx: 'abc' })).toBe('51000');
    expect(amend({ newSlTriggerPx: '59500.05' })).toBe('51000'); // off the tick grid
    expect(amend({ newSlTriggerPx: '60500' })).toBe('51280');
    expect(amend({ newTpTriggerPx: '59000' })).toBe('51279');
    expect(amend({})).toBe('51500');
    const missing = amendAlgo(engine, { instId: SWAP, algoClOrdId: 'nosuchalgo', newSlTriggerPx: '59000' });
    expect(!missing.ok && missing.sCode).toBe('51603');
    const noId = amendAlgo(engine, { instId: SWAP, newSlTriggerPx: '59000' });
    expect(!noId.ok && noId.sCode).toBe('51003');
    expect(oco.slTriggerPx).toBe(58_000);
    oco.state = 'canceled';
    expect(amend({ newSlTriggerPx: '59000' })).toBe('51603');
  });

  it('a conditional order amends only the leg it has', () => {
    const { algos, engine } = engineFixture({ [SWAP]: 60_000 });
    const placed = algos.place({
      instId: SWAP,
      tdMode: 'cross',
      side: 'sell',
      ordType: 'conditional',
      sz: '1',
      slTriggerPx: '59000',
      slOrdPx: '-1',
    });
    if (!placed.ok) throw new Error(placed.sMsg);
    const byId = (fields: Record<string, unknown>) => {
      const r = amendAlgo(engine, { instId: SWAP, algoId: placed.value.algoId, ...fields });
      return r.ok ? '0' : r.sCode;
    };
    expect(byId({ newTpTriggerPx: '61000', newTpOrdPx: '-1' })).toBe('51000');
    expect(byId({ newSlTriggerPx: '58500', newSlOrdPx: '58400' })).toBe('0');
    expect([placed.value.slTriggerPx, placed.value.slOrdPx]).toEqual([58_500, 58_400]);
  });
});

describe('POST /api/v5/trade/amend-algos', () => {
  let sim: OkxSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it("answers OKX's rows: algoId, algoClOrdId, reqId, sCode, sMsg; a failure in an envelope code 1", async () => {
    const placed = await signedFetch(sim, '/api/v5/trade/order-algo', {
      body: {
        instId: SWAP,
        tdMode: 'cross',
        side: 'sell',
        ordType: 'conditional',
        sz: '1',
        slTriggerPx: '50000',
        slOrdPx: '-1',
        algoClOrdId: 'amendme1',
      },
    });
    const algoId = placed.json.data[0]!.algoId;
    const amended = await signedFetch(sim, '/api/v5/trade/amend-algos', {
      body: { instId: SWAP, algoClOrdId: 'amendme1', newSlTriggerPx: '51000', newSlOrdPx: '-1', reqId: 'r1' },
    });
    expect(amended.json).toMatchObject({
      code: '0',
      data: [{ algoId, algoClOrdId: 'amendme1', reqId: 'r1', sCode: '0', sMsg: '' }],
    });
    expect(sim.engine.store.findAlgo(SWAP, algoId as string, '')?.slTriggerPx).toBe(51_000);
    const missing = await signedFetch(sim, '/api/v5/trade/amend-algos', {
      body: { instId: SWAP, algoClOrdId: 'nosuchalgo', newSlTriggerPx: '51000', newSlOrdPx: '-1' },
    });
    expect(missing.json).toMatchObject({
      code: '1',
      msg: 'All operations failed',
      data: [{ algoClOrdId: 'nosuchalgo', sCode: '51603', sMsg: 'Order does not exist' }],
    });
  });
});
