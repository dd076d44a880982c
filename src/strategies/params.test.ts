import { describe, expect, it } from 'vitest';
import { isQuantLabError, type QuantLabError } from '../core/errors.js';
import { describeParams, paramSpecProblems, paramsJsonSchema, resolveParams } from './params.js';
import type { ParamSpecs, StrategyDefinition } from './types.js';

const SPECS = {
  fast: { type: 'int', default: 10, min: 2, max: 200, description: 'fast SMA period' },
  slow: { type: 'int', default: 30, min: 3, max: 500, description: 'slow SMA period' },
  mode: { type: 'enum', values: ['long-only', 'long-short'], default: 'long-only', description: 'direction' },
  fraction: { type: 'float', default: 1, min: 0, max: 1, description: 'of equity' },
  size: { type: 'float?', min: 0, description: 'fixed base quantity' },
  verbose: { type: 'bool', default: false, description: 'log more' },
  label: { type: 'string', default: 'x', description: 'a name' },
} as const satisfies ParamSpecs;

const definition: Pick<StrategyDefinition<typeof SPECS>, 'name' | 'params' | 'validate'> = {
  name: 'sma-cross',
  params: SPECS,
  validate: (p) => (p.fast >= p.slow ? [`fast (${p.fast}) must be below slow (${p.slow})`] : []),
};

function failure(input: unknown): QuantLabError {
  try {
    resolveParams(definition, input);
  } catch (error) {
    if (isQuantLabError(error, 'QL_ERR_STRATEGY_PARAMS_INVALID')) return error;
    throw error;
  }
  throw new Error('expected QL_ERR_STRATEGY_PARAMS_INVALID');
}

describe('resolveParams', () => {
  it('applies defaults and keeps given values', () => {
    expect(resolveParams(definition)).toEqual({
      fast: 10,
      slow: 30,
      mode: 'long-only',
      fraction: 1,
      verbose: false,
      label: 'x',
    });
    expect(resolveParams(definition, { fast: 5, size: 0.5, mode: 'long-short' })).toMatchObject({
      fast: 5,
      size: 0.5,
      mode: 'long-short',
    });
  });

  it('names every bad key: unknown, non-integer, out of bounds, bad enum, wrong type', () => {
    const error = failure({ fats: 3, fast: 2.5, slow: 1000, mode: 'short', verbose: 'yes' });
    expect(error.details?.keys).toEqual(expect.arrayContaining(['fats', 'fast', 'slow', 'mode', 'verbose']));
    expect(error.message).toContain('fats: unknown parameter (known: fast, slow, mode');
    expect(error.message).toContain('fast:');
    expect(error.message).toContain('(got 2.5)');
    expect(error.message).toContain('slow:');
    expect(error.message).toMatch(/mode: .*long-only/);
  });

  it('rejects non-finite numbers and non-objects', () => {
    expect(failure({ fraction: Number.POSITIVE_INFINITY }).details?.keys).toEqual(['fraction']);
    expect(failure([1, 2]).message).toContain('must be a JSON object');
    expect(failure('fast=3').message).toContain('must be a JSON object');
  });

  it('runs cross-parameter constraints and names the key they mention first', () => {
    const error = failure({ fast: 40, slow: 30 });
    expect(error.message).toContain('fast (40) must be below slow (30)');
    expect(error.details?.keys).toEqual(['fast']);
  });

  it('reports a validate() that throws as the strategy failing, not as a bare internal error', () => {
    const broken = {
      ...definition,
      validate: (): string[] => {
        throw new TypeError('oops');
      },
    };
    expect(() => resolveParams(broken, {})).toThrow(
      expect.objectContaining({
        code: 'QL_ERR_STRATEGY_FAILED',
        message: 'sma-cross: validate() threw: oops',
      }),
    );
  });
});

describe('paramsJsonSchema', () => {
  it('publishes types, bounds, enum values, defaults and descriptions, and forbids unknown keys', () => {
    const schema = paramsJsonSchema(SPECS) as {
      properties: Record<string, Record<string, unknown>>;
      additionalProperties: boolean;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.fast).toMatchObject({
      type: 'integer',
      minimum: 2,
      maximum: 200,
      default: 10,
      description: 'fast SMA period',
    });
    expect(schema.properties.mode).toMatchObject({ enum: ['long-only', 'long-short'], default: 'long-only' });
    expect(schema.properties.size).toMatchObject({ type: 'number', minimum: 0 });
    expect(schema.properties.size).not.toHaveProperty('default');
    expect(schema.properties.verbose).toMatchObject({ type: 'boolean', default: false });
  });
});

describe('paramSpecProblems', () => {
  it('accepts a sound table and lists what is wrong with a broken one', () => {
    expect(paramSpecProblems(SPECS)).toEqual([]);
    const problems = paramSpecProblems({
      a: { type: 'int', default: 1.5, description: 'x' },
      b: { type: 'float', default: 5, min: 10, description: 'x' },
      c: { type: 'enum', values: [], default: 'q', description: 'x' },
      d: { type: 'decimal', default: 1, description: 'x' },
      e: { type: 'bool', default: true },
      f: { type: 'float', default: 1, min: 3, max: 2, description: 'x' },
    });
    expect(problems).toHaveLength(7); // f breaks two rules: min above max, and its default below min
    expect(problems.join('\n')).toMatch(/params\.a\.default: 1\.5/);
    expect(problems.join('\n')).toMatch(/params\.d\.type/);
    expect(problems.join('\n')).toMatch(/params\.e\.description: required/);
    expect(problems.join('\n')).toMatch(/params\.f: min 3 is above max 2/);
  });
});

it('describeParams gives the rows strategy show prints', () => {
  const rows = describeParams(SPECS);
  expect(rows.map((r) => r.name)).toEqual(Object.keys(SPECS));
  expect(rows[0]).toEqual({
    name: 'fast',
    type: 'int',
    default: 10,
    min: 2,
    max: 200,
    description: 'fast SMA period',
  });
  expect(rows.find((r) => r.name === 'mode')?.values).toEqual(['long-only', 'long-short']);
  expect(rows.find((r) => r.name === 'size')?.default).toBeUndefined();
});
