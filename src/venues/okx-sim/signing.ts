/**
 * OKX v5 authentication, verified the way OKX does it.
 *
 * REST: `OK-ACCESS-SIGN = Base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath + body))`, where
 * requestPath is the path with its query string exactly as sent and body the raw request body ('' for a
 * GET); the ISO timestamp must be within 30 s of the simulator's clock. WebSocket login signs
 * `timestamp + 'GET' + '/users/self/verify'` with the timestamp in Unix seconds.
 *
 * The checks run in this order: missing headers, timestamp format, unknown key, environment (demo keys
 * answer only requests with `x-simulated-trading: 1`, live keys only requests without it), passphrase,
 * timestamp window, signature. Secrets are compared in constant time and never appear in a reply.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';
import { OKX, type OkxError, WS } from './codes.js';

export interface ApiCredentials {
  apiKey: string;
  secret: string;
  passphrase: string;
}

export type SimEnvironment = 'demo' | 'live';

/** OKX's request signature. */
export function okxSign(secret: string, prehash: string): string {
  return createHmac('sha256', secret).update(prehash).digest('base64');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The clock may be this far from a request's timestamp (OKX: 30 s). */
export const SIGNATURE_WINDOW_MS = 30_000;

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export interface SignedRequest {
  method: string;
  /** Path and query string exactly as received (`/api/v5/account/balance?ccy=BTC`). */
  requestPath: string;
  body: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

function header(request: SignedRequest, name: string): string {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** The key the request authenticates as, or the OKX error to answer with. */
export function verifyRestRequest(
  request: SignedRequest,
  accounts: readonly ApiCredentials[],
  environment: SimEnvironment,
  now: number,
): { ok: true; account: ApiCredentials } | { ok: false; error: OkxError } {
  const key = header(request, 'OK-ACCESS-KEY');
  const sign = header(request, 'OK-ACCESS-SIGN');
  const timestamp = header(request, 'OK-ACCESS-TIMESTAMP');
  const passphrase = header(request, 'OK-ACCESS-PASSPHRASE');
  const fail = (error: OkxError) => ({ ok: false as const, error });
  if (key === '') return fail(OKX.keyEmpty);
  if (passphrase === '') return fail(OKX.passphraseEmpty);
  if (sign === '') return fail(OKX.signEmpty);
  if (timestamp === '') return fail(OKX.timestampEmpty);
  const ts = Date.parse(timestamp);
  if (!ISO_MS.test(timestamp) || Number.isNaN(ts)) return fail(OKX.timestampInvalid);
  const account = accounts.find((a) => sameText(a.apiKey, key));
  if (account === undefined) return fail(OKX.keyInvalid);
  const simulated = header(request, 'x-simulated-trading') === '1';
  if (simulated !== (environment === 'demo')) return fail(OKX.envMismatch);
  if (!sameText(account.passphrase, passphrase)) return fail(OKX.passphraseWrong);
  if (Math.abs(now - ts) > SIGNATURE_WINDOW_MS) return fail(OKX.timestampExpired);
  const expected = okxSign(
    account.secret,
    timestamp + request.method.toUpperCase() + request.requestPath + request.body,
  );
  if (!sameText(expected, sign)) return fail(OKX.signInvalid);
  return { ok: true, account };
}

export interface WsLoginArgs {
  apiKey?: unknown;
  passphrase?: unknown;
  timestamp?: unknown;
  sign?: unknown;
}

/** A WebSocket login: the account, or the error event's code and message. */
export function verifyWsLogin(
  args: WsLoginArgs,
  accounts: readonly ApiCredentials[],
  now: number,
): { ok: true; account: ApiCredentials } | { ok: false; code: string; msg: string } {
  const fail = ([code, msg]: readonly [string, string]) => ({ ok: false as const, code, msg });
  const { apiKey, passphrase, timestamp, sign } = args;
  if (typeof apiKey !== 'string' || typeof passphrase !== 'string' || typeof sign !== 'string') {
    return fail(WS.loginFailed);
  }
  if (typeof timestamp !== 'string' || !/^\d+(\.\d+)?$/.test(timestamp)) return fail(WS.invalidTimestamp);
  const account = accounts.find((a) => sameText(a.apiKey, apiKey));
  if (account === undefined) return fail(WS.invalidKey);
  if (!sameText(account.passphrase, passphrase)) return fail(WS.wrongPassphrase);
  if (Math.abs(now / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_MS / 1000) return fail(WS.timestampExpired);
  if (!sameText(okxSign(account.secret, `${timestamp}GET/users/self/verify`), sign))
    return fail(WS.invalidSign);
  return { ok: true, account };
}
