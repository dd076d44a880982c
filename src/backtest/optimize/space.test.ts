import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import { smaCross } from '../../strategies/builtins/index.js';
import { satisfies } from './constraints.js';
import { parseSearchSpace } from './space.js';

const params = smaCross.params;

function failure(json: unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    parseSearchSpace(json, params);
  } catch (error) {
    if (!isQuantLabError(error)) throw error;
    return { code: error.code, message: error.message, details: error.details ?? {} };
  }
  throw new Error('expected parseSearchSpace to throw');
}

describe('parseSearchSpace', () => {
  it('parses ranges, choices, fixed values and constraints, in the order given', () => {
    const space = parseSearchSpace(
      {
        fast: { min: 5, max: 50, step: 5 },
        slow: { min: 20, max: 200, step: 10 },
        mode: ['long-only', 'long-short'],
        fraction: 0.5,
        constraints: ['fast < slow'],
      },
      params,
    );
    expect(space.dimensions.map((d) => d.name)).toEqual(['fast', 'slow', 'mode']);
    expect(space.dimensions[0]).toEqual({
      kind: 'range',
      name: 'fast',
      type: 'int',
      min: 5,
      max: 50,
      step: 5,
      log: false,
    });
    expect(space.dimensions[2]).toEqual({
      kind: 'choice',
      name: 'mode',
      values: ['long-only', 'long-short'],
    });
    expect(space.fixed).toEqual({ fraction: 0.5 });
    expect(space.constraints).toHaveLength(1);
    expect(satisfies(space.constraints[0]!, { fast: 5, slow: 20 })).toBe(true);
    expect(satisfies(space.constraints[0]!, { fast: 20, slow: 20 })).toBe(false);
  });

  it('accepts the JSON text as the CLI passes it', () => {
    const space = parseSearchSpace(
      '{"fast":{"min":2,"max":4},"size":{"min":0.1,"max":10,"log":true}}',
      params,
    );
    expect(space.dimensions[1]).toMatchObject({ name: 'size', type: 'float', log: true });
  });

  it('names an unknown parameter and suggests the close one', () => {
    const error = failure({ fsat: { min: 5, max: 50 } });
    expect(error.code).toBe('QL_ERR_INVALID_INPUT');
    expect(error.message).toContain('"fsat" is not a parameter');
    expect(error.message).toContain('did you mean "fast"');
    expect(error.details).toMatchObject({ key: 'fsat', suggestion: 'fast' });
  });

  it('refuses bad steps and bounds for an integer parameter', () => {
    expect(failure({ fast: { min: 5, max: 50, step: 2.5 } }).message).toMatch(
      /fast.*step must be an integer ≥ 1/,
    );
    expect(failure({ fast: { min: 5, max: 50, step: 0 } }).message).toContain('step must be > 0');
    expect(failure({ fast: { min: 5.5, max: 50 } }).message).toContain('min and max must be integers');
    expect(failure({ fast: { min: 1, max: 50 } }).message).toContain("below the parameter's minimum 2");
    expect(failure({ fast: { min: 50, max: 5 } }).message).toContain('min 50 is above max 5');
    expect(failure({ fast: { min: 5, max: 50, stpe: 5 } }).message).toContain('did you mean "step"');
    expect(failure({ fast: { min: 5 } }).message).toContain('needs both min and max');
    expect(failure({ fraction: { min: 0, max: 1, log: true } }).message).toContain('log range needs min > 0');
  });

  it('checks choices and fixed values against the parameter', () => {
    expect(failure({ mode: ['long-only', 'short-only'] }).details).toMatchObject({ key: 'mode' });
    expect(failure({ mode: [] }).message).toContain('must not be empty');
    expect(failure({ fast: 2.5 }).message).toContain('not a valid int');
    expect(failure({ mode: { min: 1, max: 2 } }).message).toContain('a range needs a numeric parameter');
  });

  it('refuses a constraint on an unknown parameter, with a suggestion', () => {
    const error = failure({ fast: { min: 5, max: 50 }, constraints: ['fast < slwo'] });
    expect(error.code).toBe('QL_ERR_INVALID_INPUT');
    expect(error.message).toContain('unknown parameter "slwo"');
    expect(error.message).toContain('did you mean "slow"');
    expect(error.details).toMatchObject({ key: 'constraints', param: 'slwo' });
  });

  it('parses constraint operators and numbers, and refuses anything else', () => {
    const space = parseSearchSpace(
      { constraints: ['fast <= slow', 'slow > 10', '3 != fast', 'fast >= 2', 'slow == 30'] },
      params,
    );
    const values = { fast: 3, slow: 30 };
    expect(space.constraints.map((c) => satisfies(c, values))).toEqual([true, true, false, true, true]);
    expect(failure({ constraints: ['fast < slow * 2'] }).message).toContain('expected');
    expect(failure({ constraints: ['process.exit() < 1'] }).message).toContain('expected');
    expect(failure({ constraints: ['1 < 2'] }).message).toContain('compares two numbers');
    expect(failure({ constraints: ['mode == fast'] }).message).toContain('compare numbers only');
    expect(failure({ constraints: 'fast < slow' }).message).toContain('must be a list');
  });

  it('refuses what is not an object or not JSON', () => {
    expect(failure([1, 2]).message).toContain('must be a JSON object');
    expect(failure('{fast: 1}').message).toContain('not valid JSON');
  });
});
