/**
 * Strategy parameters: from a `ParamSpecs` table to a zod schema (unknown keys rejected, integers checked,
 * bounds and enum values enforced, defaults applied), validated values, the published JSON Schema, and the
 * rows `strategy show` prints. One table feeds all of them, so they cannot drift apart.
 */

import { z } from 'zod';
import { QuantLabError, toQuantLabError } from '../core/errors.js';
import type { ParamSpec, ParamSpecs, ParamsOf, StrategyDefinition } from './types.js';

const PARAM_TYPES = ['int', 'float', 'bool', 'enum', 'string', 'float?'] as const;

function numberSchema(spec: { type: 'int' | 'float' | 'float?'; min?: number; max?: number }) {
  let schema = spec.type === 'int' ? z.number().int() : z.number();
  if (spec.min !== undefined) schema = schema.min(spec.min);
  if (spec.max !== undefined) schema = schema.max(spec.max);
  return schema;
}

/** The zod schema of one parameter, default and description included. */
export function paramSchema(spec: ParamSpec): z.ZodType {
  switch (spec.type) {
    case 'int':
    case 'float':
      return numberSchema(spec).default(spec.default).describe(spec.description);
    case 'float?':
      return numberSchema(spec).optional().describe(spec.description);
    case 'bool':
      return z.boolean().default(spec.default).describe(spec.description);
    case 'enum':
      return z
        .enum(spec.values as [string, ...string[]])
        .default(spec.default)
        .describe(spec.description);
    case 'string':
      return z.string().default(spec.default).describe(spec.description);
  }
}

/** The strict object schema of a parameter table: unknown keys are rejected, defaults applied. */
export function paramsSchema(specs: ParamSpecs): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, spec] of Object.entries(specs)) shape[key] = paramSchema(spec);
  return z.object(shape).strict() as unknown as z.ZodType<Record<string, unknown>>;
}

/** JSON Schema (draft 2020-12) of the input a parameter table accepts: defaults, bounds, descriptions. */
export function paramsJsonSchema(specs: ParamSpecs): Record<string, unknown> {
  return z.toJSONSchema(paramsSchema(specs), { io: 'input' }) as Record<string, unknown>;
}

export interface ParamIssue {
  /** The parameter at fault ('' for the object as a whole). */
  readonly key: string;
  readonly message: string;
}

function describeIssues(error: z.ZodError, input: Record<string, unknown>, specs: ParamSpecs): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(specs).join(', ') || 'none';
      for (const key of issue.keys) issues.push({ key, message: `unknown parameter (known: ${known})` });
      continue;
    }
    const key = issue.path.map(String).join('.');
    const got = key in input ? ` (got ${JSON.stringify(input[key]) ?? String(input[key])})` : '';
    issues.push({ key, message: `${issue.message}${got}` });
  }
  return issues;
}

function paramsInvalid(strategy: string, issues: ParamIssue[]): QuantLabError {
  const text = issues.map((i) => (i.key === '' ? i.message : `${i.key}: ${i.message}`)).join('; ');
  return new QuantLabError('QL_ERR_STRATEGY_PARAMS_INVALID', `Invalid parameters for ${strategy}: ${text}.`, {
    details: { strategy, issues, keys: [...new Set(issues.map((i) => i.key).filter((k) => k !== ''))] },
  });
}

/**
 * Validates `input` (a plain object, or undefined for all defaults) against the definition's parameter table,
 * applies defaults, then runs the definition's cross-parameter `validate`. Throws
 * QL_ERR_STRATEGY_PARAMS_INVALID naming each bad key (details.issues, details.keys).
 */
export function resolveParams<S extends ParamSpecs>(
  definition: Pick<StrategyDefinition<S>, 'name' | 'params' | 'validate'>,
  input: unknown = {},
): ParamsOf<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw paramsInvalid(definition.name, [{ key: '', message: 'parameters must be a JSON object' }]);
  }
  const record = input as Record<string, unknown>;
  const parsed = paramsSchema(definition.params).safeParse(record);
  if (!parsed.success)
    throw paramsInvalid(definition.name, describeIssues(parsed.error, record, definition.params));
  const params = parsed.data as ParamsOf<S>;
  if (definition.validate !== undefined) {
    let messages: unknown;
    try {
      messages = definition.validate(params);
    } catch (error) {
      // The definition's own code is broken (a plugin's bug), not the values: say so, as for create().
      throw new QuantLabError(
        'QL_ERR_STRATEGY_FAILED',
        `${definition.name}: validate() threw: ${toQuantLabError(error).message}`,
        { details: { strategy: definition.name }, cause: error },
      );
    }
    if (!Array.isArray(messages)) {
      throw paramsInvalid(definition.name, [
        { key: '', message: 'validate() did not return a list of messages' },
      ]);
    }
    if (messages.length > 0) {
      throw paramsInvalid(
        definition.name,
        messages.map((message) => ({
          key: keyNamedIn(String(message), definition.params),
          message: String(message),
        })),
      );
    }
  }
  return params;
}

/** The first parameter a constraint message names (`fast must be < slow` → fast), '' when none. */
function keyNamedIn(message: string, specs: ParamSpecs): string {
  let best = '';
  let bestAt = Number.POSITIVE_INFINITY;
  for (const key of Object.keys(specs)) {
    const at = message.search(new RegExp(`\\b${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
    if (at >= 0 && at < bestAt) {
      best = key;
      bestAt = at;
    }
  }
  return best;
}

/** Problems in a parameter table itself (a plugin's): unknown types, defaults of the wrong type or out of bounds. */
export function paramSpecProblems(specs: unknown): string[] {
  if (typeof specs !== 'object' || specs === null || Array.isArray(specs))
    return ['params must be an object'];
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(specs)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) problems.push(`params.${key}: name must be an identifier`);
    const spec = raw as Partial<ParamSpec> & Record<string, unknown>;
    if (typeof spec !== 'object' || spec === null) {
      problems.push(`params.${key}: must be an object`);
      continue;
    }
    if (!PARAM_TYPES.includes(spec.type as (typeof PARAM_TYPES)[number])) {
      problems.push(
        `params.${key}.type: ${JSON.stringify(spec.type)} is not one of ${PARAM_TYPES.join(', ')}`,
      );
      continue;
    }
    if (typeof spec.description !== 'string' || spec.description === '')
      problems.push(`params.${key}.description: required`);
    for (const bound of ['min', 'max'] as const) {
      const value = spec[bound];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))
        problems.push(`params.${key}.${bound}: must be a finite number`);
    }
    if (typeof spec.min === 'number' && typeof spec.max === 'number' && spec.min > spec.max)
      problems.push(`params.${key}: min ${spec.min} is above max ${spec.max}`);
    if (spec.type === 'enum') {
      const values = spec.values;
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
        problems.push(`params.${key}.values: must be a non-empty list of strings`);
        continue;
      }
    }
    if (spec.type === 'float?') continue;
    const check = paramSchema(spec as ParamSpec).safeParse(spec.default);
    if (spec.default === undefined || !check.success) {
      const why = check.success ? 'missing' : (check.error.issues[0]?.message ?? 'invalid');
      problems.push(
        `params.${key}.default: ${JSON.stringify(spec.default) ?? 'undefined'} is invalid (${why})`,
      );
    }
  }
  return problems;
}

/** One row of `strategy show`: what a user needs to set a parameter. */
export interface ParamRow {
  readonly name: string;
  readonly type: string;
  readonly default: unknown;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  readonly description: string;
}

export function describeParams(specs: ParamSpecs): ParamRow[] {
  return Object.entries(specs).map(([name, spec]) => ({
    name,
    type: spec.type,
    default: 'default' in spec ? spec.default : undefined,
    ...('min' in spec && spec.min !== undefined ? { min: spec.min } : {}),
    ...('max' in spec && spec.max !== undefined ? { max: spec.max } : {}),
    ...(spec.type === 'enum' ? { values: spec.values } : {}),
    description: spec.description,
  }));
}
