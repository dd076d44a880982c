/**
 * `parseStrategySpec`: shape (zod), then meaning (`analyzeSpec`), with every problem reported at its JSON
 * path in one QL_ERR_STRATEGY_SPEC_INVALID.
 *
 * When the shape is wrong somewhere, the broken parts are set aside and the rest is still analysed, so a
 * typo in one indicator does not hide an unknown reference in a rule.
 */

import type { z } from 'zod';
import { type Analysis, analyzeSpec } from './analyze.js';
import { closest, issue, type SpecIssue, type SpecPath, specInvalidError } from './issues.js';
import { findRawLookAhead, type RawLookAhead } from './look-ahead.js';
import type { SpecPlan } from './plan.js';
import { type StrategySpec, strategySpecSchema } from './schema.js';

type ZodIssue = z.core.$ZodIssue;
type PathIssue = { readonly path: SpecPath; readonly message: string };

/** Every key some object of the spec accepts, for "did you mean" hints on unknown keys. */
const KNOWN_KEYS = [
  ...Object.keys(strategySpecSchema.shape),
  ...['type', 'params', 'source', 'timeframe', 'description', 'default', 'min', 'max'],
  ...['long', 'short', 'all', 'any', 'not', 'left', 'op', 'right', 'tolerance'],
  ...['ind', 'output', 'offset', 'price', 'add', 'sub', 'mul', 'div'],
  ...['fixed', 'fraction', 'riskPerTrade', 'stopAtr', 'atrPeriod', 'percent', 'atr'],
  ...['kelly', 'cap', 'minTrades', 'fallbackFraction', 'volatilityTarget', 'annualVol', 'method', 'period'],
  ...['maxLeverage'],
];

/** Checks `json` against the spec format; throws QL_ERR_STRATEGY_SPEC_INVALID listing every issue. */
export function parseStrategySpec(json: unknown, source?: string): StrategySpec {
  return checkStrategySpec(json, source).spec;
}

/** The parsed spec and its plan; throws like `parseStrategySpec`. */
export function checkStrategySpec(json: unknown, source?: string): { spec: StrategySpec; plan: SpecPlan } {
  const lookAhead = findRawLookAhead(json);
  const parsed = strategySpecSchema.safeParse(json);
  if (parsed.success && lookAhead.length === 0) {
    const analysis = analyzeSpec(parsed.data);
    if ('plan' in analysis) return { spec: parsed.data, plan: analysis.plan };
    throw specInvalidError(analysis.issues, source);
  }
  const shapeIssues = parsed.success ? [] : flattenZodIssues(parsed.error.issues, [], json);
  const kept = shapeIssues.filter((item) => !lookAhead.some((found) => overlaps(item.path, found.path)));
  const issues = [
    ...lookAhead.map((found) => found.issue),
    ...kept.map((item) => issue(item.path, item.message)),
  ];
  issues.push(...salvagedAnalysis(json, [...kept.map((item) => item.path), ...lookAhead.map(pathOf)]));
  throw specInvalidError(issues, source);
}

function pathOf(found: RawLookAhead): SpecPath {
  return found.path;
}

/** One path lies on the other (same value, or one inside the other). */
function overlaps(a: SpecPath, b: SpecPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// zod issues → path + message

function flattenZodIssues(issues: readonly ZodIssue[], base: SpecPath, root: unknown): PathIssue[] {
  const out: PathIssue[] = [];
  for (const item of issues) {
    const path: SpecPath = [...base, ...(item.path as (string | number)[])];
    if (item.code === 'invalid_union' && item.errors.length > 0) {
      const branch = likeliestBranch(item.errors, valueAt(root, path));
      if (branch !== undefined) out.push(...flattenZodIssues(branch, path, root));
      else out.push({ path, message: expectedMessage(item.errors, valueAt(root, path)) });
    } else if (item.code === 'unrecognized_keys') {
      for (const key of item.keys) {
        const hint = closest(key, KNOWN_KEYS);
        out.push({
          path: [...path, key],
          message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
        });
      }
    } else {
      out.push({ path, message: item.message });
    }
  }
  return out;
}

/**
 * The union member the author most likely meant: the one whose complaints are deepest (not about the
 * value's type, and with the fewest unknown or missing keys at the top). Undefined when every member
 * rejects the value's type outright.
 */
function likeliestBranch(branches: readonly (readonly ZodIssue[])[], value: unknown): ZodIssue[] | undefined {
  let best: ZodIssue[] | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const branch of branches) {
    let score = 0;
    for (const item of branch) {
      if (item.path.length === 0) {
        if (item.code === 'invalid_type' || item.code === 'invalid_value') score = Number.POSITIVE_INFINITY;
        else score += item.code === 'unrecognized_keys' ? 2 * item.keys.length : 1;
      } else if (item.path.length === 1 && isMissingKey(value, item.path[0])) {
        score += 2;
      }
    }
    if (score < bestScore) {
      best = branch as ZodIssue[];
      bestScore = score;
    }
  }
  return best;
}

function isMissingKey(value: unknown, key: PropertyKey | undefined): boolean {
  return typeof value === 'object' && value !== null && typeof key === 'string' && !(key in value);
}

function expectedMessage(branches: readonly (readonly ZodIssue[])[], value: unknown): string {
  const expected = new Set<string>();
  for (const branch of branches) {
    for (const item of branch) {
      if (item.path.length === 0 && item.code === 'invalid_type') expected.add(item.expected);
    }
  }
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const list = [...expected];
  const text =
    list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list.at(-1)}` : (list[0] ?? 'another value');
  return `expected ${text}, got ${got}`;
}

function valueAt(root: unknown, path: SpecPath): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Salvage: analyse what is well formed

const PLACEHOLDERS: Readonly<Record<string, unknown>> = {
  apiVersion: 1,
  name: 'spec',
  version: '0.0.0',
  description: '',
  entry: {},
};

/**
 * Removes the malformed parts (an indicator, a param, a rule side, an optional section) and analyses the
 * rest; references to removed indicators and params are not reported again.
 */
function salvagedAnalysis(json: unknown, broken: readonly SpecPath[]): SpecIssue[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return [];
  const copy = structuredClone(json) as Record<string, unknown>;
  const removedIndicators = new Set<string>();
  const removedParams = new Set<string>();
  const removedEntries = new Set<string>();
  for (const path of broken) {
    const [section, key] = path;
    if (typeof section !== 'string') continue;
    if ((section === 'entry' || section === 'exit') && neutraliseRulePart(copy, path)) continue;
    const table = copy[section];
    const nested = ['indicators', 'params', 'entry', 'exit'].includes(section);
    if (
      nested &&
      typeof key === 'string' &&
      typeof table === 'object' &&
      table !== null &&
      !Array.isArray(table)
    ) {
      const { [key]: _removed, ...rest } = table as Record<string, unknown>;
      copy[section] = rest;
      if (section === 'indicators') removedIndicators.add(key);
      if (section === 'params') removedParams.add(key);
      if (section === 'entry') removedEntries.add(key);
    } else if (section in PLACEHOLDERS) {
      copy[section] = PLACEHOLDERS[section];
      if (section === 'entry') removedEntries.add('long').add('short');
    } else {
      delete copy[section];
    }
  }
  const parsed = strategySpecSchema.safeParse(copy);
  if (!parsed.success) return [];
  const analysis: Analysis = analyzeSpec(parsed.data, {
    assumeIndicators: removedIndicators,
    assumeParams: removedParams,
    assumeEntries: removedEntries,
  });
  return analysis.issues;
}

/** A condition that is well formed and reads nothing: stands in for a malformed one. */
const NEUTRAL_CONDITION = { left: 0, op: '==', right: 0 };

/**
 * Replaces the malformed operand (or, failing that, the malformed condition) a path points into, so that
 * the rest of the rule is still analysed. False when the path is not inside a condition.
 */
function neutraliseRulePart(root: Record<string, unknown>, path: SpecPath): boolean {
  const operandAt = Math.max(path.lastIndexOf('left'), path.lastIndexOf('right'));
  if (operandAt >= 2) return setAt(root, path.slice(0, operandAt + 1), 0);
  let end = path.length;
  while (end >= 2 && !isConditionPath(path.slice(0, end))) end -= 1;
  return end >= 2 ? setAt(root, path.slice(0, end), NEUTRAL_CONDITION) : false;
}

/** `entry.long`, `….not`, `….all[3]`, `….any[0]`. */
function isConditionPath(path: SpecPath): boolean {
  const last = path.at(-1);
  if (path.length === 2) return last === 'long' || last === 'short';
  if (last === 'not') return true;
  const before = path.at(-2);
  return typeof last === 'number' && (before === 'all' || before === 'any');
}

function setAt(root: Record<string, unknown>, path: SpecPath, value: unknown): boolean {
  const parent = valueAt(root, path.slice(0, -1));
  if (typeof parent !== 'object' || parent === null) return false;
  (parent as Record<string | number, unknown>)[path.at(-1)!] = value;
  return true;
}
