/**
 * Checks that a value is a usable `StrategyDefinition` before anything runs it: what a plugin exports, what
 * the built-in list holds. Every problem is named, with where the definition came from, in one
 * QL_ERR_STRATEGY_LOAD error.
 */

import { QuantLabError } from '../core/errors.js';
import { paramSpecProblems } from './params.js';
import { STRATEGY_API_VERSION, type StrategyDefinition } from './types.js';

/** Lower-case words joined by dashes: `sma-cross`, `breakout2`. */
export const STRATEGY_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Semver: `1.0.0`, `2.1.0-beta.1`. */
export const STRATEGY_VERSION_PATTERN = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** What is wrong with `value` as a strategy definition (empty when nothing is). */
export function definitionProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) {
    return [`the export is ${value === null ? 'null' : typeof value}, not a strategy definition object`];
  }
  const d = value as Partial<Record<keyof StrategyDefinition, unknown>>;
  const problems: string[] = [];
  if (d.apiVersion !== STRATEGY_API_VERSION) {
    problems.push(
      typeof d.apiVersion === 'number'
        ? `apiVersion ${d.apiVersion} is not supported: this Quant Lab runs Strategy API v${STRATEGY_API_VERSION}`
        : `apiVersion must be ${STRATEGY_API_VERSION} (the Strategy API version the strategy was written for)`,
    );
  }
  if (typeof d.name !== 'string' || !STRATEGY_NAME_PATTERN.test(d.name)) {
    problems.push(
      `name ${JSON.stringify(d.name)} must be lower-case words joined by dashes, e.g. my-breakout`,
    );
  }
  if (typeof d.version !== 'string' || !STRATEGY_VERSION_PATTERN.test(d.version)) {
    problems.push(`version ${JSON.stringify(d.version)} must be semver, e.g. 1.0.0`);
  }
  if (typeof d.description !== 'string' || d.description.trim() === '') {
    problems.push('description must be a non-empty string');
  }
  problems.push(...paramSpecProblems(d.params));
  if (typeof d.create !== 'function')
    problems.push('create must be a function ({ params, setup }) => Strategy');
  if (d.validate !== undefined && typeof d.validate !== 'function') {
    problems.push('validate must be a function (params) => string[] when given');
  }
  if (d.legs !== undefined && (typeof d.legs !== 'number' || !Number.isSafeInteger(d.legs) || d.legs < 1)) {
    problems.push(`legs ${JSON.stringify(d.legs)} must be an integer >= 1`);
  }
  return problems;
}

/** Returns `value` as a definition, or throws QL_ERR_STRATEGY_LOAD naming `origin` and every problem. */
export function checkStrategyDefinition(value: unknown, origin: string): StrategyDefinition {
  const problems = definitionProblems(value);
  if (problems.length > 0) {
    throw new QuantLabError(
      'QL_ERR_STRATEGY_LOAD',
      `${origin} does not export a valid strategy definition: ${problems.join('; ')}.`,
      { details: { origin, problems } },
    );
  }
  return value as StrategyDefinition;
}
