import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBinanceRestServer } from '../../test/support/binance-rest-server.js';
import { startOkxRestServer } from '../../test/support/okx-rest-server.js';
import type { RestServer } from '../../test/support/rest-server-common.js';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { QuantLabError } from '../core/errors.js';
import { closeExchange, createExchange, exchangeOptionsFromConfig, suggestExchangeIds } from './exchanges.js';

describe('createExchange', () => {
  it('refuses an unknown id with suggestions', async () => {
    const error = await createExchange('okex').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuantLabError);
    expect(error).toMatchObject({ code: 'QL_ERR_INVALID_INPUT' });
    expect((error as QuantLabError).message).toContain('did you mean okx');
    const dashed = await createExchange('binance-usdm').catch((e: unknown) => e);
    expect((dashed as QuantLabError).details?.suggestions).toContain('binanceusdm');
  });

  it('does not take inherited object keys for exchange ids', async () => {
    await expect(createExchange('constructor')).rejects.toMatchObject({ code: 'QL_ERR_INVALID_INPUT' });
  });

  it('turns the rate limiter on, sets the timeout and narrows the markets loaded', async () => {
    const okx = await createExchange('okx', { timeoutMs: 1234 });
    expect(okx.enableRateLimit).toBe(true);
    expect(okx.timeout).toBe(1234);
    expect(okx.options.fetchMarkets).toEqual({ types: ['spot', 'future', 'swap'] });
    const binance = await createExchange('binanceusdm', { marketTypes: ['linear'], rateLimitMs: 7 });
    expect(binance.options.fetchMarkets).toMatchObject({ types: ['linear'] });
    expect(binance.rateLimit).toBe(7);
    const kraken = await createExchange('kraken');
    expect(kraken.id).toBe('kraken');
  });

  it('uses the Binance demo environment for sandbox mode and live URLs otherwise', async () => {
    const demo = await createExchange('binanceusdm', { sandbox: true });
    expect((demo.urls.api as Record<string, string>).fapiPublic).toBe(
      'https://demo-fapi.binance.com/fapi/v1',
    );
    const live = await createExchange('binanceusdm', { sandbox: false });
    expect((live.urls.api as Record<string, string>).fapiPublic).toBe('https://fapi.binance.com/fapi/v1');
  });

  it('refuses sandbox mode for an exchange without one', async () => {
    await expect(createExchange('zaif', { sandbox: true })).rejects.toMatchObject({
      code: 'QL_ERR_INVALID_INPUT',
      message: 'zaif has no sandbox (demo/testnet) environment',
    });
  });
});

describe('createExchange with a base URL (local servers)', () => {
  let okx: RestServer;
  let binance: RestServer;
  beforeAll(async () => {
    [okx, binance] = await Promise.all([startOkxRestServer(), startBinanceRestServer()]);
  });
  afterAll(async () => {
    await Promise.all([okx.close(), binance.close()]);
  });

  it('points OKX REST and WebSocket at the server and sends the demo header in sandbox mode', async () => {
    const exchange = await createExchange('okx', { sandbox: true, baseUrl: `${okx.url}/ignored/path` });
    expect(exchange.urls.api).toMatchObject({ rest: okx.url, ws: `${okx.url.replace('http', 'ws')}/ws/v5` });
    const time = await exchange.fetchTime();
    expect(typeof time).toBe('number');
    const request = okx.requestsTo(/^\/api\/v5\/public\/time$/).at(-1);
    expect(request?.headers['x-simulated-trading']).toBe('1');
    await closeExchange(exchange);
  });

  it('sends no demo header when sandbox mode is off', async () => {
    const exchange = await createExchange('okx', { sandbox: false, baseUrl: okx.url });
    await exchange.fetchTime();
    expect(okx.requests.at(-1)?.headers['x-simulated-trading']).toBeUndefined();
    await closeExchange(exchange);
  });

  it('rebases every Binance URL (live, demo and testnet) on the server, keeping the paths', async () => {
    for (const sandbox of [false, true]) {
      const exchange = await createExchange('binanceusdm', { sandbox, baseUrl: binance.url });
      const api = exchange.urls.api as Record<string, unknown>;
      expect(api.fapiPublic).toBe(`${binance.url}/fapi/v1`);
      expect(api.fapiPrivateV2).toBe(`${binance.url}/fapi/v2`);
      expect(api.fapiData).toBe(`${binance.url}/futures/data`);
      const { api: live, test, demo } = exchange.urls as Record<string, unknown>;
      expect(JSON.stringify([live, test, demo])).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
      await exchange.fetchTime();
      expect(binance.requests.at(-1)?.path).toBe('/fapi/v1/time');
      await closeExchange(exchange);
    }
    expect(binance.unknownPaths).toEqual([]);
  });
});

describe('exchangeOptionsFromConfig', () => {
  it('is demo by default and carries base URLs; credentials only when asked', () => {
    const config = {
      ...DEFAULT_CONFIG,
      okx: {
        simulatedTrading: true,
        baseUrl: 'http://127.0.0.1:1',
        apiKey: 'k',
        secretKey: 's',
        passphrase: 'p',
      },
      binance: { testnet: true, baseUrl: 'http://127.0.0.1:2' },
    };
    expect(exchangeOptionsFromConfig('okx', config)).toEqual({
      sandbox: true,
      baseUrl: 'http://127.0.0.1:1',
    });
    expect(exchangeOptionsFromConfig('okx', config, { withCredentials: true }).credentials).toEqual({
      apiKey: 'k',
      secret: 's',
      password: 'p',
    });
    expect(exchangeOptionsFromConfig('binanceusdm', config)).toEqual({
      sandbox: true,
      baseUrl: 'http://127.0.0.1:2',
    });
    expect(exchangeOptionsFromConfig('binanceusdm', DEFAULT_CONFIG)).toEqual({ sandbox: true });
    expect(exchangeOptionsFromConfig('kraken', config)).toEqual({});
  });
});

describe('suggestExchangeIds', () => {
  it('finds near spellings and nothing for nonsense', () => {
    const known = ['okx', 'binance', 'binanceusdm', 'binancecoinm', 'kraken'];
    expect(suggestExchangeIds('OKX', known)).toEqual(['okx']);
    expect(suggestExchangeIds('krakn', known)).toEqual(['kraken']);
    expect(suggestExchangeIds('binance_usdm', known)[0]).toBe('binanceusdm');
    expect(suggestExchangeIds('zzzzzzzz', known)).toEqual([]);
  });
});
