/**
 * The `StrategyContext` a host hands its strategy: queries answered from the ports and the host's candle
 * histories, commands checked at once (garbage throws, and marks the callback failed even if the strategy
 * catches the error) and staged until the callback returns successfully.
 */

import { QuantLabError } from '../core/errors.js';
import type { ClientOrderId, StrategyId } from '../core/ids.js';
import type { Instrument } from '../core/instrument.js';
import { checkAlgoRequest } from '../engine/algos/request-check.js';
import type { AlgoRequest } from '../engine/algos/types.js';
import type { StreamingIndicator } from '../indicators/types.js';
import type { Logger } from '../logging/index.js';
import { createSizingContext, type SizingHost } from './host-sizing.js';
import { checkAmendRequest, checkOrderRequest } from './order-check.js';
import type { StrategyPorts } from './ports.js';
import { jsonProblem, type StagedStrategyState } from './strategy-state.js';
import { TimerQueue } from './timer-queue.js';
import type { CandleHistory, PriceSource, StrategyContext, StrategySetup, StrategyState } from './types.js';

/** What the context needs from its host. */
export interface ContextHost extends SizingHost {
  readonly strategyId: StrategyId;
  readonly setup: StrategySetup;
  readonly ports: StrategyPorts;
  readonly logger: Logger;
  readonly state: StagedStrategyState;
  readonly timers: TimerQueue;
  history(symbol: string, timeframe: string | undefined): CandleHistory;
  bindIndicator<I extends StreamingIndicator>(
    symbol: string,
    timeframe: string | undefined,
    indicator: I,
    source: PriceSource,
  ): I;
  /**
   * Runs `check` (which throws on garbage: the error is recorded as the callback's failure) and stages
   * `effect`, if any, to run once the current callback has succeeded. Throws when no callback is running.
   */
  command(name: string, check: () => void, effect?: () => void): void;
}

function rejectIfNotString(what: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `${what} must be a non-empty string.`, {
      details: { value: String(value) },
    });
  }
}

export function createStrategyContext(host: ContextHost): StrategyContext {
  const { strategyId, setup, ports } = host;
  const instrumentOf = (symbol: string): Instrument | undefined => ports.instruments.instrument(symbol);
  // Writes go through `command`, so a non-JSON value fails the callback even if the strategy catches the
  // error; they land in the state's own staging at once (a callback reads what it wrote).
  const state: StrategyState = Object.freeze({
    get: <T = unknown>(key: string) => host.state.get<T>(key),
    set: (key: string, value: unknown) => host.command('state.set', () => host.state.set(key, value)),
    delete: (key: string) => host.command('state.delete', () => host.state.delete(key)),
    keys: () => host.state.keys(),
  });

  const ctx: StrategyContext = {
    strategyId,
    setup,
    get now() {
      return ports.clock.now();
    },
    logger: host.logger,
    state,

    candles: (symbol, timeframe) => host.history(symbol, timeframe),
    indicator: (symbol, timeframe, indicator, source = 'close') =>
      host.bindIndicator(symbol, timeframe, indicator, source),

    instrument(symbol) {
      const found = instrumentOf(symbol);
      if (found === undefined) {
        throw new QuantLabError(
          'QL_ERR_NOT_FOUND',
          `No instrument ${JSON.stringify(symbol)} on ${setup.exchange}.`,
          {
            details: { symbol, exchange: setup.exchange },
          },
        );
      }
      return found;
    },
    position: (symbol) => ports.portfolio.position(strategyId, symbol),
    balance: (asset) => ports.portfolio.balance(strategyId, asset),
    equity: () => ports.portfolio.equity(strategyId),
    fundingRate: (symbol) => ports.portfolio.fundingRate(symbol),
    openOrders: (symbol) => ports.orders.openOrders(strategyId, symbol),

    submit(request) {
      let clientOrderId: ClientOrderId | undefined;
      let checked = request;
      host.command(
        'submit',
        () => {
          clientOrderId = ports.orders.nextClientOrderId(strategyId);
          checked = checkOrderRequest(request, {
            strategyId,
            clientOrderId,
            now: ports.clock.now(),
            instrument: instrumentOf,
          });
        },
        () => {
          ports.orders.submit({
            strategyId,
            clientOrderId: clientOrderId!,
            request: checked,
            tsInit: ports.clock.now(),
          });
        },
      );
      return clientOrderId!;
    },
    cancel(clientOrderId) {
      host.command(
        'cancel',
        () => rejectIfNotString('ctx.cancel: the client order id', clientOrderId),
        () => ports.orders.cancel(strategyId, clientOrderId),
      );
    },
    cancelAll(symbol) {
      host.command(
        'cancelAll',
        () => {
          if (symbol !== undefined) rejectIfNotString('ctx.cancelAll: the symbol', symbol);
        },
        () => ports.orders.cancelAll(strategyId, symbol),
      );
    },
    amend(clientOrderId, changes) {
      host.command(
        'amend',
        () => {
          rejectIfNotString('ctx.amend: the client order id', clientOrderId);
          checkAmendRequest(changes);
        },
        () => ports.orders.amend(strategyId, clientOrderId, { ...changes }),
      );
    },

    algo: Object.freeze({
      start(request: AlgoRequest) {
        let parentId: ClientOrderId | undefined;
        host.command(
          'algo.start',
          () => {
            const algos = ports.algos;
            if (algos === undefined)
              throw new QuantLabError(
                'QL_ERR_INVALID_INPUT',
                'ctx.algo: execution algorithms are not available here.',
              );
            const inst = instrumentOf(request?.symbol);
            checkAlgoRequest(request, inst);
            parentId = ports.orders.nextClientOrderId(strategyId);
          },
          () => ports.algos!.start(strategyId, request, parentId),
        );
        return parentId!;
      },
      cancel(parentId: ClientOrderId) {
        host.command(
          'algo.cancel',
          () => rejectIfNotString('ctx.algo.cancel: the parent id', parentId),
          () => ports.algos?.cancel(strategyId, parentId),
        );
      },
      status: (parentId: ClientOrderId) => ports.algos?.status(parentId),
    }),
    size: createSizingContext(host),

    setTimer(name, at, everyMs) {
      host.command(
        'setTimer',
        () => TimerQueue.check(name, at, everyMs),
        () => host.timers.set(name, at, everyMs),
      );
    },
    clearTimer(name) {
      host.command(
        'clearTimer',
        () => rejectIfNotString('ctx.clearTimer: the timer name', name),
        () => host.timers.clear(name),
      );
    },
    signal(kind, payload = {}) {
      let copy: Record<string, unknown> = {};
      host.command(
        'signal',
        () => {
          rejectIfNotString('ctx.signal: the kind', kind);
          const problem = jsonProblem(payload, 'payload');
          if (problem !== undefined || typeof payload !== 'object' || Array.isArray(payload)) {
            throw new QuantLabError(
              'QL_ERR_INVALID_INPUT',
              `ctx.signal: the payload must be a JSON object${problem === undefined ? '' : ` (${problem})`}.`,
            );
          }
          if (ports.signals.recording !== false)
            copy = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
        },
        () => {
          if (ports.signals.recording === false) return;
          const symbol = typeof copy.symbol === 'string' ? copy.symbol : (setup.symbols[0] ?? '');
          ports.signals.signal({ strategyId, ts: ports.clock.now(), symbol, kind, payload: copy });
        },
      );
    },
  };
  return Object.freeze(ctx);
}
