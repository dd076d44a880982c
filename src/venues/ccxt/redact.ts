/**
 * Error text from ccxt can carry what must never leave the process (DESIGN.md §1.4): ccxt puts the full
 * URL of a failed request in its messages, and a signed Binance GET has `signature=` in its query; a WS
 * URL of a Binance user stream ends in the listen key. Known secret values (key, secret, passphrase) are
 * replaced wherever they appear, signature-like fields by name, and URL query strings are dropped whole.
 */

import { REDACTED_VALUE, SecretScrubber } from '../../logging/index.js';

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Query strings of URLs (signed parameters, timestamps, listen keys).
  [/(\b(?:https?|wss?):\/\/[^\s?"'<>]+)\?[^\s"'<>]*/gi, `$1?${REDACTED_VALUE}`],
  // Listen keys in WebSocket paths (Binance user-data streams).
  [/(\/(?:ws|stream)\/)[A-Za-z0-9]{24,}/g, `$1${REDACTED_VALUE}`],
  // Credential fields in JSON bodies and header dumps.
  [
    /(["']?(?:sign|signature|apiKey|api_key|passphrase|secret|listenKey|ok-access-(?:key|sign|passphrase)|x-mbx-apikey)["']?\s*[:=]\s*["']?)[^\s"',}&]+/gi,
    `$1${REDACTED_VALUE}`,
  ],
];

/** Longest error text kept: venue bodies can be large, and the start says what happened. */
const MAX_LENGTH = 500;

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = new SecretScrubber(secrets).scrubText(text);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH)}…` : out;
}
