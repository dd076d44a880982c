/**
 * A tiny arithmetic language for custom objectives (`sharpe * (1 - maxDrawdown)`): numbers, metric names,
 * + − * / with the usual precedence, unary minus, parentheses and the functions min, max, abs, sqrt, log.
 * A hand-written tokenizer and recursive-descent parser build a closure tree; nothing is ever passed to
 * eval/Function, and any other character or name is refused with its position.
 */

import { QuantLabError } from '../../core/errors.js';
import { didYouMean } from '../../strategies/spec/issues.js';

/** Values by name; null (an undefined metric, e.g. no losing trade) makes the whole result null. */
export type Variables = Readonly<Record<string, number | null>>;
export type Compiled = (vars: Variables) => number | null;

const FUNCTIONS: Readonly<Record<string, { arity: [number, number]; apply: (args: number[]) => number }>> = {
  min: { arity: [1, Number.POSITIVE_INFINITY], apply: (a) => Math.min(...a) },
  max: { arity: [1, Number.POSITIVE_INFINITY], apply: (a) => Math.max(...a) },
  abs: { arity: [1, 1], apply: (a) => Math.abs(a[0]!) },
  sqrt: { arity: [1, 1], apply: (a) => Math.sqrt(a[0]!) },
  log: { arity: [1, 1], apply: (a) => Math.log(a[0]!) },
};
export const EXPRESSION_FUNCTIONS = Object.keys(FUNCTIONS);
const MAX_LENGTH = 500;

type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'end'; at: number };

function syntaxError(text: string, at: number, message: string): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', `--objective ${JSON.stringify(text)}: ${message}`, {
    details: { key: 'objective', position: at },
  });
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /(?:((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/(),]))/y;
  let at = 0;
  while (true) {
    while (at < text.length && /\s/.test(text[at]!)) at += 1;
    if (at >= text.length) break;
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match === null)
      throw syntaxError(text, at, `unexpected character ${JSON.stringify(text[at])} at ${at}`);
    if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]), at });
    else if (match[2] !== undefined) tokens.push({ kind: 'name', value: match[2], at });
    else tokens.push({ kind: 'op', value: match[3]!, at });
    at = pattern.lastIndex;
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

function lift(f: (a: number, b: number) => number, a: Compiled, b: Compiled): Compiled {
  return (vars) => {
    const x = a(vars);
    if (x === null) return null;
    const y = b(vars);
    return y === null ? null : f(x, y);
  };
}

/** Compiles `text` over the variable names `known`; throws QL_ERR_INVALID_INPUT with the position at fault. */
export function compileExpression(text: string, known: readonly string[]): Compiled {
  if (text.length > MAX_LENGTH)
    throw syntaxError(text.slice(0, 40) + '…', 0, `longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const isOp = (value: string) => {
    const t = peek();
    return t.kind === 'op' && t.value === value;
  };
  const expect = (value: string) => {
    if (!isOp(value)) throw syntaxError(text, peek().at, `expected ${JSON.stringify(value)} at ${peek().at}`);
    pos += 1;
  };

  function sum(): Compiled {
    let left = product();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { value: string }).value;
      const right = product();
      left = lift(op === '+' ? (a, b) => a + b : (a, b) => a - b, left, right);
    }
    return left;
  }

  function product(): Compiled {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as { value: string }).value;
      const right = unary();
      left = lift(op === '*' ? (a, b) => a * b : (a, b) => a / b, left, right);
    }
    return left;
  }

  function unary(): Compiled {
    if (isOp('-')) {
      pos += 1;
      const inner = unary();
      return (vars) => {
        const x = inner(vars);
        return x === null ? null : -x;
      };
    }
    if (isOp('+')) {
      pos += 1;
      return unary();
    }
    return primary();
  }

  function call(name: string, at: number): Compiled {
    // Own keys only: `toString(…)` must not reach Object.prototype.
    const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (fn === undefined) {
      throw syntaxError(
        text,
        at,
        `unknown function ${name}()${didYouMean(name, EXPRESSION_FUNCTIONS)}; functions: ${EXPRESSION_FUNCTIONS.join(', ')}`,
      );
    }
    expect('(');
    const args: Compiled[] = [sum()];
    while (isOp(',')) {
      pos += 1;
      args.push(sum());
    }
    expect(')');
    const [least, most] = fn.arity;
    if (args.length < least || args.length > most)
      throw syntaxError(
        text,
        at,
        `${name}() takes ${least === most ? least : `at least ${least}`} argument(s)`,
      );
    return (vars) => {
      const values: number[] = [];
      for (const arg of args) {
        const v = arg(vars);
        if (v === null) return null;
        values.push(v);
      }
      return fn.apply(values);
    };
  }

  function primary(): Compiled {
    const token = peek();
    if (token.kind === 'number') {
      pos += 1;
      const value = token.value;
      return () => value;
    }
    if (token.kind === 'name') {
      pos += 1;
      if (isOp('(')) return call(token.value, token.at);
      const name = token.value;
      if (!known.includes(name)) {
        throw syntaxError(
          text,
          token.at,
          `unknown name ${JSON.stringify(name)} at ${token.at}${didYouMean(name, known)}; metrics: ${known.join(', ')}`,
        );
      }
      return (vars) => vars[name] ?? null;
    }
    if (isOp('(')) {
      pos += 1;
      const inner = sum();
      expect(')');
      return inner;
    }
    const what = token.kind === 'end' ? 'end of input' : JSON.stringify(token.value);
    throw syntaxError(text, token.at, `unexpected ${what} at ${token.at}`);
  }

  const compiled = sum();
  if (peek().kind !== 'end') throw syntaxError(text, peek().at, `unexpected text at ${peek().at}`);
  return compiled;
}
