import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import { parseObjective, scoreMetrics } from './objective.js';
import { fakeMetrics } from './test-fixtures.js';

function refusal(text: string): string {
  try {
    parseObjective(text);
  } catch (error) {
    if (isQuantLabError(error, 'QL_ERR_INVALID_INPUT')) return error.message;
    throw error;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('parseObjective', () => {
  it('maps the named objectives to metrics', () => {
    const metrics = fakeMetrics();
    expect(parseObjective('sharpe').evaluate(metrics)).toBe(1.5);
    expect(parseObjective('total-return').evaluate(metrics)).toBe(0.1);
    expect(parseObjective('profit-factor').evaluate(metrics)).toBe(1.4);
    expect(parseObjective('cagr').evaluate(metrics)).toBe(0.2);
    expect(parseObjective(' calmar ').text).toBe('calmar');
  });

  it('evaluates expressions with precedence, unary minus and functions', () => {
    const metrics = fakeMetrics();
    expect(parseObjective('sharpe * (1 - maxDrawdown)').evaluate(metrics)).toBeCloseTo(1.2);
    expect(parseObjective('sharpe + sortino * 2').evaluate(metrics)).toBeCloseTo(5.5);
    expect(parseObjective('-maxDrawdown').evaluate(metrics)).toBeCloseTo(-0.2);
    expect(parseObjective('min(sharpe, sortino, 1.2) + max(1, 2)').evaluate(metrics)).toBeCloseTo(3.2);
    expect(parseObjective('abs(-2) * sqrt(4) + log(1) - 1e-1').evaluate(metrics)).toBeCloseTo(3.9);
    expect(parseObjective('totalReturn / maxDrawdown').evaluate(metrics)).toBeCloseTo(0.5);
  });

  it('is null when a metric is null or the value is not finite', () => {
    expect(parseObjective('sharpe * 2').evaluate(fakeMetrics({ sharpe: null }))).toBeNull();
    expect(parseObjective('calmar').evaluate(fakeMetrics({ calmar: null }))).toBeNull();
    expect(parseObjective('totalReturn / maxDrawdown').evaluate(fakeMetrics({ maxDrawdown: 0 }))).toBeNull();
    expect(parseObjective('log(0 * sharpe)').evaluate(fakeMetrics())).toBeNull();
  });

  it('refuses code and unknown names, without evaluating anything', () => {
    expect(refusal('process.exit()')).toContain('unexpected character "." at 7');
    expect(refusal('process')).toContain('unknown name "process"');
    expect(refusal('sharpe; process.exit(1)')).toContain('unexpected character ";"');
    expect(refusal('constructor')).toContain('unknown name');
    expect(refusal('toString(sharpe)')).toContain('unknown function toString()');
    expect(refusal('__proto__')).toContain('unknown name');
    expect(refusal('eval(1)')).toContain('unknown function eval()');
    expect(refusal('eval("1")')).toContain('unexpected character');
    expect(refusal('sharpee')).toContain('did you mean "sharpe"');
    expect(refusal('sharpe *')).toContain('unexpected end of input');
    expect(refusal('(sharpe')).toContain('expected ")"');
    expect(refusal('sharpe sortino')).toContain('unexpected text');
    expect(refusal('sqrt(1, 2)')).toContain('takes 1 argument');
    expect(refusal('x'.repeat(600))).toContain('longer than 500');
  });
});

describe('scoreMetrics', () => {
  it('scores null below minTrades', () => {
    const objective = parseObjective('sharpe');
    expect(scoreMetrics(objective, fakeMetrics({ trades: 0 }), 1)).toBeNull();
    expect(scoreMetrics(objective, fakeMetrics({ trades: 4 }), 5)).toBeNull();
    expect(scoreMetrics(objective, fakeMetrics({ trades: 5 }), 5)).toBe(1.5);
    expect(scoreMetrics(objective, fakeMetrics({ trades: 0 }), 0)).toBe(1.5);
  });
});
