import type { Balances, Exchange, Order, Position, Trade } from 'ccxt';
import { beforeAll, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import {
  balanceReportsFromCcxt,
  fillReportFromCcxt,
  positionReportFromCcxt,
  RestFreeBalances,
} from './account-reports.js';
import { binanceSample, offlineBinance } from './ccxt-test-kit.js';
import { orderReportFromCcxt, type ReportContext } from './order-report.js';

const context: ReportContext = { now: () => 1_800_000_000_000 };

type Row = Record<string, unknown>;

interface BinanceParsers {
  parseWsOrder(order: unknown): Order;
  parseWsTrade(trade: unknown): Trade;
  parseWsPosition(position: unknown): Position;
  parsePositionRisk(position: unknown): Position;
  parseBalanceCustom(response: unknown, type: string): Balances;
}

/** ccxt's own Binance USDⓈ-M parsers (REST and user-data stream) over the real samples. */
describeWithSharedData('Binance USDⓈ-M reports from ccxt parsers', () => {
  let binance: Exchange & BinanceParsers;
  const userData = (name: string) => binanceSample<{ o: Row }>('crates', 'futures', 'user_data_json', name).o;

  beforeAll(async () => {
    binance = (await offlineBinance({ pro: true })) as typeof binance;
  });

  it('REST orders: a new limit order and a trailing stop', () => {
    const limit = binanceSample<Row>('crates', 'futures', 'http_json', 'order_response.json');
    expect(orderReportFromCcxt(binance.parseOrder(limit), context)).toEqual({
      clientOrderId: 'testOrder123',
      venueOrderId: '12345678',
      symbol: 'BTC/USDT:USDT',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      reduceOnly: false,
      qty: 0.001,
      price: 50000,
      status: 'open',
      filledQty: 0,
      avgFillPrice: 0,
      tsEvent: 1625474304765,
    });
    const [trailing] = binanceSample<Row[]>('py', 'http_responses', 'http_futures_account_orders.json');
    expect(orderReportFromCcxt(binance.parseOrder(trailing), context)).toMatchObject({
      clientOrderId: 'abc',
      type: 'trailing-stop',
      side: 'buy',
      triggerPrice: 9300,
      qty: 0.4,
      status: 'open',
    });
  });

  it('ORDER_TRADE_UPDATE: a partial fill and a new trailing stop', () => {
    expect(
      orderReportFromCcxt(binance.parseWsOrder(userData('order_update_trade.json')), context),
    ).toMatchObject({
      clientOrderId: 'TEST',
      venueOrderId: '8886774',
      type: 'limit',
      status: 'partially-filled',
      filledQty: 0.001,
      avgFillPrice: 7100.5,
    });
    expect(
      orderReportFromCcxt(binance.parseWsOrder(userData('order_update_new.json')), context),
    ).toMatchObject({
      type: 'trailing-stop',
      status: 'open',
      triggerPrice: 7103.04,
    });
  });

  it('algo orders: open conditional (REST) and a finished one filled through its child (ALGO_UPDATE)', () => {
    const [open] = binanceSample<Row[]>('crates', 'futures', 'http_json', 'open_algo_orders.json');
    expect(orderReportFromCcxt(binance.parseOrder(open), context)).toMatchObject({
      clientOrderId: 'test-algo-order-1',
      venueOrderId: '123456789',
      type: 'stop-market',
      triggerPrice: 45000,
      status: 'open',
    });
    const triggered = binanceSample<{ data: { o: Row } }>(
      'py',
      'ws_messages',
      'ws_futures_algo_update_triggered.json',
    );
    const finished = binanceSample<{ data: { o: Row } }>(
      'py',
      'ws_messages',
      'ws_futures_algo_update_finished.json',
    );
    // ccxt calls a triggered algo order "closed"; nothing has filled yet.
    expect(orderReportFromCcxt(binance.parseWsOrder(triggered.data.o), context)).toMatchObject({
      status: 'open',
      filledQty: 0,
    });
    expect(orderReportFromCcxt(binance.parseWsOrder(finished.data.o), context)).toMatchObject({
      clientOrderId: 'O-20251211-053131-TEST-000-1',
      type: 'stop-market',
      status: 'filled',
      filledQty: 38,
      avgFillPrice: 0.13856,
    });
  });

  it('fills: user-data trade (maker, commission 0.01 USDT) and REST account trades (taker)', () => {
    expect(fillReportFromCcxt(binance.parseWsTrade(userData('order_update_trade.json')), context)).toEqual({
      tradeId: '12345678',
      venueOrderId: '8886774',
      clientOrderId: 'TEST',
      symbol: 'BTC/USDT:USDT',
      side: 'buy',
      qty: 0.001,
      price: 7100.5,
      fee: 0.01,
      feeCurrency: 'USDT',
      liquidity: 'maker',
      tsEvent: 1568879465651,
    });
    const [first] = binanceSample<Row[]>('py', 'http_responses', 'http_futures_account_trades.json');
    expect(fillReportFromCcxt(binance.parseTrade(first), context)).toMatchObject({
      tradeId: '82357626',
      venueOrderId: '831238666',
      symbol: 'ETH/USDT:USDT',
      side: 'sell',
      qty: 0.005,
      fee: 0.0055567,
      liquidity: 'taker',
    });
  });

  it('positions: hedge rows signed per side (ccxt leaves their side unset), one-way net', () => {
    const hedge = binanceSample<Row[]>('py', 'http_responses', 'http_futures_account_positions_hedge.json');
    expect(hedge.map((r) => positionReportFromCcxt(binance.parsePositionRisk(r), context))).toMatchObject([
      { qty: 20, positionSide: 'long', avgPrice: 6563.665, leverage: 10, liquidationPrice: 5930.78 },
      { qty: -10, positionSide: 'short', unrealisedPnl: -1156.4671178 },
    ]);
    const [risk] = binanceSample<Row[]>('crates', 'futures', 'http_json', 'position_risk.json');
    expect(positionReportFromCcxt(binance.parsePositionRisk(risk), context)).toEqual({
      symbol: 'BTC/USDT:USDT',
      qty: 0.001,
      avgPrice: 50000,
      positionSide: 'net',
      marginMode: 'cross',
      leverage: 20,
      unrealisedPnl: 1,
      liquidationPrice: 45000,
      tsEvent: 1625474304765,
    });
    const update = binanceSample<{ a: { P: Row[] } }>(
      'crates',
      'futures',
      'user_data_json',
      'account_update.json',
    );
    expect(update.a.P.map((p) => positionReportFromCcxt(binance.parseWsPosition(p), context))).toMatchObject([
      { qty: 0, positionSide: 'net' },
      { qty: 20, positionSide: 'long', avgPrice: 6563.6 },
      { qty: -10, positionSide: 'short', avgPrice: 6563.8 },
    ]);
  });

  it('balances of an ACCOUNT_UPDATE push after a REST balance: the REST free moved by the wallet change, capped at cw', () => {
    const restFree = new RestFreeBalances();
    const withBook = { ...context, restFree };
    // The real fapi balance sample, as an account with 100 USDT held by a cross position and an open order
    // (availableBalance below the wallet) would answer it.
    const [row] = binanceSample<Row[]>('crates', 'futures', 'http_json', 'balance.json');
    const rest = binance.parseBalanceCustom([{ ...row, availableBalance: '22.12345678' }], 'linear');
    expect(balanceReportsFromCcxt(rest, withBook)).toMatchObject([{ currency: 'USDT', free: 22.12345678 }]);
    // The real ACCOUNT_UPDATE sample with this account's figures: a fill realised 0.5 USDT; the cross
    // wallet still counts the cross margin, so it is all of the wallet.
    const sample = binanceSample<Row & { a: { B: Row[] } }>(
      'crates',
      'futures',
      'user_data_json',
      'account_update.json',
    );
    const push = (wb: string, cw: string) =>
      ({
        info: { ...sample, a: { ...sample.a, B: [{ ...sample.a.B[0], wb, cw }] } },
        timestamp: sample.E,
        USDT: { total: Number(wb) },
      }) as unknown as Balances;
    const [after] = balanceReportsFromCcxt(push('122.62345678', '122.62345678'), withBook);
    // Before: free = cw = 122.62345678, the whole wallet, though 100 of it backs the position and order.
    expect(after!.free).toBeCloseTo(22.62345678, 8);
    expect(after!.used).toBeCloseTo(100, 8);
    expect(after!.total).toBe(122.62345678);
    // Never above cw (isolated margin left the cross wallet), never below 0.
    expect(balanceReportsFromCcxt(push('122.62345678', '10'), withBook)[0]!.free).toBe(10);
    expect(balanceReportsFromCcxt(push('12', '12'), withBook)[0]!.free).toBe(0);
    // The real pushes as they are: no REST figure for BNFCR, so cw; USDT from the REST figure, capped at cw.
    expect(balanceReportsFromCcxt(push('122624.12345678', '100.12345678'), withBook)[0]!.free).toBe(
      100.12345678,
    );
    const bnfcr = binanceSample<Row>('crates', 'futures', 'user_data_json', 'account_update_bnfcr.json');
    expect(
      balanceReportsFromCcxt(
        { info: bnfcr, timestamp: bnfcr.E, BNFCR: { total: 5001.28983031 } } as unknown as Balances,
        withBook,
      )[0],
    ).toMatchObject({ currency: 'BNFCR', free: 5001.28983031, used: 0 });
  });

  it('REST /account (v3) teaches the free balance too', () => {
    const restFree = new RestFreeBalances();
    const account = binanceSample<Row>('crates', 'futures', 'http_json', 'account_info_v2.json');
    balanceReportsFromCcxt(binance.parseBalanceCustom(account, 'linear'), { ...context, restFree });
    // walletBalance 23.72469206, availableBalance 23.72469206: a 1.5 USDT fee later, 22.22469206 free.
    expect(restFree.freeAfter('USDT', 22.22469206, 22.22469206)).toBeCloseTo(22.22469206, 8);
    expect(restFree.freeAfter('BTC', 1, 1)).toBeUndefined();
  });

  it('balances (fapi balance)', () => {
    const balances = binance.parseBalanceCustom(
      binanceSample('crates', 'futures', 'http_json', 'balance.json'),
      'linear',
    );
    expect(balanceReportsFromCcxt(balances, context)).toEqual([
      { currency: 'USDT', total: 122.12345678, free: 122.12345678, used: 0, tsEvent: 1_800_000_000_000 },
    ]);
  });

  it('balances of an ACCOUNT_UPDATE push: wallet `wb` total, cross wallet `cw` free', () => {
    const push = (name: string) => binanceSample<Row>('crates', 'futures', 'user_data_json', name);
    // As ccxt's watchBalance hands it over: only `total` (wb) filled in, the raw push as `info`, and
    // entries of earlier pushes (BTC here) that this one does not mention.
    const asCcxt = (info: Row, currency: string, wb: number) =>
      ({ info, timestamp: info.E, [currency]: { total: wb }, BTC: { total: 1 } }) as unknown as Balances;
    const [usdt, ...others] = balanceReportsFromCcxt(
      asCcxt(push('account_update.json'), 'USDT', 122624.12345678),
      context,
    );
    expect(others).toEqual([]);
    expect(usdt).toMatchObject({ currency: 'USDT', total: 122624.12345678, free: 100.12345678 });
    expect(usdt!.used).toBeCloseTo(122524, 8);
    expect(usdt!.tsEvent).toBe(1564745798939);
    // Cross margin only (the BNFCR credit of a multi-assets account): all of it free.
    expect(
      balanceReportsFromCcxt(asCcxt(push('account_update_bnfcr.json'), 'BNFCR', 5001.28983031), context),
    ).toEqual([
      { currency: 'BNFCR', total: 5001.28983031, free: 5001.28983031, used: 0, tsEvent: 1781606859764 },
    ]);
  });
});
