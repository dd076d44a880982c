/**
 * The event bus over core NATS (no JetStream persistence yet: a later issue).
 *
 * - A topic `T` travels on subject `<prefix>T`; the prefix (default `ql.`) isolates deployments and test
 *   runs from each other (`ql_test_<random>.`).
 * - Payloads are JSON. The envelope's sequence and publish time ride in headers (`Ql-Seq`, `Ql-Ts`), so
 *   the body stays the plain payload for any other NATS client.
 * - Requests use a separate subject space, `<prefix without its dot>_rpc.T`, so that subscribers never
 *   see requests and "subscribers but no responder" is reported as QL_ERR_BUS_NO_RESPONDER (as
 *   in-process). Responders join one queue group, so each request is answered once even with several
 *   responder processes. A responder error comes back as a reply with the `Ql-Error` header.
 * - Each subscription has its own callback, which nats.js calls in arrival order: per-subscription
 *   ordered delivery, and a throwing handler cannot affect other subscriptions.
 * - `close()` drains: messages already received are delivered, then the connection closes.
 */

import {
  ClosedConnectionError,
  connect,
  DrainingConnectionError,
  headers,
  type Msg,
  type NatsConnection,
  type Subscription as NatsSubscription,
  type NodeConnectionOptions,
  NoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';
import { ERROR_CATALOGUE, type ErrorCode, QuantLabError, toQuantLabError } from '../core/errors.js';
import { redactUrl } from '../core/redact-url.js';
import {
  type BusEnvelope,
  type BusHandler,
  type BusLogger,
  type BusOptions,
  type BusResponder,
  type BusStats,
  consoleLogger,
  type EventBus,
  type HandlerErrorHook,
  loggingErrorHook,
  type RequestOptions,
  type Subscription,
} from './event-bus.js';
import { closedError, isThenable, noResponderError, requestTimeout, timeoutError } from './internal.js';
import { compilePattern, type PatternPayload } from './patterns.js';
import { type PayloadOf, parseTopic, type ReplyOf, type Topic } from './topics.js';

const SEQ_HEADER = 'Ql-Seq';
const TS_HEADER = 'Ql-Ts';
const ERROR_HEADER = 'Ql-Error';
const RESPONDER_QUEUE = 'ql-responders';
const PREFIX_RE = /^([A-Za-z0-9_-]+\.)+$/;

export interface NatsBusOptions extends BusOptions {
  /** NATS server URL(s), e.g. `nats://127.0.0.1:4222`. Credentials go in `connectOptions`. */
  servers: string | string[];
  /** Subject prefix: one or more tokens, each followed by a dot. Default `ql.`. */
  prefix?: string;
  /** Connection name shown by the server's monitoring. */
  name?: string;
  /** How long the first connection may take; default 5000 ms. */
  connectTimeoutMs?: number;
  /** Clock for `publishedAt`; default `Date.now`. */
  clock?: () => number;
  /** Passed to nats.js `connect` (auth, TLS, reconnect tuning); our own fields win. */
  connectOptions?: Partial<NodeConnectionOptions>;
}

/** Strips user info from URLs so that errors and logs never carry credentials. */
function redact(servers: string | string[]): string {
  return [servers].flat().map(redactUrl).join(', ');
}

function checkPrefix(prefix: string): string {
  if (!PREFIX_RE.test(prefix)) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `Invalid NATS subject prefix '${prefix}' (want e.g. 'ql.').`,
      {
        details: { prefix },
      },
    );
  }
  return prefix;
}

/** Connects to NATS and returns a bus that owns (and on close drains) the connection. */
export async function connectNatsBus(options: NatsBusOptions): Promise<NatsBus> {
  checkPrefix(options.prefix ?? 'ql.');
  let nc: NatsConnection;
  try {
    nc = await connect({
      maxReconnectAttempts: -1, // a trading service should keep trying; outages are reported via the logger
      ...options.connectOptions,
      servers: options.servers,
      timeout: options.connectTimeoutMs ?? 5_000,
      ...(options.name === undefined ? {} : { name: options.name }),
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new QuantLabError(
      'QL_ERR_BUS_UNREACHABLE',
      `Cannot reach the NATS server at ${redact(options.servers)}: ${reason}.`,
      {
        details: { servers: redact(options.servers) },
        cause,
      },
    );
  }
  return new NatsBus(nc, options, true);
}

export class NatsBus implements EventBus {
  readonly #nc: NatsConnection;
  readonly #owns: boolean;
  readonly #prefix: string;
  readonly #rpcPrefix: string;
  readonly #clock: () => number;
  readonly #onHandlerError: HandlerErrorHook;
  /** Topics already validated, so the hot path skips parsing; bounded. */
  readonly #valid = new Set<string>();
  readonly #subs = new Set<NatsSubscription>();
  #sequence = 0;
  #closing: Promise<void> | undefined;
  readonly #stats: BusStats = { published: 0, delivered: 0, handlerErrors: 0 };

  /** Wraps a connection; with `owns` false, `close()` drains only this bus's subscriptions. */
  constructor(nc: NatsConnection, options: Omit<NatsBusOptions, 'servers'> = {}, owns = false) {
    this.#nc = nc;
    this.#owns = owns;
    this.#prefix = checkPrefix(options.prefix ?? 'ql.');
    this.#rpcPrefix = `${this.#prefix.slice(0, -1)}_rpc.`;
    this.#clock = options.clock ?? Date.now;
    const logger = options.logger ?? consoleLogger;
    this.#onHandlerError = options.onHandlerError ?? loggingErrorHook(logger);
    if (owns) void this.#watchStatus(logger);
  }

  get closed(): boolean {
    return this.#closing !== undefined || this.#nc.isClosed();
  }

  publish<T extends Topic>(topic: T, payload: PayloadOf<T>): void {
    if (this.closed) throw closedError('publish');
    this.#validate(topic);
    try {
      this.#nc.publish(this.#prefix + topic, JSON.stringify(payload), { headers: this.#headers() });
    } catch (error) {
      throw this.#mapError(error, 'publish');
    }
    this.#stats.published++;
  }

  subscribe<P extends string>(pattern: P, handler: BusHandler<PatternPayload<P>>): Subscription {
    if (this.closed) throw closedError('subscribe');
    compilePattern(pattern); // validation only: the server matches
    const h = handler as BusHandler<unknown>;
    const skip = this.#prefix.length;
    let active = true;
    const sub = this.#nc.subscribe(this.#prefix + pattern, {
      callback: (error, msg) => {
        if (!active || error !== null) return;
        const env = this.#envelope(msg, msg.subject.slice(skip));
        let payload: unknown;
        try {
          payload = decode(msg);
        } catch (cause) {
          this.#reportError(undecodable(env.topic, cause), env);
          return;
        }
        this.#stats.delivered++;
        try {
          const result: unknown = h(payload, env);
          if (isThenable(result)) result.then(undefined, (e: unknown) => this.#reportError(e, env));
        } catch (e) {
          this.#reportError(e, env);
        }
      },
    });
    this.#subs.add(sub);
    return { unsubscribe: () => this.#unsubscribe(sub, () => (active = false)) };
  }

  async request<T extends Topic>(
    topic: T,
    payload: PayloadOf<T>,
    options?: RequestOptions,
  ): Promise<ReplyOf<T>> {
    if (this.closed) throw closedError('request');
    this.#validate(topic);
    const timeoutMs = requestTimeout(topic, options);
    let reply: Msg;
    try {
      reply = await this.#nc.request(this.#rpcPrefix + topic, JSON.stringify(payload), {
        timeout: timeoutMs,
        headers: this.#headers(),
      });
    } catch (error) {
      throw this.#mapError(error, 'request', topic, timeoutMs);
    }
    if (reply.headers?.get(ERROR_HEADER)) {
      const { code, message } = reply.json<{ code?: string; message?: string }>();
      const known = code !== undefined && code in ERROR_CATALOGUE ? (code as ErrorCode) : 'QL_ERR_INTERNAL';
      throw new QuantLabError(known, message ?? 'The responder failed.', {
        details: { topic, remote: true },
      });
    }
    return decode(reply) as ReplyOf<T>;
  }

  respond<T extends Topic>(topic: T, handler: BusResponder<PayloadOf<T>, ReplyOf<T>>): Subscription {
    if (this.closed) throw closedError('respond');
    this.#validate(topic);
    const h = handler as BusResponder<unknown, unknown>;
    let active = true;
    const sub = this.#nc.subscribe(this.#rpcPrefix + topic, {
      queue: RESPONDER_QUEUE,
      callback: (error, msg) => {
        if (!active || error !== null) return;
        const env = this.#envelope(msg, topic);
        try {
          const result = h(decode(msg), env);
          if (isThenable(result)) {
            result.then(
              (reply) => sendReply(msg, reply),
              (e: unknown) => sendError(msg, e),
            );
          } else {
            sendReply(msg, result);
          }
        } catch (e) {
          sendError(msg, e);
        }
      },
    });
    this.#subs.add(sub);
    return { unsubscribe: () => this.#unsubscribe(sub, () => (active = false)) };
  }

  async flush(): Promise<void> {
    if (this.closed) throw closedError('flush');
    try {
      await this.#nc.flush();
    } catch (error) {
      throw this.#mapError(error, 'flush');
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#drain();
    return this.#closing;
  }

  stats(): BusStats {
    return { ...this.#stats };
  }

  async #drain(): Promise<void> {
    try {
      if (this.#owns) {
        if (!this.#nc.isClosed() && !this.#nc.isDraining()) await this.#nc.drain();
      } else {
        await Promise.all([...this.#subs].filter((s) => !s.isClosed()).map((s) => s.drain()));
      }
    } catch {
      // Already closed by someone else: nothing left to deliver.
    }
    this.#subs.clear();
  }

  #unsubscribe(sub: NatsSubscription, deactivate: () => void): void {
    deactivate();
    this.#subs.delete(sub);
    try {
      if (!sub.isClosed() && !this.#nc.isClosed()) sub.unsubscribe();
    } catch {
      // The connection went away meanwhile; the subscription is gone either way.
    }
  }

  #validate(topic: string): void {
    if (this.#valid.has(topic)) return;
    parseTopic(topic);
    if (this.#valid.size >= 10_000) this.#valid.clear();
    this.#valid.add(topic);
  }

  #headers(): ReturnType<typeof headers> {
    const h = headers();
    h.set(SEQ_HEADER, String(++this.#sequence));
    h.set(TS_HEADER, String(this.#clock()));
    return h;
  }

  #envelope(msg: Msg, topic: string): BusEnvelope {
    const seq = Number(msg.headers?.get(SEQ_HEADER) || 0);
    const ts = Number(msg.headers?.get(TS_HEADER) || 0);
    return { topic, sequence: seq, publishedAt: ts > 0 ? ts : this.#clock() };
  }

  #reportError(error: unknown, env: BusEnvelope): void {
    this.#stats.handlerErrors++;
    try {
      this.#onHandlerError(error, env);
    } catch {
      // A failing error hook must not break delivery.
    }
  }

  #mapError(error: unknown, operation: string, topic = '', timeoutMs = 0): QuantLabError {
    if (error instanceof TimeoutError || (error instanceof Error && error.cause instanceof TimeoutError)) {
      return timeoutError(topic, timeoutMs);
    }
    if (error instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders())) {
      return noResponderError(topic);
    }
    if (error instanceof ClosedConnectionError || error instanceof DrainingConnectionError) {
      return new QuantLabError('QL_ERR_BUS_CLOSED', `Cannot ${operation}: the NATS connection is closed.`, {
        cause: error,
      });
    }
    return toQuantLabError(error);
  }

  async #watchStatus(logger: BusLogger): Promise<void> {
    for await (const s of this.#nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error') {
        logger.warn({ status: s.type }, `NATS connection ${s.type}`);
      }
    }
  }
}

function decode(msg: Msg): unknown {
  return msg.data.length === 0 ? undefined : msg.json<unknown>();
}

function undecodable(topic: string, cause: unknown): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', `A message on '${topic}' is not valid JSON.`, {
    details: { topic },
    cause,
  });
}

function sendReply(msg: Msg, reply: unknown): void {
  try {
    msg.respond(reply === undefined ? '' : JSON.stringify(reply));
  } catch {
    // The connection closed before the reply could go out; the requester times out.
  }
}

function sendError(msg: Msg, error: unknown): void {
  const e = toQuantLabError(error);
  const h = headers();
  h.set(ERROR_HEADER, '1');
  try {
    msg.respond(JSON.stringify({ code: e.code, message: e.message }), { headers: h });
  } catch {
    // As above.
  }
}
