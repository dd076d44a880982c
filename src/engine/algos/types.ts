/**
 * Execution algorithms: the requests a strategy makes (a parent order), the parent's status and the
 * events its owner is told about. Children are ordinary orders of the strategy: they pass the risk gate,
 * the order manager and the venue like any other.
 */

import type { Fill } from '../../core/fill.js';
import type { ClientOrderId, StrategyId } from '../../core/ids.js';
import type { Order } from '../../core/order.js';
import type { OrderSide } from '../../core/side.js';

export type AlgoKind = 'twap' | 'vwap' | 'iceberg';

/**
 * `working` until it ends: `completed` (the total is filled, or a reduce-only parent found nothing left to
 * reduce), `cancelled` (by its owner, or a child was cancelled outside the algorithm), `failed` (a child
 * was refused under the `fail` policy), `expired` (the schedule ended with a remainder left).
 */
export type AlgoState = 'working' | 'completed' | 'cancelled' | 'failed' | 'expired';

/**
 * A parent's id: a client order id reserved from the strategy's own sequence (so it is deterministic and
 * restart-safe like every other id), never sent to a venue.
 */
export type AlgoParentId = ClientOrderId;

/**
 * What a child denied by the risk gate or rejected by the venue does to its parent: `fail` ends the
 * parent (its other children are cancelled); `skip` drops that slice (its quantity joins the next one)
 * and carries on, until `maxConsecutiveRefusals` refusals in a row fail it anyway.
 */
export type RefusalPolicy = 'fail' | 'skip';

interface AlgoRequestBase {
  readonly symbol: string;
  readonly side: OrderSide;
  /** Total contracts; rounded down to the lot (the status keeps both). */
  readonly qty: number;
  /** Every child is reduce-only; the parent completes early once nothing is left to reduce. */
  readonly reduceOnly?: boolean;
  /** Default `fail`. */
  readonly onChildRefused?: RefusalPolicy;
  /** Refusals in a row after which a `skip` parent fails (default 5). */
  readonly maxConsecutiveRefusals?: number;
  /** Stored with every child (the reason its fills carry); default the algorithm's name. */
  readonly tag?: string;
}

/**
 * How the slices of a scheduled algorithm are sent: market orders, or limits at `offsetBps` from the last
 * price (positive = passive: a buy below, a sell above; negative = through the market). The unfilled part
 * of a limit slice is cancelled when the next slice is due and carried over into it.
 */
export type SliceStyle = { readonly type: 'market' } | { readonly type: 'limit'; readonly offsetBps: number };

/** Seeded jitter: the same seed gives the same children. */
export interface SliceRandomization {
  /** Default: derived from the parent id (still deterministic). */
  readonly seed?: number;
  /** Each slice's weight is scaled by 1 ± up to this fraction, in [0, 1). */
  readonly size?: number;
  /** Each slice after the first is delayed by up to this fraction of the interval, in [0, 1). */
  readonly time?: number;
}

interface ScheduledRequestBase extends AlgoRequestBase {
  /** From the start (the clock when the parent starts) to the end of the last slice interval. */
  readonly durationMs: number;
  /** Default market. */
  readonly style?: SliceStyle;
  /**
   * Worst price: limit children are placed no further than this (a buy never above it); market slices
   * wait while the last price is beyond it.
   */
  readonly priceLimit?: number;
  /**
   * Largest share of the volume observed since the previous child (`barClosed`) one child may take, in
   * (0, 1]. What it holds back is placed at later steps, still capped.
   */
  readonly maxParticipation?: number;
  /** At the end, send what is left as one market order instead of ending `expired` (default false). */
  readonly sweepAtEnd?: boolean;
  readonly randomize?: SliceRandomization;
}

/** Time-weighted: `slices` equal slices at equal intervals over `durationMs`. */
export interface TwapRequest extends ScheduledRequestBase {
  readonly algo: 'twap';
  readonly slices: number;
}

/**
 * Volume-weighted: slice sizes follow `profile` (the share of a day's volume per intraday UTC bucket, as
 * `volumeProfile` computes it; its length divides a day). Slices default to one per bucket of the
 * duration.
 */
export interface VwapRequest extends ScheduledRequestBase {
  readonly algo: 'vwap';
  readonly profile: Float64Array;
  readonly slices?: number;
}

/**
 * A limit order showing only `displayQty` at a time: each time the visible child fills, the next one is
 * placed, until the total is done. At a fixed `price` (every child the same), or pegged at `offsetBps`
 * from the last price when each child is placed, never beyond `priceLimit`.
 */
export interface IcebergRequest extends AlgoRequestBase {
  readonly algo: 'iceberg';
  readonly displayQty: number;
  readonly price?: number;
  readonly offsetBps?: number;
  readonly priceLimit?: number;
}

export type AlgoRequest = TwapRequest | VwapRequest | IcebergRequest;

export interface AlgoStatus {
  readonly parentId: AlgoParentId;
  readonly strategyId: StrategyId;
  readonly algo: AlgoKind;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly reduceOnly: boolean;
  /** What was asked. */
  readonly requestedQty: number;
  /** What is worked: the request rounded down to the lot. */
  readonly qty: number;
  readonly state: AlgoState;
  readonly filledQty: number;
  /** qty − filledQty while working; what was left undone once ended. */
  readonly remainingQty: number;
  /** Volume-weighted over every child fill; 0 before the first. */
  readonly avgFillPrice: number;
  /** Every child, in placement order. */
  readonly children: readonly ClientOrderId[];
  /** Children not ended yet (after a cancel, until the venue confirms). */
  readonly workingChildren: number;
  /** Scheduled algorithms: slices due so far and in all. */
  readonly slicesDue?: number;
  readonly slices?: number;
  readonly startTs: number;
  /** Scheduled algorithms: when the schedule ends. */
  readonly endTs?: number;
  /** When it ended. */
  readonly endedTs?: number;
  /** Why it ended (other than completing normally). */
  readonly reason?: string;
}

export type AlgoEventType =
  | 'AlgoStarted'
  | 'AlgoChildPlaced'
  | 'AlgoChildRefused'
  | 'AlgoFilled'
  | 'AlgoCompleted'
  | 'AlgoCancelled'
  | 'AlgoFailed'
  | 'AlgoExpired';

/** Progress of a parent, for its owner. */
export interface AlgoEvent {
  readonly type: AlgoEventType;
  readonly parentId: AlgoParentId;
  readonly strategyId: StrategyId;
  readonly tsEvent: number;
  /** The parent after the event. */
  readonly status: AlgoStatus;
  /** AlgoChildPlaced, AlgoChildRefused, AlgoFilled: the child concerned. */
  readonly childId?: ClientOrderId;
  /** AlgoChildRefused, AlgoFilled: the child as it is now. */
  readonly child?: Order;
  /** AlgoFilled. */
  readonly fill?: Fill;
}
