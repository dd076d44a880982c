/**
 * `compileStrategySpec`: a checked spec becomes a `StrategyDefinition` like any built-in, so the registry,
 * `strategy show`, the optimizer and the host treat it the same. Its `params` are the spec's own; its
 * `validate` re-runs, for the values of a run, every check that depends on a `$param` (an SMA period of 1
 * is refused before the run, with the spec path).
 */

import { STRATEGY_API_VERSION, type StrategyDefinition } from '../types.js';
import { runChecks } from './analyze.js';
import { checkStrategySpec } from './parse.js';
import type { ParamValues } from './plan.js';
import type { StrategySpec } from './schema.js';
import { SpecStrategy } from './spec-strategy.js';

/** Numbers of a run's params (the spec declares only int and float params). */
function numericValues(params: Readonly<Record<string, unknown>>): ParamValues {
  const values: Record<string, number> = {};
  for (const [name, value] of Object.entries(params)) if (typeof value === 'number') values[name] = value;
  return values;
}

/**
 * Checks `spec` (it may come from JSON or be written in code) and returns its definition. Throws
 * QL_ERR_STRATEGY_SPEC_INVALID like `parseStrategySpec`.
 */
export function compileStrategySpec(spec: StrategySpec): StrategyDefinition {
  return compileSpecJson(spec);
}

/** The same for a value not yet known to be a spec (parsed JSON); `source` names the file in errors. */
export function compileSpecJson(json: unknown, source?: string): StrategyDefinition {
  const { spec, plan } = checkStrategySpec(json, source);
  return {
    apiVersion: STRATEGY_API_VERSION,
    name: spec.name,
    version: spec.version,
    description: spec.description,
    params: plan.params,
    validate(params) {
      const values = { ...plan.defaults, ...numericValues(params) };
      return runChecks(plan.checks, values).map((found) => `${found.path}: ${found.message}`);
    },
    create({ params, setup }) {
      return new SpecStrategy(plan, { ...plan.defaults, ...numericValues(params) }, setup);
    },
  };
}
