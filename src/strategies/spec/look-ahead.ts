/**
 * Look-ahead written in shapes the schema does not accept at all — `offset: -1`, a `lead` or `next` key,
 * a negative `shift` — found in the raw JSON before zod runs, so that the author reads "look-ahead" with
 * the reason instead of a bare "unknown key" or "too small". Operand strings (`close[+1]`) and displaced
 * indicator outputs are caught where operands are resolved (`rules.ts`).
 */

import { issue, type SpecIssue, type SpecPath } from './issues.js';
import { lookAheadMessage } from './rules.js';

/** Keys that only make sense as "read a later bar". */
const FUTURE_KEYS = new Set(['lead', 'next', 'future', 'ahead', 'forward', 'lookahead', 'lookAhead']);
/** Keys whose negative value means "a later bar" (pandas' shift(-1), a negative displacement). */
const SIGNED_KEYS = new Set(['offset', 'shift', 'displacement', 'displace', 'lag']);

export interface RawLookAhead {
  readonly path: SpecPath;
  readonly issue: SpecIssue;
}

/** Every look-ahead the raw `entry`, `exit` and `indicators` sections spell out. */
export function findRawLookAhead(json: unknown): RawLookAhead[] {
  const found: RawLookAhead[] = [];
  if (!isObject(json)) return found;
  for (const section of ['entry', 'exit', 'indicators']) {
    if (section in json) walk(json[section], [section], found);
  }
  return found;
}

function walk(value: unknown, path: SpecPath, found: RawLookAhead[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walk(item, [...path, i], found);
    });
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const at = [...path, key];
    if (FUTURE_KEYS.has(key)) {
      found.push({ path: at, issue: issue(at, lookAheadMessage(`"${key}" reads a later bar`)) });
    } else if (SIGNED_KEYS.has(key) && typeof child === 'number' && child < 0) {
      const what = `${key} ${child} reads ${-child} bar(s) after the current one`;
      found.push({ path: at, issue: issue(at, lookAheadMessage(what)) });
    } else {
      walk(child, at, found);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
