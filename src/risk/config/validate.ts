import type { z } from 'zod';
import { QuantLabError } from '../../core/errors.js';

/** Parses a rule's parameters with its schema; the error names the rule and every bad field. */
export function validateParams<S extends z.ZodType>(rule: string, schema: S, params: unknown): z.infer<S> {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  throw new QuantLabError('QL_ERR_INVALID_INPUT', `Risk rule ${rule}: ${problems.join('; ')}.`, {
    details: { rule, fields: result.error.issues.map((i) => i.path.map(String).join('.')).join(',') },
  });
}
