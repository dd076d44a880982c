import { describe, expect, it } from 'vitest';
import { createInstrument } from '../../core/instrument.js';
import { createExchange } from '../../marketdata/exchanges.js';
import type { CreateOrderRequest } from '../exchange/types.js';
import { CcxtExchangeClient } from './ccxt-exchange-client.js';
import { TEST_CREDENTIALS } from './ccxt-test-kit.js';
import { venueProfile } from './venue-profile.js';

const spot = createInstrument({
  exchange: 'kraken',
  symbol: 'BTC/EUR',
  kind: 'spot',
  tickSize: 0.1,
  lotSize: 0.0001,
  minSize: 0.0001,
});

const order = (changes: Partial<CreateOrderRequest>): CreateOrderRequest => ({
  clientOrderId: 'ql1abc',
  instrument: spot,
  side: 'buy',
  type: 'limit',
  qty: 0.5,
  price: 60000,
  ...changes,
});

describe('generic ccxt profile (kraken as the example)', () => {
  it('reads its capabilities from ccxt and maps orders to unified parameters', async () => {
    const kraken = await createExchange('kraken');
    const profile = venueProfile('kraken', kraken);
    expect(profile).toMatchObject({
      id: 'kraken',
      algoOrders: false,
      rateLimits: undefined,
      cancelAll: 'native',
    });
    expect(profile.capabilities).toMatchObject({
      orderTypes: ['market', 'limit'],
      timeInForce: ['GTC', 'IOC', 'FOK', 'POST_ONLY'],
      amend: false,
      attachedProtection: false,
      derivatives: false,
    });
    const context = { positionMode: 'net' } as const;
    expect(profile.mapOrder(order({ timeInForce: 'POST_ONLY' }), context)).toEqual({
      symbol: 'BTC/EUR',
      type: 'limit',
      side: 'buy',
      amount: 0.5,
      price: 60000,
      params: { clientOrderId: 'ql1abc', postOnly: true },
      conditional: false,
    });
    expect(profile.mapOrder(order({ timeInForce: 'IOC' }), context).params).toEqual({
      clientOrderId: 'ql1abc',
      timeInForce: 'IOC',
    });
    expect(() =>
      profile.mapOrder(order({ type: 'trailing-stop', trailing: { callbackRate: 0.01 } }), context),
    ).toThrow(/not supported/);
    expect(() => profile.mapOrder(order({ reduceOnly: true }), context)).toThrow(/reduce-only/);
  });

  it('keeps ccxt’s own throttle on where no documented limits are configured here, and turns it off elsewhere', async () => {
    const kraken = await createExchange('kraken', { credentials: TEST_CREDENTIALS });
    const generic = new CcxtExchangeClient(kraken, {
      exchange: 'kraken',
      environment: 'live',
      credentials: TEST_CREDENTIALS,
    });
    expect(kraken.enableRateLimit).toBe(true);
    expect(generic.accountKey).toMatch(/^kraken:live:[0-9a-f]{16}$/);
    const okx = await createExchange('okx', { credentials: TEST_CREDENTIALS });
    const client = new CcxtExchangeClient(okx, {
      exchange: 'okx',
      environment: 'demo',
      credentials: TEST_CREDENTIALS,
    });
    expect(okx.enableRateLimit).toBe(false);
    expect(client.capabilities.attachedProtection).toBe(true);
    await generic.close();
    await client.close();
  });
});
