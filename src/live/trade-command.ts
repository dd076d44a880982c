/**
 * `quantlab trade`: one trading session from the command line. Safe by default (DESIGN.md §1.4):
 * - `paper` needs nothing but public market data;
 * - `demo` needs the venue's credentials and its demo/testnet setting on (OKX_SIMULATED_TRADING=1,
 *   BINANCE_TESTNET=true) — demo keys are never pointed at live URLs;
 * - `live` needs ALLOW_LIVE_TRADING=true, the credentials, the demo setting off, and every strategy
 *   approved for live (state `approved-for-live` or `live` in the strategies table).
 */

import type { EventBus } from '../bus/index.js';
import type { Config } from '../config/index.js';
import { QuantLabError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import type { Logger } from '../logging/index.js';
import { exchangeOptionsFromConfig } from '../marketdata/exchanges.js';
import type { Database } from '../storage/index.js';
import type { StrategyDefinition } from '../strategies/types.js';
import type { ExchangeClient } from '../venues/exchange/types.js';
import { type SessionVenue, TradingSession } from './session.js';

export type TradeMode = 'paper' | 'demo' | 'live';

export interface TradeCommandInput {
  readonly mode: TradeMode;
  readonly exchange: string;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly strategies: ReadonlyArray<{
    readonly id: string;
    // biome-ignore lint/suspicious/noExplicitAny: any definition, whatever its parameter table
    readonly definition: StrategyDefinition<any>;
    readonly params: Record<string, unknown>;
  }>;
  /** Paper account: name, capital, fees. */
  readonly paper: {
    readonly name: string;
    readonly capital: number;
    readonly taker: number;
    readonly maker: number;
    readonly leverage: number;
  };
  readonly cancelOnStop: boolean;
  /** Derivatives: cross (default) or isolated margin; the account's position mode (default net). */
  readonly marginMode?: 'cross' | 'isolated';
  readonly positionMode?: 'net' | 'long-short';
}

export interface TradeCommandDeps {
  readonly config: Config;
  readonly database: Database;
  readonly bus: EventBus;
  readonly logger: Logger;
}

/** Builds and starts the session with its strategies; the caller stops it. */
export async function startTradeSession(
  input: TradeCommandInput,
  deps: TradeCommandDeps,
): Promise<TradingSession> {
  const { config } = deps;
  const client = input.mode === 'paper' ? undefined : await exchangeClient(input, deps);
  try {
    if (input.mode === 'live') await assertApprovedForLive(input, deps.database);
    const instruments = await loadInstruments(input, client, config);
    const venue: SessionVenue =
      client === undefined
        ? {
            kind: 'paper',
            name: input.paper.name,
            options: {
              account: {
                capital: input.paper.capital,
                currency: settleOf(instruments),
                leverage: input.paper.leverage,
                marginMode: input.marginMode ?? 'cross',
              },
              fees: { maker: input.paper.maker, taker: input.paper.taker },
              fill: 'next-open',
            },
          }
        : { kind: 'exchange', client, marginMode: input.marginMode ?? 'cross' };
    const publicOptions = exchangeOptionsFromConfig(input.exchange, config);
    // ccxt and the live feed load only when a session starts (`quantlab start` without bots stays light).
    const { LiveFeed } = await import('../marketdata/live/index.js');
    const feed = new LiveFeed({
      exchange: input.exchange,
      // Paper trades against live public data; a demo account's data comes from the same environment.
      exchangeOptions: { ...publicOptions, ...(input.mode === 'paper' ? { sandbox: false } : {}) },
      logger: deps.logger,
    });
    const session = new TradingSession({
      mode: input.mode,
      exchange: input.exchange,
      instruments,
      venue,
      feed,
      database: deps.database,
      bus: deps.bus,
      logger: deps.logger,
      cancelOnStop: input.cancelOnStop,
    });
    await session.start(
      input.strategies.map((s) => ({
        id: s.id,
        definition: s.definition,
        params: s.params,
        symbols: input.symbols,
        timeframe: input.timeframe,
      })),
    );
    return session;
  } catch (error) {
    await client?.close().catch(() => {});
    throw error;
  }
}

async function exchangeClient(
  input: TradeCommandInput,
  { config, logger }: TradeCommandDeps,
): Promise<ExchangeClient> {
  const { exchange, mode } = input;
  let credentials: { apiKey: string; secret: string; password?: string } | undefined;
  let demoSetting: boolean | undefined;
  let baseUrl: string | undefined;
  if (exchange === 'okx') {
    const { apiKey, secretKey, passphrase } = config.okx;
    if (apiKey && secretKey && passphrase) credentials = { apiKey, secret: secretKey, password: passphrase };
    demoSetting = config.okx.simulatedTrading;
    baseUrl = config.okx.baseUrl;
  } else if (exchange === 'binanceusdm') {
    const { apiKey, apiSecret } = config.binance;
    if (apiKey && apiSecret) credentials = { apiKey, secret: apiSecret };
    demoSetting = config.binance.testnet;
    baseUrl = config.binance.baseUrl;
  } else if (mode === 'demo') {
    throw new QuantLabError(
      'QL_ERR_USAGE',
      `--mode demo needs okx or binanceusdm; ${exchange} has no demo environment here.`,
    );
  }
  if (credentials === undefined) {
    const keys =
      exchange === 'okx'
        ? 'OKX_API_KEY, OKX_SECRET_KEY, OKX_PASSPHRASE'
        : exchange === 'binanceusdm'
          ? 'BINANCE_API_KEY, BINANCE_API_SECRET'
          : 'the exchange credentials';
    throw new QuantLabError('QL_ERR_CREDENTIALS_MISSING', `--mode ${mode} on ${exchange} needs ${keys}.`, {
      details: { exchange, mode },
    });
  }
  if (mode === 'demo' && demoSetting === false) {
    throw new QuantLabError(
      'QL_ERR_CONFIG_CONFLICT',
      `--mode demo, but ${exchange === 'okx' ? 'OKX_SIMULATED_TRADING=0' : 'BINANCE_TESTNET=false'} points at live trading; turn the demo setting on.`,
    );
  }
  if (mode === 'live') {
    if (!config.execution.allowLiveTrading) {
      throw new QuantLabError(
        'QL_ERR_LIVE_TRADING_NOT_ALLOWED',
        '--mode live trades real money; set ALLOW_LIVE_TRADING=true to allow it.',
      );
    }
    if (demoSetting === true) {
      throw new QuantLabError(
        'QL_ERR_CONFIG_CONFLICT',
        `--mode live, but ${exchange === 'okx' ? 'OKX_SIMULATED_TRADING=1' : 'BINANCE_TESTNET=true'} selects the demo environment; choose one.`,
      );
    }
  }
  const { createCcxtExchangeClient } = await import('../venues/ccxt/index.js');
  return createCcxtExchangeClient({
    exchange,
    environment: mode === 'live' ? 'live' : 'demo',
    credentials,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    marginMode: input.marginMode ?? 'cross',
    positionMode: input.positionMode ?? 'net',
    logger,
  });
}

async function loadInstruments(
  input: TradeCommandInput,
  client: ExchangeClient | undefined,
  config: Config,
): Promise<Instrument[]> {
  const { createCcxtExchangeClient } = await import('../venues/ccxt/index.js');
  const source =
    client ??
    (await createCcxtExchangeClient({
      exchange: input.exchange,
      environment: 'live',
      credentials: { apiKey: '', secret: '' },
      ...(exchangeOptionsFromConfig(input.exchange, config).baseUrl === undefined
        ? {}
        : { baseUrl: exchangeOptionsFromConfig(input.exchange, config).baseUrl! }),
    }));
  try {
    const instruments = await source.loadInstruments(input.symbols);
    const missing = input.symbols.filter((s) => !instruments.some((i) => i.symbol === s));
    if (missing.length > 0) {
      throw new QuantLabError(
        'QL_ERR_INSTRUMENT_UNKNOWN',
        `${input.exchange} has no market ${missing.join(', ')}.`,
        {
          details: { exchange: input.exchange, symbols: missing },
        },
      );
    }
    return instruments;
  } finally {
    if (client === undefined) await source.close().catch(() => {});
  }
}

async function assertApprovedForLive(input: TradeCommandInput, database: Database): Promise<void> {
  for (const s of input.strategies) {
    const record = await database.strategies.get(s.id);
    if (record === undefined || (record.state !== 'approved-for-live' && record.state !== 'live')) {
      throw new QuantLabError(
        'QL_ERR_LIVE_TRADING_NOT_ALLOWED',
        `Strategy ${s.id} is not approved for live trading (state ${record?.state ?? 'unregistered'}); ` +
          'run it in paper and demo first, then approve it.',
        { details: { strategyId: s.id, state: record?.state ?? null } },
      );
    }
  }
}

function settleOf(instruments: readonly Instrument[]): string {
  return instruments[0]?.settle ?? 'USDT';
}
