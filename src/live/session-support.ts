/**
 * The session's options and status shapes, the helpers that turn venue facts into them, and the small
 * records a session writes (equity snapshots, strategy events).
 */

import { type EventBus, topics } from '../bus/index.js';
import { QuantLabError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import type { Portfolio } from '../engine/portfolio.js';
import type { PreTradeRule } from '../engine/risk-gate.js';
import type { Logger } from '../logging/index.js';
import type { MarketFeed } from '../marketdata/types.js';
import type { Database, EquitySnapshotRepository } from '../storage/index.js';
import type { StrategyHostEvent } from '../strategies/host.js';
import type { ExchangeVenuePolicy } from '../venues/exchange/exchange-venue.js';
import type { LatencyRecorder } from '../venues/exchange/latency.js';
import { type ExchangeClient, ExchangeError } from '../venues/exchange/types.js';
import type { PaperVenueOptions } from '../venues/paper/index.js';
import type { Heartbeat } from './heartbeat.js';
import type { ReconcileResult } from './reconcile.js';
import type { SessionRisk } from './session-risk.js';
import type { SlotStatus } from './strategy-slots.js';

export type SessionVenue =
  | {
      readonly kind: 'paper';
      readonly name: string;
      readonly options: Omit<PaperVenueOptions, 'instruments' | 'exchange'>;
    }
  | {
      readonly kind: 'exchange';
      readonly client: ExchangeClient;
      readonly marginMode?: 'cross' | 'isolated';
    };

export interface TradingSessionOptions {
  readonly mode: 'paper' | 'demo' | 'live';
  readonly exchange: string;
  readonly instruments: readonly Instrument[];
  readonly venue: SessionVenue;
  readonly feed: MarketFeed;
  readonly database: Database;
  readonly bus: EventBus;
  readonly logger: Logger;
  readonly rules?: readonly PreTradeRule[];
  /** What a stop does with working orders (default: cancel them). */
  readonly cancelOnStop?: boolean;
  readonly reconcileEveryMs?: number;
  readonly heartbeatMs?: number;
  readonly leaseTtlMs?: number;
  /**
   * Move the kernel's clock with wall time between market events (timers, algorithm slices). Default
   * true; a replayed tape in the past turns it off so that the clock follows the tape only.
   */
  readonly wallClock?: boolean;
  /** Paper: fill against trade prints between candles too (default true; a candle-only replay has none). */
  readonly paperTrades?: boolean;
  /** How the exchange venue settles unknown outcomes (query delays, grace periods); defaults in exchange-venue.ts. */
  readonly venuePolicy?: Partial<ExchangeVenuePolicy>;
  /** How often the stored kill switch is read (default 1 s). */
  readonly killSwitchPollMs?: number;
  /** How often the account's equity is recorded in `equity_snapshots` (default 60 s; also at stop). */
  readonly equitySnapshotMs?: number;
}

export interface SessionStatus {
  readonly mode: TradingSessionOptions['mode'];
  readonly account: string;
  readonly halted: Record<string, string>;
  readonly strategies: readonly SlotStatus[];
  readonly health: ReturnType<Heartbeat['snapshot']>;
  readonly openOrders: number;
  readonly equity: number;
  readonly lastReconcile?: Omit<ReconcileResult, 'balances' | 'positions'>;
  /** Exchange accounts: order latency by stage over recent orders (ms). */
  readonly latency?: ReturnType<LatencyRecorder['summary']>;
}

/** A venue's refusal at start, as the catalogue error a user can act on (never a raw client error). */
export function startFailure(error: unknown, exchange: string): unknown {
  if (!(error instanceof ExchangeError)) return error;
  if (error.kind === 'auth') {
    return new QuantLabError('QL_ERR_VENUE_AUTH', `${exchange} refused our credentials: ${error.message}`, {
      details: {
        exchange,
        ...(error.details.venueCode === undefined ? {} : { venueCode: error.details.venueCode }),
      },
    });
  }
  return new QuantLabError(
    'QL_ERR_VENUE_UNAVAILABLE',
    `${exchange} could not be reached at start: ${error.message}`,
    {
      details: { exchange, kind: error.kind },
    },
  );
}

export function withoutAccount(result: ReconcileResult): Omit<ReconcileResult, 'balances' | 'positions'> {
  const { balances: _balances, positions: _positions, ...rest } = result;
  return rest;
}

export function isWorkingStatus(status: string): boolean {
  return (
    status === 'Submitted' ||
    status === 'Accepted' ||
    status === 'PartiallyFilled' ||
    status === 'PendingCancel'
  );
}

export function settleCurrency(instruments: readonly Instrument[]): string {
  const settles = new Set(instruments.map((i) => i.settle));
  if (settles.size !== 1) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `A session trades one settle currency; got ${[...settles].join(', ')}.`,
      {
        details: { settles: [...settles] },
      },
    );
  }
  return [...settles][0]!;
}

/** Records the account's equity now (best effort: a failed write is logged, trading goes on). */
export function recordAccountEquity(
  portfolio: Pick<Portfolio, 'equity' | 'wallet'>,
  account: string,
  risk: Pick<SessionRisk, 'record'>,
  snapshots: Pick<EquitySnapshotRepository, 'record'>,
): void {
  const equity = portfolio.equity();
  const cash = portfolio.wallet;
  // A held position without a price yet: equity is unknown, and an unknown is not a number to store.
  if (!Number.isFinite(equity)) return;
  risk.record('equity snapshot', () =>
    snapshots.record({
      scope: 'account',
      scopeId: account,
      ts: Date.now(),
      equity,
      cash,
      unrealisedPnl: equity - cash,
      risk: null,
    }),
  );
}

/** A strategy host's event, published on `system.strategy` (a failed callback is logged as well). */
export function publishStrategyEvent(
  event: StrategyHostEvent,
  source: string,
  bus: EventBus,
  logger: Logger,
): void {
  if (event.type === 'callback-failed')
    logger.warn(
      { strategyId: event.strategyId, callback: event.callback, err: event.error },
      'strategy callback failed',
    );
  bus.publish(topics.system('strategy'), {
    source,
    tsEvent: Date.now(),
    tsInit: Date.now(),
    detail: { strategyId: event.strategyId, event: event.type },
  });
}
