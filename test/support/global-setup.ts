import { execFileSync } from 'node:child_process';

/** End-to-end tests spawn `bin/quantlab.js`, which runs dist/: build it once before any test. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, QUANTLAB_BUILD_QUIET: '1' },
  });
}
