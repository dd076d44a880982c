/**
 * Resolves rule operands and conditions into the plan's `Expr` and `Rule` trees, reporting unknown names,
 * unknown outputs and look-ahead at the path of the operand.
 *
 * Look-ahead rule: a rule sees the bar that just closed and earlier bars, never a later one. Offsets count
 * bars back (`close[1]` is the previous close); anything that reads forward (`close[+1]`, `offset: -1`,
 * `next`/`lead`/`future` names, an output displaced into the past) is rejected, because a backtest that
 * peeks ahead reports profits no live run can make.
 */

import { didYouMean, type SpecPath } from './issues.js';
import type { ArithOp, Expr, PlannedRule, Rule } from './plan.js';
import type { AnalysisScope, IndicatorTable } from './references.js';
import {
  type Condition,
  type IndicatorOperand,
  type Operand,
  PARAM_REF,
  PRICE_FIELDS,
  type PriceField,
} from './schema.js';

const PRICE_SET = new Set<string>(PRICE_FIELDS);
const FUTURE_WORDS = new Set(['next', 'lead', 'leading', 'future', 'ahead', 'forward', 'tomorrow']);
/** `name`, `name.output`, each optionally with `[n]` bars back (a sign is caught as look-ahead). */
const OPERAND_STRING =
  /^([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?(?:\[\s*([+-]?)\s*(\d+)\s*\])?$/;

/** True when a name reads like a future value: `next`, `nextClose`, `close_lead`, `shift(-1)` … */
export function soundsLikeFuture(text: string): boolean {
  if (/shift\s*\(\s*-/.test(text)) return true;
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/);
  return words.some((word) => FUTURE_WORDS.has(word));
}

export function lookAheadMessage(what: string): string {
  return `look-ahead: ${what}; rules may only read the bar that just closed and earlier ones (offsets count bars back: close[1] is the previous close)`;
}

export class RuleResolver {
  constructor(
    private readonly scope: AnalysisScope,
    private readonly indicators: IndicatorTable,
  ) {}

  /** A top-level rule (`entry.long`), or undefined when it is absent or invalid. */
  rule(condition: Condition | undefined, path: SpecPath): PlannedRule | undefined {
    if (condition === undefined) return undefined;
    const before = this.scope.issues.length;
    const rule = this.condition(condition, path);
    if (rule === undefined || this.scope.issues.length > before) return undefined;
    return { path: path.join('.'), text: ruleText(rule), rule };
  }

  condition(condition: Condition, path: SpecPath): Rule | undefined {
    if ('all' in condition || 'any' in condition) {
      const kind = 'all' in condition ? 'all' : 'any';
      const list = 'all' in condition ? condition.all : condition.any;
      const items = list.map((item, i) => this.condition(item, [...path, kind, i]));
      return items.every((item) => item !== undefined) ? { kind, items: items as Rule[] } : undefined;
    }
    if ('not' in condition) {
      const item = this.condition(condition.not, [...path, 'not']);
      return item === undefined ? undefined : { kind: 'not', item };
    }
    const left = this.operand(condition.left, [...path, 'left']);
    const right = this.operand(condition.right, [...path, 'right']);
    const tolerance = condition.tolerance ?? 0;
    if (condition.tolerance !== undefined && condition.op !== '==') {
      this.scope.report([...path, 'tolerance'], `tolerance applies to "==" only, not "${condition.op}"`);
    }
    this.scope.requireNumber([...path, 'tolerance'], condition.tolerance, (x) => x >= 0, 'must be ≥ 0');
    if (left === undefined || right === undefined) return undefined;
    return { kind: 'compare', op: condition.op, left, right, tolerance };
  }

  operand(operand: Operand, path: SpecPath): Expr | undefined {
    if (typeof operand === 'number') return { kind: 'number', value: operand };
    if (typeof operand === 'string') return this.operandString(operand, path);
    if ('ind' in operand) return this.indicatorOperand(operand, path);
    if ('price' in operand) {
      return {
        kind: 'price',
        field: operand.price,
        offset: operand.offset ?? 0,
        timeframe: operand.timeframe,
      };
    }
    const [op, list] = Object.entries(operand)[0] as [ArithOp, Operand[]];
    const args = list.map((item, i) => this.operand(item, [...path, op, i]));
    return args.every((arg) => arg !== undefined) ? { kind: 'arith', op, args: args as Expr[] } : undefined;
  }

  private operandString(text: string, path: SpecPath): Expr | undefined {
    if (text.startsWith('$')) {
      if (!PARAM_REF.test(text)) {
        this.scope.report(path, `"${text}" is not a parameter reference: expected "$" and a name`);
        return undefined;
      }
      return this.scope.knownNumber(path, text) ? { kind: 'number', value: text } : undefined;
    }
    const match = OPERAND_STRING.exec(text);
    if (match === null) {
      this.scope.report(
        path,
        soundsLikeFuture(text)
          ? lookAheadMessage(`"${text}" reads a future value`)
          : `cannot read operand "${text}": expected a price ("close", "close[1]"), an indicator ` +
              '("fast", "macd.signal", "macd.signal[1]") or a "$param"',
      );
      return undefined;
    }
    const [, name, output, sign, digits] = match as unknown as [string, string, string?, string?, string?];
    const offset = digits === undefined ? 0 : Number(digits);
    if (sign !== undefined && sign !== '' && offset > 0) {
      this.scope.report(
        path,
        lookAheadMessage(
          sign === '+'
            ? `"${text}" reads ${offset} bar(s) after the current one`
            : `"${text}" has a negative offset, i.e. a bar after the current one`,
        ),
      );
      return undefined;
    }
    if (PRICE_SET.has(name) && !this.indicators.outputs.has(name)) {
      if (output !== undefined) {
        this.scope.report(path, `price "${name}" has no output "${output}"`);
        return undefined;
      }
      return { kind: 'price', field: name as PriceField, offset, timeframe: undefined };
    }
    return this.indicatorOperand({ ind: name, output, offset }, path, true);
  }

  private indicatorOperand(operand: IndicatorOperand, path: SpecPath, compact = false): Expr | undefined {
    const { ind: id, output } = operand;
    const entry = this.indicators.outputs.get(id);
    if (entry === undefined) {
      if (this.indicators.broken.has(id)) return undefined;
      const where = compact ? path : [...path, 'ind'];
      if (soundsLikeFuture(id)) {
        this.scope.report(where, lookAheadMessage(`"${id}" reads a future value`));
        return undefined;
      }
      // Ids with `#` are the ATRs stops need, not declared by the author.
      const known = [...this.indicators.outputs.keys(), ...this.indicators.broken].filter(
        (k) => !k.includes('#'),
      );
      const hint = didYouMean(id, compact ? [...known, ...PRICE_FIELDS] : known);
      this.scope.report(
        where,
        `unknown indicator "${id}"${hint}` +
          (known.length > 0 ? `; declared indicators: ${known.join(', ')}` : '; no indicators are declared'),
      );
      return undefined;
    }
    const name = output ?? entry.outputs[0]!;
    const where = compact ? path : [...path, 'output'];
    const displaced = entry.kind.lookAheadOutputs?.[name];
    if (displaced !== undefined) {
      this.scope.report(where, lookAheadMessage(`output "${name}" of "${id}" ${displaced}`));
      return undefined;
    }
    if (!entry.outputs.includes(name)) {
      const bad = soundsLikeFuture(name)
        ? lookAheadMessage(`output "${name}" reads a future value`)
        : `indicator "${id}" (${entry.kind.type}) has no output "${name}"${didYouMean(name, entry.outputs)}; ` +
          `its outputs: ${entry.outputs.join(', ')}`;
      this.scope.report(where, bad);
      return undefined;
    }
    return { kind: 'indicator', id, output: name, offset: operand.offset ?? 0 };
  }
}

const ARITH_SYMBOL: Readonly<Record<ArithOp, string>> = { add: '+', sub: '-', mul: '*', div: '/' };

/** An operand as text: `close`, `close[1]`, `close@4h`, `macd.signal[1]`, `(sma * 1.02)`. */
export function exprText(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'price':
      return `${expr.field}${expr.timeframe === undefined ? '' : `@${expr.timeframe}`}${offsetText(expr.offset)}`;
    case 'indicator':
      return `${expr.id}${expr.output === 'value' ? '' : `.${expr.output}`}${offsetText(expr.offset)}`;
    case 'arith':
      return `(${expr.args.map(exprText).join(` ${ARITH_SYMBOL[expr.op]} `)})`;
  }
}

function offsetText(offset: number): string {
  return offset === 0 ? '' : `[${offset}]`;
}

/** A rule as one line: `all(rsi < 30, close > sma)`. */
export function ruleText(rule: Rule): string {
  switch (rule.kind) {
    case 'compare':
      return `${exprText(rule.left)} ${rule.op} ${exprText(rule.right)}`;
    case 'all':
    case 'any':
      return `${rule.kind}(${rule.items.map(ruleText).join(', ')})`;
    case 'not':
      return `not(${ruleText(rule.item)})`;
  }
}
