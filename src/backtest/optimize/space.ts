/**
 * The search space of `optimize --space JSON`: per strategy parameter a range (`{"min","max","step"?,
 * "log"?}`), a list of choices (`[...]`) or a fixed value, plus `"constraints": ["fast < slow", …]`.
 * Everything is checked against the strategy's own parameter table, so a typo or an out-of-bounds value
 * fails before any backtest runs, with a message naming the key.
 */

import { QuantLabError } from '../../core/errors.js';
import { paramSchema } from '../../strategies/params.js';
import { closest, didYouMean } from '../../strategies/spec/issues.js';
import type { ParamSpec, ParamSpecs } from '../../strategies/types.js';
import { type Constraint, parseConstraint } from './constraints.js';

export type ParamValue = number | string | boolean;

/** A numeric interval. Integer ranges have integral bounds and step; a log range samples on log scale. */
export interface RangeDimension {
  readonly kind: 'range';
  readonly name: string;
  readonly type: 'int' | 'float';
  readonly min: number;
  readonly max: number;
  /** Values are min + k × step; absent = continuous (float) or every integer (int). */
  readonly step?: number;
  readonly log: boolean;
}

export interface ChoiceDimension {
  readonly kind: 'choice';
  readonly name: string;
  readonly values: readonly ParamValue[];
}

export type Dimension = RangeDimension | ChoiceDimension;

export interface SearchSpace {
  /** What varies, in the order the space JSON lists it (grid order: the first dimension varies slowest). */
  readonly dimensions: readonly Dimension[];
  /** Parameters pinned to one value. */
  readonly fixed: Readonly<Record<string, ParamValue>>;
  readonly constraints: readonly Constraint[];
}

const RANGE_KEYS = new Set(['min', 'max', 'step', 'log']);

function spaceError(key: string, message: string, details: Record<string, unknown> = {}): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', `--space ${key}: ${message}`, {
    details: { key, ...details },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one value against the parameter's type and bounds (the same zod schema `resolveParams` uses). */
function checkValue(key: string, spec: ParamSpec, value: unknown): ParamValue {
  if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
    throw spaceError(key, `${JSON.stringify(value)} is not a number, string or boolean`);
  }
  const checked = paramSchema(spec).safeParse(value);
  if (!checked.success) {
    const why = checked.error.issues[0]?.message ?? 'invalid';
    throw spaceError(key, `${JSON.stringify(value)} is not a valid ${spec.type} for this parameter (${why})`);
  }
  return value;
}

function finiteField(key: string, range: Record<string, unknown>, field: string): number | undefined {
  const value = range[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw spaceError(key, `${field} must be a finite number (got ${JSON.stringify(value)})`);
  return value;
}

function parseRange(key: string, spec: ParamSpec, range: Record<string, unknown>): RangeDimension {
  if (spec.type !== 'int' && spec.type !== 'float' && spec.type !== 'float?') {
    throw spaceError(
      key,
      `a range needs a numeric parameter; ${key} is a ${spec.type} (give a list instead)`,
    );
  }
  for (const field of Object.keys(range)) {
    if (!RANGE_KEYS.has(field)) {
      throw spaceError(
        key,
        `unknown range field ${JSON.stringify(field)}${didYouMean(field, RANGE_KEYS)}; a range has min, max, step, log`,
      );
    }
  }
  const min = finiteField(key, range, 'min');
  const max = finiteField(key, range, 'max');
  if (min === undefined || max === undefined) throw spaceError(key, 'a range needs both min and max');
  if (min > max) throw spaceError(key, `min ${min} is above max ${max}`);
  const step = finiteField(key, range, 'step');
  if (range.log !== undefined && typeof range.log !== 'boolean')
    throw spaceError(key, `log must be true or false (got ${JSON.stringify(range.log)})`);
  const log = range.log === true;
  const type = spec.type === 'int' ? 'int' : 'float';
  if (step !== undefined && !(step > 0)) throw spaceError(key, `step must be > 0 (got ${step})`);
  if (type === 'int') {
    if (!Number.isInteger(min) || !Number.isInteger(max))
      throw spaceError(
        key,
        `${key} is an integer parameter: min and max must be integers (got ${min}, ${max})`,
      );
    if (step !== undefined && !(Number.isInteger(step) && step >= 1))
      throw spaceError(key, `${key} is an integer parameter: step must be an integer ≥ 1 (got ${step})`);
  }
  if (log && !(min > 0)) throw spaceError(key, `a log range needs min > 0 (got ${min})`);
  if (spec.min !== undefined && min < spec.min)
    throw spaceError(key, `min ${min} is below the parameter's minimum ${spec.min}`);
  if (spec.max !== undefined && max > spec.max)
    throw spaceError(key, `max ${max} is above the parameter's maximum ${spec.max}`);
  return { kind: 'range', name: key, type, min, max, ...(step === undefined ? {} : { step }), log };
}

function parseChoices(key: string, spec: ParamSpec, values: readonly unknown[]): ChoiceDimension {
  if (values.length === 0) throw spaceError(key, 'a list of choices must not be empty');
  const checked = values.map((value) => checkValue(key, spec, value));
  const distinct = [...new Set(checked)];
  if (distinct.length !== checked.length) throw spaceError(key, 'a list of choices repeats a value');
  return { kind: 'choice', name: key, values: distinct };
}

function parseJsonText(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `--space is not valid JSON: ${(error as Error).message}`,
      {
        details: { key: 'space' },
      },
    );
  }
}

/**
 * Parses a search space (the parsed JSON, or its text) against a strategy's parameter table. Throws
 * QL_ERR_INVALID_INPUT naming the key at fault (with a "did you mean" hint for unknown names).
 */
export function parseSearchSpace(json: unknown, params: ParamSpecs): SearchSpace {
  const root = typeof json === 'string' ? parseJsonText(json) : json;
  if (!isRecord(root)) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', '--space must be a JSON object of parameter ranges', {
      details: { key: 'space' },
    });
  }
  const names = Object.keys(params);
  const dimensions: Dimension[] = [];
  const fixed: Record<string, ParamValue> = {};
  let constraints: Constraint[] = [];
  for (const [key, value] of Object.entries(root)) {
    if (key === 'constraints') {
      if (!Array.isArray(value)) throw spaceError(key, 'must be a list of strings such as "fast < slow"');
      constraints = value.map((text) => parseConstraint(text, params));
      continue;
    }
    const spec = params[key];
    if (spec === undefined) {
      throw spaceError(
        key,
        `${JSON.stringify(key)} is not a parameter of this strategy${didYouMean(key, names)}; parameters: ${names.join(', ') || 'none'}`,
        { suggestion: closest(key, names) },
      );
    }
    if (Array.isArray(value)) dimensions.push(parseChoices(key, spec, value));
    else if (isRecord(value)) dimensions.push(parseRange(key, spec, value));
    else fixed[key] = checkValue(key, spec, value);
  }
  return { dimensions, fixed, constraints };
}
