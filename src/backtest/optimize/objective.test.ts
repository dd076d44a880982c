import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import { parseObjective, SCORE_CAP, scoreMetrics } from './objective.js';
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

describe('scoring a run that never loses', () => {
  it('sortino: null with a positive mean daily return scores SCORE_CAP; otherwise null stays null', () => {
    const sortino = parseObjective('sortino');
    // No losing day: the metric stays null (its contract), the score is the cap.
    expect(sortino.evaluate(fakeMetrics({ sortino: null, sharpe: 3 }))).toBe(SCORE_CAP);
    expect(scoreMetrics(sortino, fakeMetrics({ sortino: null, sharpe: 3 }), 1)).toBe(1e6);
    // Not a positive mean (or too few days to know): still null.
    expect(sortino.evaluate(fakeMetrics({ sortino: null, sharpe: -0.5 }))).toBeNull();
    expect(sortino.evaluate(fakeMetrics({ sortino: null, sharpe: null }))).toBeNull();
    // Real values pass through, capped.
    expect(sortino.evaluate(fakeMetrics({ sortino: 2 }))).toBe(2);
    expect(sortino.evaluate(fakeMetrics({ sortino: 5e6 }))).toBe(SCORE_CAP);
    // Expressions see the same value.
    expect(parseObjective('sortino / 2').evaluate(fakeMetrics({ sortino: null, sharpe: 3 }))).toBe(5e5);
  });

  it('profit factor: null with a positive gross profit scores SCORE_CAP; without any win it stays null', () => {
    const pf = parseObjective('profit-factor');
    expect(pf.evaluate(fakeMetrics({ profitFactor: null, winRate: 1, trades: 4 }))).toBe(SCORE_CAP);
    expect(pf.evaluate(fakeMetrics({ profitFactor: null, winRate: 0, trades: 4 }))).toBeNull();
    expect(pf.evaluate(fakeMetrics({ profitFactor: null, winRate: null, trades: 0 }))).toBeNull();
    expect(pf.evaluate(fakeMetrics({ profitFactor: 1.4 }))).toBe(1.4);
  });

  it('the perfect candidate wins over every run that loses', () => {
    const pf = parseObjective('profit-factor');
    const perfect = scoreMetrics(pf, fakeMetrics({ profitFactor: null, winRate: 1 }), 1)!;
    const great = scoreMetrics(pf, fakeMetrics({ profitFactor: 50, winRate: 0.98 }), 1)!;
    expect(perfect).toBeGreaterThan(great);
  });
});
