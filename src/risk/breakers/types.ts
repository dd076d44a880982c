/** The public types of the circuit breakers (see README.md). */

export type BreakerKind =
  | 'daily-loss'
  | 'max-drawdown'
  | 'consecutive-losses'
  | 'reject-storm'
  | 'stale-data';

export const BREAKER_KINDS: readonly BreakerKind[] = [
  'daily-loss',
  'max-drawdown',
  'consecutive-losses',
  'reject-storm',
  'stale-data',
];

/** What a trip pauses: the strategy that tripped it, or the whole account (every strategy). */
export type PauseTarget =
  | { readonly kind: 'account' }
  | { readonly kind: 'strategy'; readonly strategyId: string };

export interface BreakerConfigBase {
  /** 'strategy': each strategy is watched (and paused) on its own; 'account': the account as a whole. */
  readonly pause: 'strategy' | 'account';
  /** 'auto' resumes after cooldownMs (daily-loss: at the next UTC day start by default); 'manual' waits for resume(). */
  readonly resume: 'auto' | 'manual';
  readonly cooldownMs?: number;
  /** Only these strategies (a per-strategy rule); undefined = all. */
  readonly strategies?: readonly string[];
}

export interface DailyLossConfig extends BreakerConfigBase {
  readonly kind: 'daily-loss';
  /** Loss in the settle currency. */
  readonly maxLoss?: number;
  /** Loss as a fraction of the account equity at the UTC day start. */
  readonly maxLossFraction?: number;
}
export interface MaxDrawdownConfig extends BreakerConfigBase {
  readonly kind: 'max-drawdown';
  /** Fraction from the peak. */
  readonly maxDrawdown: number;
}
export interface ConsecutiveLossesConfig extends BreakerConfigBase {
  readonly kind: 'consecutive-losses';
  readonly maxLosses: number;
}
export interface RejectStormConfig extends BreakerConfigBase {
  readonly kind: 'reject-storm';
  readonly maxRejects: number;
  readonly windowMs: number;
}
export interface StaleDataConfig extends BreakerConfigBase {
  readonly kind: 'stale-data';
  readonly maxAgeMs: number;
}

export type BreakerConfig =
  | DailyLossConfig
  | MaxDrawdownConfig
  | ConsecutiveLossesConfig
  | RejectStormConfig
  | StaleDataConfig;

/** Everything the board reads; the environment (backtest, paper, live) supplies it, time included. */
export interface BreakerInputs {
  now(): number;
  /** Account equity (settle currency). */
  accountEquity(): number;
  /** A strategy's cumulative PnL: realised − fees + unrealised at the marks (settle currency). */
  strategyPnl(strategyId: string): number;
  /** Strategies trading now (watched when pause: 'strategy'). */
  strategyIds(): readonly string[];
  /** Symbols whose data must be fresh (held or subscribed). */
  watchedSymbols(): readonly string[];
  /** The time of the symbol's last market event (undefined: none yet). */
  lastMarketDataTs(symbol: string): number | undefined;
}

export type TripDetails = Readonly<Record<string, number | string>>;

export interface BreakerTrip {
  readonly breaker: BreakerKind;
  readonly target: PauseTarget;
  /** A sentence with the numbers. */
  readonly reason: string;
  /** The numbers, the limit included. */
  readonly details: TripDetails;
  readonly at: number;
  readonly resume: 'auto' | 'manual';
  /** Auto resume time; absent for manual trips and for stale-data (it resumes when data returns). */
  readonly resumeAt?: number;
}

export type BreakerEvent =
  | { readonly type: 'tripped'; readonly trip: BreakerTrip }
  | {
      readonly type: 'resumed';
      readonly trip: BreakerTrip;
      readonly by: ResumeCause;
      readonly at: number;
    };

/**
 * Why a trip was lifted: its time or data came ('auto'), `resume()` ('manual'), or `reconfigure` removed
 * its breaker or changed its identity ('reconfigured'; the caller clears the stored trip).
 */
export type ResumeCause = 'auto' | 'manual' | 'reconfigured';
