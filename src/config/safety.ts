import { QuantLabError } from '../core/errors.js';
import type { Config } from './schema.js';

/**
 * Safe-by-default rules, checked at start before anything connects to a venue:
 * - real money needs ALLOW_LIVE_TRADING=true;
 * - ALLOW_LIVE_TRADING=true together with a venue in demo/testnet mode is a contradiction, refused so
 *   that nobody believes they are live (or demo) when they are not;
 * - a venue mode needs its credentials, all of them; half a set of credentials is refused everywhere.
 * Messages name the keys, never their values.
 */

export type TradingEnvironment = 'paper' | 'demo' | 'live';

/** What the configured execution mode would trade against. */
export function tradingEnvironment(config: Config): TradingEnvironment {
  const { mode } = config.execution;
  if (mode === 'paper') return 'paper';
  if (mode === 'okx') return config.okx.simulatedTrading ? 'demo' : 'live';
  if (mode === 'binanceusdm') return config.binance.testnet ? 'demo' : 'live';
  return 'live';
}

/** The keys that decide demo versus live for the configured mode, for messages. */
function modeKeys(config: Config): string {
  const { mode } = config.execution;
  if (mode === 'okx')
    return `EXECUTION_MODE=okx with OKX_SIMULATED_TRADING=${config.okx.simulatedTrading ? 1 : 0}`;
  if (mode === 'binanceusdm')
    return `EXECUTION_MODE=binanceusdm with BINANCE_TESTNET=${config.binance.testnet}`;
  return `EXECUTION_MODE=${mode} (a ccxt exchange without a demo mode here)`;
}

const OKX_CREDENTIALS = [
  ['OKX_API_KEY', 'apiKey'],
  ['OKX_SECRET_KEY', 'secretKey'],
  ['OKX_PASSPHRASE', 'passphrase'],
] as const;
const BINANCE_CREDENTIALS = [
  ['BINANCE_API_KEY', 'apiKey'],
  ['BINANCE_API_SECRET', 'apiSecret'],
] as const;

function missing<T extends object>(section: T, keys: ReadonlyArray<readonly [string, keyof T]>): string[] {
  return keys.filter(([, key]) => section[key] === undefined).map(([env]) => env);
}

/** Throws the first rule the configuration breaks; returns the trading environment otherwise. */
export function assertSafeConfig(config: Config): TradingEnvironment {
  const environment = tradingEnvironment(config);
  const allow = config.execution.allowLiveTrading;

  if (environment === 'live' && !allow) {
    throw new QuantLabError(
      'QL_ERR_LIVE_TRADING_NOT_ALLOWED',
      `${modeKeys(config)} trades real money, but ALLOW_LIVE_TRADING is not true; ` +
        'set ALLOW_LIVE_TRADING=true to trade live, or use EXECUTION_MODE=paper or the venue demo mode',
      { details: { keys: ['EXECUTION_MODE', 'ALLOW_LIVE_TRADING'] } },
    );
  }
  if (environment === 'demo' && allow) {
    throw new QuantLabError(
      'QL_ERR_CONFIG_CONFLICT',
      `ALLOW_LIVE_TRADING=true contradicts ${modeKeys(config)} (demo); ` +
        'choose one: demo (ALLOW_LIVE_TRADING=false) or live (turn the demo setting off)',
      { details: { keys: ['ALLOW_LIVE_TRADING', 'EXECUTION_MODE'] } },
    );
  }

  const okxMissing = missing(config.okx, OKX_CREDENTIALS);
  const binanceMissing = missing(config.binance, BINANCE_CREDENTIALS);
  const needs: Array<[string, string[]]> = [];
  if (config.execution.mode === 'okx' && okxMissing.length > 0)
    needs.push(['EXECUTION_MODE=okx', okxMissing]);
  if (config.execution.mode === 'binanceusdm' && binanceMissing.length > 0) {
    needs.push(['EXECUTION_MODE=binanceusdm', binanceMissing]);
  }
  if (okxMissing.length > 0 && okxMissing.length < OKX_CREDENTIALS.length)
    needs.push(['OKX credentials', okxMissing]);
  if (binanceMissing.length > 0 && binanceMissing.length < BINANCE_CREDENTIALS.length) {
    needs.push(['Binance credentials', binanceMissing]);
  }
  const [first] = needs;
  if (first !== undefined) {
    const [what, keys] = first;
    throw new QuantLabError(
      'QL_ERR_CREDENTIALS_MISSING',
      `${what} needs ${keys.join(', ')}, which ${keys.length > 1 ? 'are' : 'is'} not set`,
      {
        details: { keys },
      },
    );
  }
  return environment;
}
