/**
 * `../shared/data` beside the repository (DESIGN.md §5): real market data and exchange messages. Tests
 * that need it skip with a visible message when it is absent (a user's clone), never fail and never pass
 * silently. `QUANTLAB_SHARED_DATA` overrides the location.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SHARED_DATA_DIR = process.env.QUANTLAB_SHARED_DATA ?? resolve(repoRoot, '..', 'shared', 'data');

export const sharedDataAvailable = existsSync(join(SHARED_DATA_DIR, 'README.md'));

/** Absolute path of a file under shared/data. */
export function sharedDataPath(...parts: string[]): string {
  return join(SHARED_DATA_DIR, ...parts);
}

/** Parsed JSON of a file under shared/data. */
export function readSharedJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedDataPath(...parts), 'utf8')) as T;
}

let warned = false;

/** `describe` that runs only when shared/data is present, and says so on stderr when it is not. */
export function describeWithSharedData(name: string, body: () => void): void {
  if (!sharedDataAvailable && !warned) {
    warned = true;
    process.stderr.write(`[skip] ${SHARED_DATA_DIR} is absent: tests on real market data are skipped\n`);
  }
  describe.skipIf(!sharedDataAvailable)(`${name} (real data from shared/data)`, body);
}
