/** Helpers shared by the bus implementations (not part of the public surface). */

import { QuantLabError } from '../core/errors.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, type RequestOptions } from './event-bus.js';

export function closedError(operation: string): QuantLabError {
  return new QuantLabError('QL_ERR_BUS_CLOSED', `Cannot ${operation}: the event bus is closed.`, {
    details: { operation },
  });
}

export function noResponderError(topic: string): QuantLabError {
  return new QuantLabError('QL_ERR_BUS_NO_RESPONDER', `No responder for a request on '${topic}'.`, {
    details: { topic },
  });
}

export function timeoutError(topic: string, timeoutMs: number): QuantLabError {
  return new QuantLabError(
    'QL_ERR_BUS_TIMEOUT',
    `No reply to a request on '${topic}' within ${timeoutMs} ms.`,
    {
      details: { topic, timeoutMs },
    },
  );
}

export function requestTimeout(topic: string, options: RequestOptions | undefined): number {
  const timeoutMs = options?.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `Request timeout must be a positive number of ms.`, {
      details: { topic, timeoutMs },
    });
  }
  return timeoutMs;
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
