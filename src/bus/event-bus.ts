/**
 * The event bus interface, shared by the in-process bus (default, one process) and the NATS bus
 * (services on several machines). Both pass the same contract suite (`bus.contract.ts`).
 *
 * - `publish` is fire-and-forget and synchronous to call; delivery is synchronous in-process and
 *   asynchronous over NATS. Each subscription sees messages in publish order (per publisher).
 * - Requests travel on a channel of their own: plain subscribers never see them, and a topic with
 *   subscribers but no responder answers QL_ERR_BUS_NO_RESPONDER.
 * - Errors: invalid topic or pattern → QL_ERR_INVALID_INPUT (thrown); use after `close()` →
 *   QL_ERR_BUS_CLOSED (thrown, or the returned promise rejects for `request`).
 */

import type { PatternPayload } from './patterns.js';
import type { PayloadOf, ReplyOf, Topic } from './topics.js';

/** What a handler learns about a message besides its payload. */
export interface BusEnvelope {
  /** The concrete topic the message was published on. */
  readonly topic: string;
  /**
   * Sequence number assigned by the publishing bus, starting at 1. In-process it is the total
   * publish order; over NATS it is per publishing connection (0 when the publisher was not a Quant Lab bus).
   */
  readonly sequence: number;
  /** Publish time by the publishing bus's clock, epoch ms. */
  readonly publishedAt: number;
}

export type BusHandler<P> = (payload: P, envelope: BusEnvelope) => void;
export type BusResponder<Req, Rep> = (payload: Req, envelope: BusEnvelope) => Rep | Promise<Rep>;

export interface Subscription {
  /** Stops delivery at once (also for messages already queued). Idempotent. */
  unsubscribe(): void;
}

export interface RequestOptions {
  /** How long to wait for the reply; default `DEFAULT_REQUEST_TIMEOUT_MS`. */
  timeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

export interface BusStats {
  /** Messages published through this bus. */
  published: number;
  /** Handler invocations (one message to three subscribers counts three). */
  delivered: number;
  /** Handlers that threw (or rejected); each was reported to `onHandlerError`. */
  handlerErrors: number;
}

export interface EventBus {
  /** Publishes a payload. Throws QL_ERR_INVALID_INPUT for a topic outside the catalogue. */
  publish<T extends Topic>(topic: T, payload: PayloadOf<T>): void;
  /** Subscribes with an exact topic or a pattern (`*` one token, `>` the rest). */
  subscribe<P extends string>(pattern: P, handler: BusHandler<PatternPayload<P>>): Subscription;
  /** Sends a request to the one responder of `topic` and waits for its reply. */
  request<T extends Topic>(topic: T, payload: PayloadOf<T>, options?: RequestOptions): Promise<ReplyOf<T>>;
  /**
   * Answers requests on an exact topic. A responder that throws (or rejects) makes the request reject
   * with the same error code (QL_ERR_INTERNAL for non-Quant Lab errors).
   */
  respond<T extends Topic>(topic: T, handler: BusResponder<PayloadOf<T>, ReplyOf<T>>): Subscription;
  /** Resolves when everything published so far has left this process (in-process: at once). */
  flush(): Promise<void>;
  /** Delivers what is in flight, then stops; later use throws QL_ERR_BUS_CLOSED. Idempotent. */
  close(): Promise<void>;
  readonly closed: boolean;
  stats(): BusStats;
}

/** Minimal logger the buses need (pino-compatible). */
export interface BusLogger {
  error(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export type HandlerErrorHook = (error: unknown, envelope: BusEnvelope) => void;

export interface BusOptions {
  /** Called for every handler that throws or rejects; default logs through `logger`. */
  onHandlerError?: HandlerErrorHook;
  /** Default: console (stderr). */
  logger?: BusLogger;
}

export const consoleLogger: BusLogger = {
  error: (details, message) => console.error(message, details),
  warn: (details, message) => console.warn(message, details),
};

/** The default hook: log once per failure, never the payload (it may be large). */
export function loggingErrorHook(logger: BusLogger): HandlerErrorHook {
  return (error, envelope) =>
    logger.error(
      { topic: envelope.topic, sequence: envelope.sequence, err: error },
      'event bus handler failed; delivery to other subscribers continues',
    );
}
