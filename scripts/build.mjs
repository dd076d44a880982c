// Bundles the CLI (and the benchmark runner) into dist/ with esbuild. Dependencies stay external, so the
// bundle holds only our code: one file to load keeps cold start short. Type checking is `npm run typecheck`.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

// The commit is baked in so a stored result can name the code that produced it.
function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

const started = performance.now();
await build({
  entryPoints: { cli: 'src/cli/main.ts', bench: 'bench/run.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __QUANTLAB_COMMIT__: JSON.stringify(gitCommit()) },
  banner: { js: '// Built by scripts/build.mjs from src/ — do not edit.' },
});
if (process.env.QUANTLAB_BUILD_QUIET !== '1') {
  process.stderr.write(`built dist/ in ${Math.round(performance.now() - started)} ms\n`);
}
