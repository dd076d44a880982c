/**
 * Problems found in a spec, each tied to the JSON path of the offending value, so that the author can find
 * it in the file (`entry.long.all[1].left: unknown indicator "smaa" (did you mean "sma"?)`). Validation
 * collects every problem it can before failing: fixing a spec one error per run is tedious.
 */

import { QuantLabError } from '../../core/errors.js';

/** A JSON path as a list of keys and array indices. */
export type SpecPath = readonly (string | number)[];

export interface SpecIssue {
  /** `entry.long.all[1].left`; `(root)` for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** `['entry', 'long', 'all', 1, 'left']` → `entry.long.all[1].left`. */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

export function issue(path: SpecPath, message: string): SpecIssue {
  return { path: formatPath(path), message };
}

/** The one error an invalid spec raises: the first issue in the message, all of them in `details.issues`. */
export function specInvalidError(issues: readonly SpecIssue[], source?: string): QuantLabError {
  const first = issues[0] ?? { path: '(root)', message: 'invalid strategy spec' };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const where = source === undefined ? '' : `${source}: `;
  return new QuantLabError(
    'QL_ERR_STRATEGY_SPEC_INVALID',
    `Invalid strategy spec: ${where}${first.path}: ${first.message}${more}`,
    { details: { ...(source === undefined ? {} : { file: source }), issues } },
  );
}

/** Edit distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate closest to `name` when it is close enough to be a typo; undefined otherwise. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(lower.length / 3)) ? best : undefined;
}

/** ` (did you mean "sma"?)` or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const hint = closest(name, candidates);
  return hint === undefined ? '' : ` (did you mean "${hint}"?)`;
}
