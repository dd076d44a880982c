/**
 * Validation of stored breaker configs (`risk_rules`: rule name = kind, params = the rest). Unknown keys
 * are refused, defaults are the safe ones (resume by hand; pause the account, or the named strategies), and every message names
 * the field at fault.
 */

import { z } from 'zod';
import { QuantLabError } from '../../core/errors.js';
import { BREAKER_KINDS, type BreakerConfig, type BreakerKind } from './types.js';

const wholeMs = (min: number) =>
  z
    .number({ error: 'must be a number of milliseconds' })
    .int({ error: 'must be a whole number of milliseconds' })
    .min(min, { error: `must be at least ${min} ms` });

const positive = () => z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' });

const fraction = () =>
  z
    .number({ error: 'must be a number' })
    .positive({ error: 'must be > 0' })
    .max(1, { error: 'must be a fraction ≤ 1 (0.1 = 10 %)' });

const count = () =>
  z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' });

const base = {
  pause: z.enum(['strategy', 'account'], { error: "must be 'strategy' or 'account'" }).optional(),
  resume: z.enum(['auto', 'manual'], { error: "must be 'auto' or 'manual'" }).default('manual'),
  cooldownMs: wholeMs(0).optional(),
  strategies: z
    .array(
      z.string({ error: 'must be a strategy id' }).min(1, { error: 'must be a non-empty strategy id' }),
      {
        error: 'must be a list of strategy ids',
      },
    )
    .min(1, { error: 'must name at least one strategy (omit it to watch all)' })
    .optional(),
};

const params = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject(shape, { error: 'params must be an object' });

const SCHEMAS = {
  'daily-loss': params({ ...base, maxLoss: positive().optional(), maxLossFraction: fraction().optional() }),
  'max-drawdown': params({ ...base, maxDrawdown: fraction() }),
  'consecutive-losses': params({ ...base, maxLosses: count() }),
  'reject-storm': params({ ...base, maxRejects: count(), windowMs: wholeMs(1) }),
  'stale-data': params({ ...base, maxAgeMs: wholeMs(1) }),
} as const;

/** Breakers whose auto resume has no natural moment, so it needs a cooldown. */
const NEEDS_COOLDOWN: ReadonlySet<BreakerKind> = new Set([
  'max-drawdown',
  'consecutive-losses',
  'reject-storm',
]);
/** Breakers whose account form watches account-wide numbers, where a strategy list means nothing. */
const ACCOUNT_WIDE: ReadonlySet<BreakerKind> = new Set(['daily-loss', 'max-drawdown', 'stale-data']);

export interface BreakerConfigIssue {
  /** The field at fault ('' for the params as a whole). */
  readonly field: string;
  readonly message: string;
}

function isKind(kind: string): kind is BreakerKind {
  return (BREAKER_KINDS as readonly string[]).includes(kind);
}

/** The typed config of a stored rule, or QL_ERR_INVALID_INPUT naming each field at fault. */
export function parseBreakerConfig(kind: string, params: unknown): BreakerConfig {
  if (!isKind(kind)) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `Unknown circuit breaker ${JSON.stringify(kind)} (known: ${BREAKER_KINDS.join(', ')}).`,
      { details: { kind, known: [...BREAKER_KINDS] } },
    );
  }
  const input = params ?? {};
  const result = SCHEMAS[kind].safeParse(input);
  if (!result.success) throw invalid(kind, zodIssues(result.error, input, Object.keys(SCHEMAS[kind].shape)));
  // A breaker for named strategies pauses them, not the account, unless told otherwise.
  const pause = result.data.pause ?? (result.data.strategies === undefined ? 'account' : 'strategy');
  const config = { kind, ...result.data, pause } as BreakerConfig;
  const issues = crossFieldIssues(config);
  if (issues.length > 0) throw invalid(kind, issues);
  return config;
}

/** Re-checks a config built in code (the board refuses what a stored config could not be). */
export function validateBreakerConfig(config: BreakerConfig): BreakerConfig {
  const { kind, ...params } = config;
  return parseBreakerConfig(kind, params);
}

function crossFieldIssues(config: BreakerConfig): BreakerConfigIssue[] {
  const issues: BreakerConfigIssue[] = [];
  if (config.kind === 'daily-loss' && config.maxLoss === undefined && config.maxLossFraction === undefined) {
    issues.push({ field: 'maxLoss', message: 'give maxLoss, maxLossFraction or both' });
  }
  if (config.resume === 'auto' && config.cooldownMs === undefined && NEEDS_COOLDOWN.has(config.kind)) {
    issues.push({ field: 'cooldownMs', message: "required when resume is 'auto'" });
  }
  if (config.resume === 'manual' && config.cooldownMs !== undefined) {
    issues.push({ field: 'cooldownMs', message: "only applies when resume is 'auto'" });
  }
  if (config.pause === 'account' && config.strategies !== undefined && ACCOUNT_WIDE.has(config.kind)) {
    issues.push({
      field: 'strategies',
      message: "only applies with pause 'strategy' (this breaker watches the account as a whole)",
    });
  }
  return issues;
}

function zodIssues(error: z.ZodError, input: unknown, known: readonly string[]): BreakerConfigIssue[] {
  const issues: BreakerConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        issues.push({ field: key, message: `unknown field (known: ${known.join(', ')})` });
      continue;
    }
    const field = issue.path.map(String).join('.');
    const got = field === '' ? '' : gotText(input, issue.path);
    issues.push({ field, message: `${issue.message}${got}` });
  }
  return issues;
}

function gotText(input: unknown, path: readonly PropertyKey[]): string {
  let value: unknown = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return '';
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === undefined ? '' : ` (got ${JSON.stringify(value) ?? String(value)})`;
}

function invalid(kind: BreakerKind, issues: BreakerConfigIssue[]): QuantLabError {
  const text = issues.map((i) => (i.field === '' ? i.message : `${i.field}: ${i.message}`)).join('; ');
  return new QuantLabError('QL_ERR_INVALID_INPUT', `Invalid ${kind} breaker: ${text}.`, {
    details: { kind, issues, fields: [...new Set(issues.map((i) => i.field).filter((f) => f !== ''))] },
  });
}
