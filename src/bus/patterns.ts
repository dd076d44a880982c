/**
 * Subscription patterns, NATS style: `*` matches exactly one token, `>` (last token only) one or more.
 * Runtime: compile once, match token arrays. Types: the payload a pattern can carry, computed from the
 * catalogue so that `subscribe('md.candle.okx.>', h)` hands `h` a `CandleUpdate`.
 */

import { QuantLabError } from '../core/errors.js';
import type { TOPIC_CATALOGUE } from './topics.js';
import { FAMILIES, TOKEN_RE, type TopicFamily, type TopicPayloads } from './topics.js';

export interface CompiledPattern {
  readonly pattern: string;
  readonly tokens: readonly string[];
  /** True when the pattern has no wildcard (matching is string equality). */
  readonly exact: boolean;
}

function invalid(pattern: string, why: string): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', `Invalid subscription pattern '${pattern}': ${why}.`, {
    details: { pattern },
  });
}

/** Compiles a pattern; throws QL_ERR_INVALID_INPUT when malformed or when it can match no catalogue topic. */
export function compilePattern(pattern: string): CompiledPattern {
  if (typeof pattern !== 'string' || pattern.length === 0) throw invalid(String(pattern), 'empty');
  const tokens = pattern.split('.');
  tokens.forEach((token, i) => {
    if (token === '>') {
      if (i !== tokens.length - 1) throw invalid(pattern, "'>' must be the last token");
    } else if (token !== '*' && !TOKEN_RE.test(token)) {
      throw invalid(pattern, `bad token '${token}'`);
    }
  });
  // Catch typos such as `md.candel.>` at subscribe time instead of waiting forever for messages.
  const canMatch = FAMILIES.some((f) => {
    const shape = [...f.prefix, ...f.params.map(() => '')];
    return matchTokens(tokens, shape, true);
  });
  if (!canMatch) throw invalid(pattern, 'it matches no topic in the catalogue');
  return { pattern, tokens, exact: !tokens.includes('*') && !tokens.includes('>') };
}

/**
 * Matches pattern tokens against topic tokens. With `shape` true, an empty topic token stands for a
 * parameter slot that any literal may fill (used to check a pattern against the catalogue).
 */
export function matchTokens(pattern: readonly string[], topic: readonly string[], shape = false): boolean {
  const n = pattern.length;
  for (let i = 0; i < n; i++) {
    const p = pattern[i]!;
    if (p === '>') return topic.length > i;
    if (i >= topic.length) return false;
    if (p === '*') continue;
    const t = topic[i]!;
    if (p !== t && !(shape && t === '')) return false;
  }
  return n === topic.length;
}

// ---- type level ----

type Split<S extends string> = S extends `${infer H}.${infer R}` ? [H, ...Split<R>] : [S];
type AsStrings<P extends readonly string[]> = { -readonly [K in keyof P]: string };
type Shape<F extends TopicFamily> = [...Split<F>, ...AsStrings<(typeof TOPIC_CATALOGUE)[F]['params']>];

type MatchT<P extends readonly string[], S extends readonly string[]> = P extends readonly ['>']
  ? S extends readonly []
    ? false
    : true
  : P extends readonly [infer PH extends string, ...infer PR extends string[]]
    ? string extends PH
      ? true // a non-literal part (`${string}`) may hold anything: stay permissive
      : S extends readonly [infer SH extends string, ...infer SR extends string[]]
        ? PH extends '*'
          ? MatchT<PR, SR>
          : string extends SH
            ? MatchT<PR, SR>
            : PH extends SH
              ? MatchT<PR, SR>
              : false
        : false
    : S extends readonly []
      ? true
      : false;

/** The payload type a pattern can deliver: the union over the catalogue families it can match. */
export type PatternPayload<P extends string> = string extends P
  ? TopicPayloads[TopicFamily]
  : { [F in TopicFamily]: MatchT<Split<P>, Shape<F>> extends true ? TopicPayloads[F] : never }[TopicFamily];
