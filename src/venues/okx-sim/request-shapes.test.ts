/**
 * The createOrder requests of ccxt's own static request tests (shared/data/exchange-messages/
 * ccxt-static/request/okx.json): ccxt sends each one to the simulator — the same endpoint and the same
 * JSON body as the static case records (client ids aside) — and the simulator accepts it (sCode 0).
 * Cases on markets the simulator does not have (inverse BTC-USD-SWAP) are listed and skipped; cases with
 * a position side run on a simulator in long/short mode, with the long positions they close opened first.
 */

import type { Exchange } from 'ccxt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithSharedData, readSharedJson } from '../../../test/support/shared-data.js';
import { closeExchange } from '../../marketdata/exchanges.js';
import type { OkxSimulator } from './simulator.js';
import { ccxtFor, startSimulator } from './test-kit.js';

interface StaticCase {
  description: string;
  url: string;
  input: unknown[];
  output?: string | null;
}

const SYMBOLS = ['BTC-USDT-SWAP', 'BTC-USDT', 'LTC-USDT', 'LTC-USDT-SWAP', 'ADA-USDT-SWAP', 'ETH-USDT-SWAP'];
/** Prices that put every case's trigger on its valid side (e.g. LTC between the 90 and 120 triggers). */
const START_PRICES = { BTC: 101_000, LTC: 100, ADA: 0.5, ETH: 3_000 };
const UNSIMULATED = /BTC\/USD:BTC/;

/** The body without the random client ids (the static file's `skipKeys`). */
function withoutIds(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(withoutIds);
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'clOrdId' && k !== 'tag'));
}

const hedged = (c: StaticCase) => {
  const params = (c.input[5] ?? {}) as Record<string, unknown>;
  return params.posSide !== undefined || params.hedged === true;
};

describeWithSharedData('ccxt static createOrder requests are accepted', () => {
  const file = readSharedJson<{ methods: Record<string, StaticCase[]> }>(
    'exchange-messages',
    'ccxt-static',
    'request',
    'okx.json',
  );
  const cases = file.methods.createOrder!;
  const runnable = cases.filter((c) => !UNSIMULATED.test(JSON.stringify(c.input)));
  let net: OkxSimulator;
  let hedge: OkxSimulator;
  let okxNet: Exchange;
  let okxHedge: Exchange;

  beforeAll(async () => {
    net = await startSimulator({ symbols: SYMBOLS, startPrices: START_PRICES });
    hedge = await startSimulator({ symbols: SYMBOLS, startPrices: START_PRICES });
    okxNet = await ccxtFor(net);
    okxHedge = await ccxtFor(hedge);
    await Promise.all([okxNet.loadMarkets(), okxHedge.loadMarkets()]);
    await okxHedge.setPositionMode(true);
    // The hedged cases close long positions: open them.
    for (const symbol of ['ETH/USDT:USDT', 'BTC/USDT:USDT']) {
      await okxHedge.createOrder(symbol, 'market', 'buy', 1, undefined, { posSide: 'long' });
    }
  });
  afterAll(async () => {
    await Promise.all([closeExchange(okxNet), closeExchange(okxHedge)]);
    await Promise.all([net.close(), hedge.close()]);
  });

  it('covers most of the static cases', () => {
    expect(cases.length).toBe(25);
    expect(runnable.length).toBe(22);
  });

  it.each(runnable.map((c) => [c.description, c] as const))('%s', async (_name, c) => {
    const okx = hedged(c) ? okxHedge : okxNet;
    const [symbol, type, side, amount, price, params] = c.input as [
      string,
      string,
      string,
      number,
      number | null,
      object?,
    ];
    const order = await okx.createOrder(symbol, type as 'limit', side as 'buy', amount, price ?? undefined, {
      ...params,
    });
    expect(order.id).toMatch(/^\d+$/);
    expect(order.status).not.toBe('rejected');
    const sent = okx.last_request_url as string;
    expect(new URL(sent).pathname).toBe(new URL(c.url).pathname);
    expect(withoutIds(JSON.parse(okx.last_request_body as string))).toEqual(
      withoutIds(JSON.parse(c.output!)),
    );
  });
});
