/**
 * Space constraints such as `"fast < slow"` or `"fast >= 5"`: one comparison (< <= > >= == !=) between two
 * operands, each a numeric parameter of the strategy or a number (no arithmetic). Parsed with a regular
 * expression and compared in code: user text is never evaluated.
 */

import { QuantLabError } from '../../core/errors.js';
import { didYouMean } from '../../strategies/spec/issues.js';
import type { ParamSpecs } from '../../strategies/types.js';

export const COMPARISON_OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export type ConstraintOperand = { readonly param: string } | { readonly value: number };

export interface Constraint {
  /** The text as written, for messages. */
  readonly text: string;
  readonly left: ConstraintOperand;
  readonly operator: ComparisonOperator;
  readonly right: ConstraintOperand;
}

const OPERAND = String.raw`([A-Za-z_][A-Za-z0-9_]*|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)`;
const CONSTRAINT_PATTERN = new RegExp(String.raw`^\s*${OPERAND}\s*(<=|>=|==|!=|<|>)\s*${OPERAND}\s*$`);
const NUMERIC_TYPES = new Set(['int', 'float', 'float?']);

function constraintError(text: string, message: string, details: Record<string, unknown> = {}) {
  return new QuantLabError(
    'QL_ERR_INVALID_INPUT',
    `--space constraints: ${JSON.stringify(text)}: ${message}`,
    {
      details: { key: 'constraints', constraint: text, ...details },
    },
  );
}

function parseOperand(token: string, text: string, params: ParamSpecs): ConstraintOperand {
  if (/^[A-Za-z_]/.test(token)) {
    const spec = params[token];
    if (spec === undefined) {
      throw constraintError(
        text,
        `unknown parameter ${JSON.stringify(token)}${didYouMean(token, Object.keys(params))}; parameters: ${Object.keys(params).join(', ')}`,
        { param: token },
      );
    }
    if (!NUMERIC_TYPES.has(spec.type)) {
      throw constraintError(text, `parameter ${token} is a ${spec.type}; constraints compare numbers only`, {
        param: token,
      });
    }
    return { param: token };
  }
  const value = Number(token);
  if (!Number.isFinite(value)) throw constraintError(text, `${token} is not a finite number`);
  return { value };
}

/** Parses one constraint; throws QL_ERR_INVALID_INPUT naming the constraint and the unknown parameter. */
export function parseConstraint(text: unknown, params: ParamSpecs): Constraint {
  if (typeof text !== 'string') {
    throw constraintError(
      String(JSON.stringify(text)),
      'a constraint must be a string such as "fast < slow"',
    );
  }
  const match = CONSTRAINT_PATTERN.exec(text);
  if (match === null) {
    throw constraintError(
      text,
      `expected "<param> <op> <param or number>" with op one of ${COMPARISON_OPERATORS.join(' ')}`,
    );
  }
  const left = parseOperand(match[1]!, text, params);
  const right = parseOperand(match[3]!, text, params);
  if (!('param' in left) && !('param' in right)) throw constraintError(text, 'compares two numbers');
  return { text, left, operator: match[2] as ComparisonOperator, right };
}

function operandValue(operand: ConstraintOperand, params: Readonly<Record<string, unknown>>): number {
  if ('value' in operand) return operand.value;
  const value = params[operand.param];
  // An optional parameter left unset has no value: every comparison with it fails (NaN).
  return typeof value === 'number' ? value : Number.NaN;
}

/** True when `params` (defaults applied) satisfies the constraint. */
export function satisfies(constraint: Constraint, params: Readonly<Record<string, unknown>>): boolean {
  const a = operandValue(constraint.left, params);
  const b = operandValue(constraint.right, params);
  switch (constraint.operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return !Number.isNaN(a) && !Number.isNaN(b) && a !== b;
  }
}
