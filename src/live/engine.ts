/**
 * The trading engine inside `quantlab start`: bots (a strategy instance on an exchange, symbols,
 * timeframe and mode) started, stopped and listed while the server runs, each in the trading session of
 * its account (one session per account: the account lease is per process). Bots are recorded in the
 * `strategies` table, so a restart of `quantlab start` resumes the ones that were running.
 */

import type { EventBus } from '../bus/index.js';
import type { Config } from '../config/index.js';
import { QuantLabError } from '../core/errors.js';
import { strategyId as toStrategyId } from '../core/ids.js';
import type { Logger } from '../logging/index.js';
import type { Database, StrategyRecord } from '../storage/index.js';
import type { SessionStatus, TradingSession } from './session.js';
import type { TradeMode } from './trade-command.js';

export interface BotRequest {
  readonly id?: string;
  readonly strategy: string;
  readonly exchange: string;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly mode: TradeMode;
  readonly params?: Record<string, unknown>;
  /** Paper account name (default `default`). */
  readonly account?: string;
}

interface BotSpec extends Required<Omit<BotRequest, 'params'>> {
  readonly bot: true;
}

export interface EngineOptions {
  readonly config: Config;
  readonly database: Database;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly cwd: string;
}

export class TradingEngine {
  private readonly sessions = new Map<string, { session: TradingSession; bots: Set<string> }>();
  private readonly botAccount = new Map<string, string>();

  constructor(private readonly options: EngineOptions) {}

  /** Resumes the bots that were running when the engine last stopped. */
  async resume(): Promise<string[]> {
    const resumed: string[] = [];
    for (const record of await this.options.database.strategies.list()) {
      const spec = botSpecOf(record);
      if (spec === undefined || record.state !== 'paper' || spec.mode === 'live') continue;
      try {
        await this.launch(spec, record.params as Record<string, unknown>);
        resumed.push(record.id);
      } catch (error) {
        this.options.logger.error({ err: error, bot: record.id }, 'a bot could not be resumed');
      }
    }
    return resumed;
  }

  async startBot(request: BotRequest): Promise<SessionStatus> {
    const id = request.id ?? `${request.strategy}-${request.exchange}-${Date.now().toString(36)}`;
    toStrategyId(id);
    if (this.botAccount.has(id))
      throw new QuantLabError('QL_ERR_CONFLICT', `A bot ${id} is already running.`, { details: { id } });
    if (request.mode === 'live') {
      throw new QuantLabError(
        'QL_ERR_FORBIDDEN',
        'Live bots start from the command line (`quantlab trade --mode live`) until the API has authentication.',
      );
    }
    const spec: BotSpec = {
      bot: true,
      id,
      strategy: request.strategy,
      exchange: request.exchange,
      symbols: [...request.symbols],
      timeframe: request.timeframe,
      mode: request.mode,
      account: request.account ?? 'default',
    };
    const existing = await this.options.database.strategies.get(id);
    if (existing !== undefined && botSpecOf(existing) === undefined) {
      throw new QuantLabError(
        'QL_ERR_CONFLICT',
        `${id} is a registered strategy, not a bot; choose another id.`,
        {
          details: { id },
        },
      );
    }
    const params = await this.launch(spec, request.params ?? {});
    await this.record(spec, params);
    return this.sessionOf(id).status();
  }

  async stopBot(id: string): Promise<void> {
    const account = this.botAccount.get(id);
    if (account === undefined)
      throw new QuantLabError('QL_ERR_NOT_FOUND', `No bot ${id} is running.`, { details: { id } });
    const entry = this.sessions.get(account)!;
    entry.session.stopStrategy(id);
    entry.bots.delete(id);
    this.botAccount.delete(id);
    await this.options.database.strategies.setState(id, 'stopped', Date.now()).catch(() => {});
    if (entry.bots.size === 0) {
      this.sessions.delete(account);
      await entry.session.stop('its last bot stopped');
    }
  }

  status(): SessionStatus[] {
    return [...this.sessions.values()].map((e) => e.session.status());
  }

  /** Stops every session (bots stay recorded as running, so the next start resumes them). */
  async stop(reason: string): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    this.botAccount.clear();
    await Promise.allSettled(sessions.map((e) => e.session.stop(reason)));
  }

  private async launch(spec: BotSpec, requested: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { config, cwd } = this.options;
    // Loaded with the first bot: `quantlab start` without bots stays as light as before.
    const { resolveStrategies, resolveStrategyParams } = await import('../backtest/session.js');
    const { startTradeSession } = await import('./trade-command.js');
    const [found] = await resolveStrategies([spec.strategy], cwd, config.strategies.dir);
    const definition = found!.definition;
    const params = resolveStrategyParams(definition, requested);
    const slot = { id: spec.id, definition, params, symbols: spec.symbols, timeframe: spec.timeframe };
    // One session per account: a bot on an account that already trades here joins its session.
    const key = sessionKey(spec);
    const existing = this.sessions.get(key);
    if (existing !== undefined) {
      await existing.session.startStrategy(slot);
      existing.bots.add(spec.id);
      this.botAccount.set(spec.id, key);
      return params;
    }
    const session = await startTradeSession(
      {
        mode: spec.mode,
        exchange: spec.exchange,
        symbols: spec.symbols,
        timeframe: spec.timeframe,
        strategies: [{ id: spec.id, definition, params }],
        paper: { name: spec.account, capital: 10_000, taker: 0.0005, maker: 0.0002, leverage: 1 },
        cancelOnStop: true,
      },
      this.options,
    );
    this.sessions.set(key, { session, bots: new Set([spec.id]) });
    this.botAccount.set(spec.id, key);
    return params;
  }

  private sessionOf(id: string): TradingSession {
    return this.sessions.get(this.botAccount.get(id)!)!.session;
  }

  /**
   * Records the bot as `paper` (paper and demo alike: no real money). Bots never take a record that is
   * not a bot's, and never set `live` or `approved-for-live`: live approval is a separate, explicit step.
   */
  private async record(spec: BotSpec, params: Record<string, unknown>): Promise<void> {
    const now = Date.now();
    const { database } = this.options;
    const existing = await database.strategies.get(spec.id);
    if (existing === undefined) {
      await database.strategies.insert({
        id: spec.id,
        name: spec.strategy,
        version: '1',
        state: 'paper',
        spec,
        params,
        createdAt: now,
        updatedAt: now,
      });
      return;
    }
    await database.strategies.update(spec.id, { spec, params, updatedAt: now });
    if (existing.state !== 'approved-for-live' && existing.state !== 'live')
      await database.strategies.setState(spec.id, 'paper', now);
  }
}

function sessionKey(spec: BotSpec): string {
  return spec.mode === 'paper' ? `paper:${spec.exchange}:${spec.account}` : `${spec.mode}:${spec.exchange}`;
}

function botSpecOf(record: StrategyRecord): BotSpec | undefined {
  const spec = record.spec as Partial<BotSpec> | null;
  if (spec === null || typeof spec !== 'object' || spec.bot !== true) return undefined;
  if (typeof spec.strategy !== 'string' || typeof spec.exchange !== 'string' || !Array.isArray(spec.symbols))
    return undefined;
  return spec as BotSpec;
}
