import type { Exchange, Order, Trade } from 'ccxt';
import { beforeAll, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { balanceReportsFromCcxt, fillReportFromCcxt, positionReportFromCcxt } from './account-reports.js';
import { offlineOkx, okxSample } from './ccxt-test-kit.js';
import { OrderIdBook } from './order-ids.js';
import { orderReportFromCcxt, type ReportContext } from './order-report.js';

const NOW = 1_800_000_000_000;
const context: ReportContext = { now: () => NOW };

type Row = Record<string, unknown>;

/** ccxt's own parsers, as the client uses them, over the real OKX samples. */
describeWithSharedData('OKX reports from ccxt parsers', () => {
  let okx: Exchange & { orderToTrade(order: Order): Trade; parseTradingBalance(response: unknown): never };
  const row = (file: string, index = 0): Row => okxSample(file).data[index]!;

  beforeAll(async () => {
    okx = (await offlineOkx({ pro: true })) as typeof okx;
  });

  it('a pending limit order (orders-pending)', () => {
    const report = orderReportFromCcxt(okx.parseOrder(row('http_get_orders_pending.json')), context);
    expect(report).toEqual({
      clientOrderId: 'client-order-1',
      venueOrderId: '1234567890123456789',
      symbol: 'BTC/USDT:USDT',
      side: 'buy',
      type: 'limit',
      reduceOnly: false,
      qty: 0.1,
      price: 103500,
      status: 'open',
      filledQty: 0,
      avgFillPrice: 0,
      tsEvent: 1746947317000,
    });
  });

  it('a filled market order (orders-history) has no client id when OKX sends an empty clOrdId', () => {
    const report = orderReportFromCcxt(okx.parseOrder(row('http_get_orders_history.json')), context);
    expect(report).toMatchObject({ venueOrderId: '2497956918703120384', type: 'market', status: 'filled' });
    expect(report).toMatchObject({ filledQty: 0.03, avgFillPrice: 103698.9, tsEvent: 1746947317402 });
    expect(report).not.toHaveProperty('clientOrderId');
    expect(report).not.toHaveProperty('price');
  });

  it('OKX partially_filled is visible (ccxt says only "open"); IOC and FOK come back as time in force', () => {
    const ioc = okx.parseOrder(row('ws_orders_ioc.json'));
    expect(ioc.status).toBe('open');
    expect(orderReportFromCcxt(ioc, context)).toMatchObject({
      status: 'partially-filled',
      timeInForce: 'IOC',
      qty: 0.05,
      filledQty: 0.02,
    });
    expect(orderReportFromCcxt(okx.parseOrder(row('ws_orders_fok.json')), context)).toMatchObject({
      status: 'filled',
      timeInForce: 'FOK',
      clientOrderId: 'FOK-TEST-001',
    });
    const failed = { ...row('http_get_orders_pending.json'), state: 'order_failed' };
    expect(orderReportFromCcxt(okx.parseOrder(failed), context).status).toBe('rejected');
  });

  it('algo orders: client id from algoClOrdId, market (-1) or limit order price, the trigger', () => {
    expect(
      orderReportFromCcxt(okx.parseOrder(row('http_get_orders_algo_pending.json')), context),
    ).toMatchObject({
      clientOrderId: 'client_algo_1',
      venueOrderId: '123456789',
      type: 'stop-limit',
      price: 40000,
      triggerPrice: 40000,
      status: 'open',
    });
    const stop = orderReportFromCcxt(okx.parseOrder(row('ws_orders_algo.json')), context);
    expect(stop).toMatchObject({
      clientOrderId: 'STOP001BTCUSDT20250120',
      type: 'stop-market',
      triggerPrice: 95000,
      reduceOnly: true,
      side: 'sell',
      qty: 0.01,
    });
    expect(stop).not.toHaveProperty('price');
  });

  it('a triggered algo order: its child order and fill are filed under our id and the algo id', () => {
    const ids = new OrderIdBook();
    ids.note('ql1stop', { venueOrderId: '706620792746729474', conditional: true });
    const child = okx.parseOrder(row('ws_orders_trigger.json'));
    expect(orderReportFromCcxt(child, { ...context, ids })).toMatchObject({
      clientOrderId: 'ql1stop',
      venueOrderId: '706620792746729474',
      status: 'filled',
      filledQty: 0.01,
      avgFillPrice: 101950,
    });
    const fill = fillReportFromCcxt(okx.orderToTrade(child), { ...context, ids });
    expect(fill).toEqual({
      tradeId: '1518905530',
      venueOrderId: '706620792746729474',
      clientOrderId: 'ql1stop',
      symbol: 'BTC/USDT:USDT',
      side: 'sell',
      qty: 0.01,
      price: 101950,
      fee: 0.02039,
      feeCurrency: 'USDT',
      liquidity: 'taker',
      tsEvent: 1737400200100,
    });
  });

  it('a fill pushed on the orders channel: OKX fee -0.0218 USDT is 0.0218 paid, execType M is maker', () => {
    const fill = fillReportFromCcxt(okx.orderToTrade(okx.parseOrder(row('ws_orders.json'))), context);
    expect(fill).toEqual({
      tradeId: '1518905529',
      venueOrderId: '2497956918703120384',
      clientOrderId: '001BTCUSDT20250106001',
      symbol: 'BTC/USDT:USDT',
      side: 'buy',
      qty: 0.03,
      price: 103698.9,
      fee: 0.021776769,
      feeCurrency: 'USDT',
      liquidity: 'maker',
      tsEvent: 1746947317402,
    });
  });

  it('a REST fill (transaction detail): ccxt negates OKX fee sign, as FillReport wants', () => {
    const raw = okxSample<Row>('http_transaction_detail.json');
    const fill = fillReportFromCcxt(okx.parseTrade(raw), context);
    expect(fill).toMatchObject({
      tradeId: '123456789',
      venueOrderId: '987654321',
      clientOrderId: 'client_123',
      symbol: 'BTC/USDT',
      qty: 0.001,
      price: 42000.5,
      fee: -0.042,
      liquidity: 'taker',
      tsEvent: 1625097600000,
    });
  });

  it('positions: long/short mode per side, net mode signed by pos', () => {
    const long = positionReportFromCcxt(okx.parsePosition(row('http_get_positions.json')), context);
    expect(long).toEqual({
      symbol: 'BTC/USDT:USDT',
      qty: 0.5,
      avgPrice: 10000,
      positionSide: 'long',
      marginMode: 'isolated',
      leverage: 10,
      unrealisedPnl: 0,
      liquidationPrice: 9000,
      tsEvent: 1622559930237,
    });
    const netShort = { ...row('http_get_positions.json'), posSide: 'net', pos: '-0.5' };
    expect(positionReportFromCcxt(okx.parsePosition(netShort), context)).toMatchObject({
      qty: -0.5,
      positionSide: 'net',
    });
  });

  it('trading-account balance', () => {
    const balances = okx.parseTradingBalance(okxSample('http_get_account_balance.json'));
    const [usdt] = balanceReportsFromCcxt(balances, context);
    expect(usdt).toMatchObject({ currency: 'USDT', total: 99.89469657000001, free: 94.42612990333333 });
    expect(usdt!.used).toBeCloseTo(5.468566666666667, 9);
    expect(usdt!.tsEvent).toBe(1744499648556);
  });
});
