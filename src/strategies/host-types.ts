/** The shapes a StrategyHost reports and is created with. */

import type { QuantLabError } from '../core/errors.js';
import type { StrategyId } from '../core/ids.js';
import type { StrategyPorts } from './ports.js';
import type { StrategyDefinition, StrategySetup } from './types.js';

export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 5;

export type HostState = 'created' | 'running' | 'paused' | 'stopped';

export interface HostCounters {
  /** Callbacks invoked (successful or not). */
  callbacks: number;
  /** Callbacks that failed (threw, sent garbage, returned a value). */
  failures: number;
  /** Candles, ticks and trades refused (not closed yet, out of order, duplicate, malformed). */
  refused: number;
  /** Orders handed to the order port. */
  ordersSubmitted: number;
  /** Signals handed to the signal sink. */
  signals: number;
}

export interface HostStatus {
  readonly strategyId: StrategyId;
  readonly name: string;
  readonly version: string;
  readonly state: HostState;
  /** True once warm-up is complete (onCandle is being called). */
  readonly warm: boolean;
  readonly consecutiveFailures: number;
  /** Why the strategy is paused or stopped. */
  readonly reason?: string;
  /** QL_ERR_STRATEGY_FAILED once the strategy was paused for failing. */
  readonly error?: QuantLabError;
  readonly counters: Readonly<HostCounters>;
}

export type StrategyHostEvent =
  | { readonly type: 'started' | 'resumed'; readonly strategyId: StrategyId }
  | { readonly type: 'stopped'; readonly strategyId: StrategyId; readonly reason: string }
  | {
      readonly type: 'callback-failed';
      readonly strategyId: StrategyId;
      readonly callback: string;
      readonly error: QuantLabError;
      readonly consecutiveFailures: number;
    }
  | {
      readonly type: 'paused';
      readonly strategyId: StrategyId;
      readonly reason: string;
      readonly error?: QuantLabError;
    };

export interface StrategyHostOptions {
  readonly strategyId: string;
  // biome-ignore lint/suspicious/noExplicitAny: any definition, whatever its parameter table
  readonly definition: StrategyDefinition<any>;
  /** Raw parameter values; validated and completed with defaults (`resolveParams`). */
  readonly params?: unknown;
  readonly setup: StrategySetup;
  readonly ports: StrategyPorts;
  /** Consecutive failed callbacks that pause the strategy (default 5). */
  readonly maxConsecutiveFailures?: number;
  /** Told about starts, stops, failures and pauses. */
  readonly onEvent?: (event: StrategyHostEvent) => void;
}
