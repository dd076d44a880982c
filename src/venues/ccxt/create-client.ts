/**
 * `createCcxtExchangeClient`: builds the ccxt pro exchange through src/marketdata/exchanges.ts (demo →
 * OKX `x-simulated-trading: 1` / Binance demo trading / ccxt sandbox; `baseUrl` for a local simulator)
 * and wraps it. Markets are loaded on first use.
 */

import { createExchange } from '../../marketdata/exchanges.js';
import { CcxtExchangeClient } from './ccxt-exchange-client.js';
import type { CcxtExchangeClientOptions } from './options.js';

export async function createCcxtExchangeClient(
  options: CcxtExchangeClientOptions,
): Promise<CcxtExchangeClient> {
  const exchange = await createExchange(options.exchange, {
    sandbox: options.environment === 'demo',
    credentials: options.credentials,
    pro: true,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.wsUrl === undefined ? {} : { wsUrl: options.wsUrl }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  // ccxt refuses plain ws:// URLs (a local simulator) until its http agent is loaded.
  await (exchange as unknown as { loadHttpProxyAgent(): Promise<unknown> }).loadHttpProxyAgent();
  // ccxt's socket clients print what they cannot parse with console.log: keep that out of stdout.
  exchange.log = (...args: unknown[]) => options.logger?.debug({ ccxt: args.map(String) }, 'ccxt log');
  return new CcxtExchangeClient(exchange, options);
}
