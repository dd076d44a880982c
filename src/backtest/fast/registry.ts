/**
 * Which strategies have a fast path. The optimizer asks by name and, when there is one, evaluates trials
 * with it; a run it declines (`{ unsupported }`) goes to the kernel.
 */

import { smaCross } from '../../strategies/builtins/ma-cross.js';
import { runSmaCrossFast } from './sma-cross.js';
import type {
  FastPathEvaluator,
  FastPathEvaluatorInput,
  FastPathResult,
  SmaCrossFastParams,
} from './types.js';

const INVALID: FastPathResult = Object.freeze({ unsupported: 'invalid-params' });

/**
 * sma-cross's parameters from a resolved record; absent keys take the strategy's own defaults, a key of
 * the wrong type is the kernel's to report.
 */
export function smaCrossParams(record: Readonly<Record<string, unknown>>): SmaCrossFastParams | undefined {
  const specs = smaCross.params;
  const fast = record['fast'] ?? specs.fast.default;
  const slow = record['slow'] ?? specs.slow.default;
  const mode = record['mode'] ?? specs.mode.default;
  const size = record['size'] ?? undefined;
  const fraction = record['fraction'] ?? specs.fraction.default;
  if (typeof fast !== 'number' || typeof slow !== 'number' || typeof fraction !== 'number') return undefined;
  if (mode !== 'long-only' && mode !== 'long-short') return undefined;
  if (size !== undefined && typeof size !== 'number') return undefined;
  return { fast, slow, mode, size, fraction };
}

function evaluateSmaCross(input: FastPathEvaluatorInput): FastPathResult {
  const params = smaCrossParams(input.params);
  if (params === undefined) return INVALID;
  return runSmaCrossFast({ ...input, params });
}

const EVALUATORS: Readonly<Record<string, FastPathEvaluator>> = { 'sma-cross': evaluateSmaCross };

/** The fast-path evaluator of a strategy, undefined when it has none (plugins, specs, other built-ins). */
export function fastPathFor(strategyName: string): FastPathEvaluator | undefined {
  return Object.hasOwn(EVALUATORS, strategyName) ? EVALUATORS[strategyName] : undefined;
}
