import type { Exchange, Order, Trade } from 'ccxt';
import { beforeAll, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { attachedIds } from '../../core/attached-ids.js';
import { makeClientOrderId, strategyId } from '../../core/ids.js';
import { fillReportFromCcxt } from './account-reports.js';
import { offlineOkx, okxSample } from './ccxt-test-kit.js';
import { venueQuery } from './client-reports.js';
import { OrderIdBook } from './order-ids.js';
import { learnOrderIds, orderReportFromCcxt } from './order-report.js';

type Row = Record<string, unknown>;
const ids = attachedIds(makeClientOrderId(strategyId('s1'), 7, 'acct'));
const ALGO_ID = '3373000000000000009';
const FIRED_ORDER = '3373000000000000777';

/**
 * OKX files an attached stop-loss / take-profit under its `algoClOrdId` (our derived id); the client
 * files its reports under the kernel's child of the leg that fired (real OKX rows, our ids).
 */
describeWithSharedData('attached algo order reports', () => {
  let okx: Exchange & { orderToTrade(order: Order): Trade };
  const row = (file: string, patch: Row): Row => ({ ...okxSample(file).data[0]!, ...patch });
  const ocoRow = (patch: Row) =>
    row('http_get_orders_algo_pending_attached_oco.json', {
      algoId: ALGO_ID,
      algoClOrdId: ids.algo,
      ...patch,
    });
  // The order the triggered OCO placed, as the orders channel pushes it (with its algo ids).
  const firedRow = () =>
    row('ws_orders_trigger.json', {
      instId: 'ETH-USDT-SWAP',
      ordId: FIRED_ORDER,
      clOrdId: `${ALGO_ID}_0`,
      algoId: ALGO_ID,
      algoClOrdId: ids.algo,
      linkedAlgoOrd: { algoId: '' },
      ordType: 'market',
    });

  beforeAll(async () => {
    okx = (await offlineOkx({ pro: true })) as typeof okx;
  });

  it('a live OCO is the attached algo order itself; the queries of either child go to it', () => {
    const context = { now: () => 0, ids: new OrderIdBook() };
    expect(orderReportFromCcxt(okx.parseOrder(ocoRow({})), context).clientOrderId).toBe(ids.algo);
    for (const leg of [ids.stopLoss, ids.takeProfit])
      expect(venueQuery({ clientOrderId: leg, symbol: 'ETH/USDT:USDT' })).toEqual({
        clientOrderId: ids.algo,
        symbol: 'ETH/USDT:USDT',
        conditional: true,
      });
    const plain = { clientOrderId: 'ql1', symbol: 'ETH/USDT:USDT' };
    expect(venueQuery(plain)).toBe(plain);
  });

  it('the fired order and its fills wait for the leg, then go to the child that fired', () => {
    const book = new OrderIdBook();
    const context = { now: () => 0, ids: book };
    const fired = okx.parseOrder(firedRow());
    learnOrderIds(fired, book);
    // Before the algo record says which leg fired, only the attached algo order is known.
    expect(orderReportFromCcxt(fired, context).clientOrderId).toBe(ids.algo);

    const effective = okx.parseOrder(ocoRow({ state: 'effective', actualSide: 'sl', ordId: FIRED_ORDER }));
    learnOrderIds(effective, book);
    expect(orderReportFromCcxt(effective, context).clientOrderId).toBe(ids.stopLoss);
    expect(orderReportFromCcxt(fired, context)).toMatchObject({
      clientOrderId: ids.stopLoss,
      status: 'filled',
    });
    // The orders channel's fill, and the REST fill (which names only the order: clOrdId `<algoId>_0`).
    expect(fillReportFromCcxt(okx.orderToTrade(fired), context)?.clientOrderId).toBe(ids.stopLoss);
    const rest = okx.parseTrade({
      ...okxSample<Row>('http_transaction_detail.json'),
      instType: 'SWAP',
      instId: 'ETH-USDT-SWAP',
      ordId: FIRED_ORDER,
      clOrdId: `${ALGO_ID}_0`,
    });
    expect(fillReportFromCcxt(rest, context)?.clientOrderId).toBe(ids.stopLoss);
  });

  it('a take-profit that fired files under the take-profit child', () => {
    const book = new OrderIdBook();
    const effective = okx.parseOrder(ocoRow({ state: 'effective', actualSide: 'tp', ordId: FIRED_ORDER }));
    learnOrderIds(effective, book);
    const fired = okx.parseOrder(firedRow());
    expect(orderReportFromCcxt(fired, { now: () => 0, ids: book }).clientOrderId).toBe(ids.takeProfit);
  });
});
