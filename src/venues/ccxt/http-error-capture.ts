/**
 * ccxt's errors carry a message, not the HTTP status or headers they came from — and the classifier
 * needs both (429 vs 503, Binance's `Retry-After`). ccxt handles a response synchronously:
 * `onRestResponse` → `handleErrors` → `handleHttpStatusCode`, all in one callback with no await between
 * them, so the response seen by `onRestResponse` is the one any error thrown right after belongs to.
 * The wrappers below attach it to that error (headers are never part of a message: they carry the key).
 */

import type { Exchange } from 'ccxt';

export interface HttpErrorContext {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const HTTP_CONTEXT = Symbol('quantlab.httpErrorContext');
const INSTALLED = Symbol('quantlab.httpErrorCapture');

type Hook = (...args: unknown[]) => unknown;

export function httpContextOf(error: unknown): HttpErrorContext | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  return (error as { [HTTP_CONTEXT]?: HttpErrorContext })[HTTP_CONTEXT];
}

function lowerCaseKeys(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers !== null && typeof headers === 'object') {
    for (const [key, value] of Object.entries(headers))
      if (typeof value === 'string') out[key.toLowerCase()] = value;
  }
  return out;
}

/** Installs the hooks on one exchange instance (idempotent). */
export function captureHttpErrors(exchange: Exchange): void {
  const target = exchange as unknown as Record<string, Hook> & { [INSTALLED]?: true };
  if (target[INSTALLED] === true) return;
  target[INSTALLED] = true;
  let last: HttpErrorContext | undefined;
  const onRestResponse = target.onRestResponse!.bind(exchange);
  target.onRestResponse = (...args: unknown[]) => {
    const [status, , , , headers, body] = args;
    last = { status: Number(status), headers: lowerCaseKeys(headers), body: String(body ?? '') };
    return onRestResponse(...args);
  };
  for (const name of ['handleErrors', 'handleHttpStatusCode']) {
    const original = target[name]!.bind(exchange);
    target[name] = (...args: unknown[]) => {
      try {
        return original(...args);
      } catch (error) {
        if (error !== null && typeof error === 'object' && last !== undefined)
          Object.defineProperty(error, HTTP_CONTEXT, { value: last, enumerable: false });
        throw error;
      }
    };
  }
}

/** `Retry-After` in ms: delta seconds or an HTTP date. */
export function retryAfterMs(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  const value = headers['retry-after'];
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
