import type { Exchange } from 'ccxt';
import { NetworkError, OnMaintenance, RequestTimeout } from 'ccxt';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import type { ExchangeErrorKind } from '../exchange/types.js';
import { ccxtErrorFor, offlineBinance, offlineOkx, TEST_CREDENTIALS } from './ccxt-test-kit.js';
import { classifyExchangeError } from './classify-error.js';
import { captureHttpErrors } from './http-error-capture.js';
import type { ExchangeOperation } from './options.js';

interface Case {
  name: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  operation?: ExchangeOperation;
  /** The ccxt class ccxt's own handleErrors throws for this reply. */
  ccxt: string;
  kind: ExchangeErrorKind;
  code?: string;
  retryAfterMs?: number;
}

const OKX_CASES: Case[] = [
  {
    name: 'per-order 51008 insufficient margin',
    status: 200,
    body: {
      code: '1',
      msg: '',
      data: [{ clOrdId: 'a1', ordId: '', sCode: '51008', sMsg: 'Order failed. Insufficient USDT margin' }],
    },
    ccxt: 'InsufficientFunds',
    kind: 'rejected',
    code: '51008',
  },
  {
    name: 'per-order 51016 duplicated clOrdId (ccxt: InvalidOrder)',
    status: 200,
    body: {
      code: '1',
      msg: '',
      data: [{ clOrdId: 'a1', ordId: '', sCode: '51016', sMsg: 'Duplicated clOrdId' }],
    },
    ccxt: 'InvalidOrder',
    kind: 'duplicate-id',
    code: '51016',
  },
  {
    name: '50004 endpoint timeout on a create',
    status: 200,
    body: {
      code: '50004',
      msg: 'API endpoint request timeout (does not mean that the request was successful or failed)',
      data: [],
    },
    ccxt: 'RequestTimeout',
    kind: 'unknown',
    code: '50004',
  },
  {
    name: '50004 endpoint timeout on a query',
    status: 200,
    body: { code: '50004', msg: 'API endpoint request timeout', data: [] },
    operation: 'query',
    ccxt: 'RequestTimeout',
    kind: 'unavailable',
    code: '50004',
  },
  {
    name: 'HTTP 429 with 50011',
    status: 429,
    body: { code: '50011', msg: 'Too Many Requests' },
    ccxt: 'RateLimitExceeded',
    kind: 'rate-limited',
    code: '50011',
  },
  {
    name: '50102 timestamp expired',
    status: 401,
    body: { code: '50102', msg: 'Timestamp request expired', data: [] },
    ccxt: 'InvalidNonce',
    kind: 'clock-skew',
    code: '50102',
  },
  {
    name: '51603 order does not exist',
    status: 200,
    body: { code: '51603', msg: 'Order does not exist', data: [] },
    operation: 'query',
    ccxt: 'OrderNotFound',
    kind: 'not-found',
    code: '51603',
  },
  {
    name: 'per-order 51400 on a cancel',
    status: 200,
    body: {
      code: '1',
      msg: '',
      data: [
        {
          clOrdId: 'a1',
          ordId: '',
          sCode: '51400',
          sMsg: 'Cancellation failed as the order does not exist.',
        },
      ],
    },
    operation: 'cancel',
    ccxt: 'OrderNotFound',
    kind: 'not-found',
    code: '51400',
  },
  ...(['50101', '50105', '50111', '50113'] as const).map(
    (code): Case => ({
      name: `${code} credentials refused`,
      status: 401,
      body: { code, msg: 'refused', data: [] },
      ccxt: 'AuthenticationError',
      kind: 'auth',
      code,
    }),
  ),
];

const BINANCE_CASES: Case[] = [
  {
    name: '-1021 timestamp outside recvWindow',
    status: 400,
    body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
    ccxt: 'InvalidNonce',
    kind: 'clock-skew',
    code: '-1021',
  },
  {
    name: '-1006 unexpected response from the message bus',
    status: 500,
    body: {
      code: -1006,
      msg: 'An unexpected response was received from the message bus. Execution status unknown.',
    },
    ccxt: 'OperationFailed',
    kind: 'unknown',
    code: '-1006',
  },
  {
    name: '-1007 backend timeout',
    status: 408,
    body: {
      code: -1007,
      msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    },
    ccxt: 'RequestTimeout',
    kind: 'unknown',
    code: '-1007',
  },
  {
    name: 'HTTP 503 "Unknown error": execution status unknown',
    status: 503,
    body: 'Unknown error, please check your request or try again later.',
    ccxt: 'ExchangeNotAvailable',
    kind: 'unknown',
  },
  {
    name: 'HTTP 503 "Service Unavailable": not executed',
    status: 503,
    body: 'Service Unavailable.',
    ccxt: 'ExchangeNotAvailable',
    kind: 'unavailable',
  },
  {
    name: 'HTTP 429 -1003 with Retry-After',
    status: 429,
    body: { code: -1003, msg: 'Too many requests; current limit is 2400 requests per minute.' },
    headers: { 'Retry-After': '7' },
    ccxt: 'DDoSProtection',
    kind: 'rate-limited',
    code: '-1003',
    retryAfterMs: 7000,
  },
  {
    name: 'HTTP 418 IP ban',
    status: 418,
    body: { code: -1003, msg: 'Way too many requests; IP banned until 1730000000000.' },
    headers: { 'Retry-After': '120' },
    ccxt: 'DDoSProtection',
    kind: 'rate-limited',
    code: '-1003',
    retryAfterMs: 120_000,
  },
  {
    name: '-2013 order does not exist',
    status: 400,
    body: { code: -2013, msg: 'Order does not exist.' },
    operation: 'query',
    ccxt: 'OrderNotFound',
    kind: 'not-found',
    code: '-2013',
  },
  {
    name: '-4116 duplicated clientOrderId (ccxt: InvalidOrder)',
    status: 400,
    body: { code: -4116, msg: 'ClientOrderId is duplicated.' },
    ccxt: 'InvalidOrder',
    kind: 'duplicate-id',
    code: '-4116',
  },
  {
    name: '-2019 margin insufficient',
    status: 400,
    body: { code: -2019, msg: 'Margin is insufficient.' },
    ccxt: 'InsufficientFunds',
    kind: 'rejected',
    code: '-2019',
  },
  {
    name: '-2015 invalid API key',
    status: 401,
    body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
    ccxt: 'AuthenticationError',
    kind: 'auth',
    code: '-2015',
  },
];

function classChain(error: unknown): string[] {
  const names: string[] = [];
  for (let p = Object.getPrototypeOf(error); p !== null; p = Object.getPrototypeOf(p))
    names.push(p.constructor.name);
  return names;
}

function runCases(venue: string, make: () => Promise<Exchange>, cases: Case[], url: string) {
  describeWithSharedData(`classifyExchangeError: ${venue} replies through ccxt's handleErrors`, () => {
    let exchange: Exchange;
    beforeAll(async () => {
      exchange = await make();
      captureHttpErrors(exchange);
    });
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const thrown = await ccxtErrorFor(exchange, {
        status: c.status,
        body: c.body,
        headers: c.headers,
        url,
      });
      expect(classChain(thrown)).toContain(c.ccxt);
      const error = classifyExchangeError(thrown, c.operation ?? 'create', {
        exchange: exchange.id,
        now: () => 0,
      });
      expect(error.kind).toBe(c.kind);
      expect(error.details.venueCode).toBe(c.code);
      expect(error.details.httpStatus).toBe(c.status);
      expect(error.details.retryAfterMs).toBe(c.retryAfterMs);
    });
  });
}

runCases('OKX', () => offlineOkx(), OKX_CASES, 'https://www.okx.com/api/v5/trade/batch-orders');
runCases('Binance USDⓈ-M', () => offlineBinance(), BINANCE_CASES, 'https://fapi.binance.com/fapi/v1/order');

describe('classifyExchangeError without a venue reply', () => {
  it('timeouts and network failures: unknown for changes, unavailable for queries', () => {
    for (const error of [new RequestTimeout('okx POST timed out'), new NetworkError('okx fetch failed')]) {
      expect(classifyExchangeError(error, 'create').kind).toBe('unknown');
      expect(classifyExchangeError(error, 'cancel').kind).toBe('unknown');
      expect(classifyExchangeError(error, 'amend').kind).toBe('unknown');
      expect(classifyExchangeError(error, 'query').kind).toBe('unavailable');
    }
    expect(classifyExchangeError(new OnMaintenance('okx maintenance'), 'create').kind).toBe('unavailable');
    expect(classifyExchangeError(new NetworkError('connect ECONNREFUSED 127.0.0.1:9'), 'create').kind).toBe(
      'unavailable',
    );
    expect(classifyExchangeError(new TypeError('boom'), 'create').kind).toBe('unknown');
  });

  it('never lets keys, secrets, passphrases or signatures into the message', () => {
    const { apiKey, secret, password } = TEST_CREDENTIALS;
    const raw = new NetworkError(
      `binanceusdm GET https://fapi.binance.com/fapi/v1/order?symbol=BTCUSDT&timestamp=1&signature=9f82abe5428cb431 ` +
        `{"apiKey":"${apiKey}","passphrase":"${password}"} OK-ACCESS-SIGN: c2lnbmF0dXJl secret=${secret} ` +
        `wss://fstream.binance.com/ws/pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1`,
    );
    const message = classifyExchangeError(raw, 'query', { secrets: [apiKey, secret, password!] }).message;
    for (const leaked of [
      apiKey,
      secret,
      password!,
      '9f82abe5428cb431',
      'c2lnbmF0dXJl',
      'pqia91ma19a5s61cv',
    ]) {
      expect(message).not.toContain(leaked);
    }
    expect(message).toContain('https://fapi.binance.com/fapi/v1/order');
  });
});
