import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Every `quantlab` invocation loads dist/cli.js; a heavy package imported at its top level taxes every verb
 * (apache-arrow alone added 120 ms to `start`). These load on demand, with `await import(…)`, in the verbs
 * that use them.
 */
const LOADED_ON_DEMAND = [
  'ccxt',
  'apache-arrow',
  'lz4js',
  'fzstd',
  'cli-progress',
  'esbuild',
  'pg',
  'pg-copy-streams',
  '@nats-io/transport-node',
  'pino-pretty',
];

function staticImports(file: string): string[] {
  const code = readFileSync(new URL(`../../dist/${file}`, import.meta.url), 'utf8');
  return [...code.matchAll(/^import\s[^;]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]!);
}

describe('the built CLI', () => {
  it('imports no heavy package at start (they are loaded by the verbs that need them)', () => {
    const imported = staticImports('cli.js');
    expect(imported).toContain('commander');
    expect(imported.filter((name) => LOADED_ON_DEMAND.includes(name))).toEqual([]);
  });
});
