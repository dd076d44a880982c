import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode, QuantLabError, toQuantLabError } from './errors.js';

const DOC = new URL('../../docs/errors.md', import.meta.url);

/** The catalogue as documentation; `UPDATE_DOCS=1 npx vitest run src/core/errors.test.ts` rewrites the file. */
function renderCatalogue(): string {
  const rows = (
    Object.entries(ERROR_CATALOGUE) as Array<[ErrorCode, (typeof ERROR_CATALOGUE)[ErrorCode]]>
  ).map(([code, spec]) => `| \`${code}\` | ${spec.status} | ${spec.action} | ${spec.summary} |`);
  return [
    '# Error catalogue',
    '',
    'Every error Quant Lab raises on purpose carries one of these codes (`src/core/errors.ts`). The API replies',
    'with `{ "error": { "code", "message", "retryable", "requestId" } }` and the status below; the CLI ends with',
    'one line `quantlab: <message> [CODE]` and exit code 1 (2 for bad usage).',
    '',
    'What the caller must do: **fix-input** — change the request or configuration; **retry** — the same call may',
    'succeed later, with backoff; **reconcile** — the outcome is unknown, ask the venue before acting again;',
    '**stop** — an operator has to look.',
    '',
    '| code | HTTP | action | when |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

describe('error catalogue', () => {
  it('is documented in docs/errors.md', () => {
    const expected = renderCatalogue();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, expected);
    expect(
      readFileSync(DOC, 'utf8'),
      'docs/errors.md is stale: run UPDATE_DOCS=1 npx vitest run src/core/errors.test.ts',
    ).toBe(expected);
  });

  it('every code is named QL_ERR_ and has a sensible status', () => {
    for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^QL_ERR_[A-Z_]+$/);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.status).toBeLessThan(600);
    }
  });

  it('QuantLabError exposes status, action and retryable, and serialises without cause or stack', () => {
    const cause = new Error('socket hang up at 10.0.0.1');
    const error = new QuantLabError('QL_ERR_DB_UNREACHABLE', 'database unreachable', {
      cause,
      details: { host: 'db' },
    });
    expect(error).toMatchObject({
      status: 503,
      action: 'retry',
      retryable: true,
      code: 'QL_ERR_DB_UNREACHABLE',
    });
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'QL_ERR_DB_UNREACHABLE',
      message: 'database unreachable',
      retryable: true,
      details: { host: 'db' },
    });
  });

  it('toQuantLabError keeps known errors and wraps the rest', () => {
    const known = new QuantLabError('QL_ERR_CONFLICT', 'exists');
    expect(toQuantLabError(known)).toBe(known);
    const wrapped = toQuantLabError(new TypeError('boom'));
    expect(wrapped).toMatchObject({ code: 'QL_ERR_INTERNAL', message: 'boom' });
    expect(toQuantLabError('text', 'QL_ERR_VENUE_UNAVAILABLE').code).toBe('QL_ERR_VENUE_UNAVAILABLE');
  });
});
