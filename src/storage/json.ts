import { QuantLabError } from '../core/errors.js';

/**
 * JSON and boolean columns differ between the dialects (TEXT vs jsonb, 0/1 vs boolean). Repositories go
 * through these helpers so both read back the same JS values. The PostgreSQL pool returns jsonb as text,
 * so reading is the same JSON.parse on both.
 */

/**
 * JSON text already serialised by the caller (a year of 1m equity points is 20 MB: serialising it once for
 * stdout and the database halves the cost). Passed where a repository takes a JSON value.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

export function toJson(value: unknown): string {
  if (value instanceof JsonText) return value.text;
  const text = JSON.stringify(value);
  if (text === undefined) {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      'value cannot be stored as JSON (undefined or a function)',
    );
  }
  return text;
}

export function toJsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : toJson(value);
}

export function fromJson<T = unknown>(text: string): T {
  return JSON.parse(text) as T;
}

export function fromJsonOrNull<T = unknown>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function toBool(value: boolean | undefined): number {
  return value === true ? 1 : 0;
}

export function fromBool(value: number | boolean): boolean {
  return value === true || value === 1;
}
