import { describe, expect, it } from 'vitest';
import { QuantLabError } from '../../core/errors.js';
import { parseBreakerConfig } from './parse.js';

function messageOf(kind: string, params: unknown): string {
  try {
    parseBreakerConfig(kind, params);
  } catch (error) {
    expect(error).toBeInstanceOf(QuantLabError);
    expect((error as QuantLabError).code).toBe('QL_ERR_INVALID_INPUT');
    return (error as Error).message;
  }
  throw new Error('expected a parse error');
}

describe('parseBreakerConfig', () => {
  it('returns the typed config with safe defaults (pause the account, resume by hand)', () => {
    expect(parseBreakerConfig('max-drawdown', { maxDrawdown: 0.2 })).toEqual({
      kind: 'max-drawdown',
      pause: 'account',
      resume: 'manual',
      maxDrawdown: 0.2,
    });
    expect(parseBreakerConfig('stale-data', { maxAgeMs: 30_000, resume: 'auto' })).toMatchObject({
      resume: 'auto',
    });
  });

  it('a breaker for named strategies pauses them by default', () => {
    expect(parseBreakerConfig('daily-loss', { maxLoss: 100, strategies: ['s1'] })).toMatchObject({
      pause: 'strategy',
      strategies: ['s1'],
    });
  });

  it('accepts every kind', () => {
    expect(parseBreakerConfig('consecutive-losses', { maxLosses: 4 }).kind).toBe('consecutive-losses');
    expect(
      parseBreakerConfig('reject-storm', { maxRejects: 5, windowMs: 60_000, resume: 'auto', cooldownMs: 0 }),
    ).toMatchObject({ cooldownMs: 0 });
    expect(parseBreakerConfig('daily-loss', { maxLossFraction: 0.03, resume: 'auto' })).toMatchObject({
      maxLossFraction: 0.03,
    });
  });

  it.each([
    [
      'nope',
      {},
      'Unknown circuit breaker "nope" (known: daily-loss, max-drawdown, consecutive-losses, reject-storm, stale-data).',
    ],
    ['max-drawdown', {}, 'Invalid max-drawdown breaker: maxDrawdown: must be a number.'],
    ['max-drawdown', 'x', 'Invalid max-drawdown breaker: params must be an object.'],
    [
      'max-drawdown',
      { maxDrawdown: 1.5 },
      'Invalid max-drawdown breaker: maxDrawdown: must be a fraction ≤ 1 (0.1 = 10 %) (got 1.5).',
    ],
    ['daily-loss', { maxLoss: -5 }, 'Invalid daily-loss breaker: maxLoss: must be > 0 (got -5).'],
    ['daily-loss', {}, 'Invalid daily-loss breaker: maxLoss: give maxLoss, maxLossFraction or both.'],
    [
      'consecutive-losses',
      { maxLosses: 2.5 },
      'Invalid consecutive-losses breaker: maxLosses: must be a whole number (got 2.5).',
    ],
    [
      'reject-storm',
      { maxRejects: 0, windowMs: 0 },
      'Invalid reject-storm breaker: maxRejects: must be at least 1 (got 0); windowMs: must be at least 1 ms (got 0).',
    ],
    [
      'stale-data',
      { maxAgeMs: 1_000, pause: 'all' },
      "Invalid stale-data breaker: pause: must be 'strategy' or 'account' (got \"all\").",
    ],
    [
      'stale-data',
      { maxAgeMs: 1_000, maxAge: 5 },
      'Invalid stale-data breaker: maxAge: unknown field (known: pause, resume, cooldownMs, strategies, maxAgeMs).',
    ],
    [
      'max-drawdown',
      { maxDrawdown: 0.1, resume: 'auto' },
      "Invalid max-drawdown breaker: cooldownMs: required when resume is 'auto'.",
    ],
    [
      'max-drawdown',
      { maxDrawdown: 0.1, cooldownMs: 5 },
      "Invalid max-drawdown breaker: cooldownMs: only applies when resume is 'auto'.",
    ],
    [
      'daily-loss',
      { maxLoss: 1, pause: 'account', strategies: ['s1'] },
      "Invalid daily-loss breaker: strategies: only applies with pause 'strategy' (this breaker watches the account as a whole).",
    ],
    [
      'consecutive-losses',
      { maxLosses: 2, strategies: [] },
      'Invalid consecutive-losses breaker: strategies: must name at least one strategy (omit it to watch all) (got []).',
    ],
  ])('%s %j → %s', (kind, params, message) => {
    expect(messageOf(kind, params)).toBe(message);
  });

  it('names every field at fault in the details', () => {
    try {
      parseBreakerConfig('reject-storm', { maxRejects: 0 });
    } catch (error) {
      expect((error as QuantLabError).details).toMatchObject({
        kind: 'reject-storm',
        fields: ['maxRejects', 'windowMs'],
      });
      return;
    }
    throw new Error('expected a parse error');
  });
});
