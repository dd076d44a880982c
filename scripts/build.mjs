// Bundles the CLI (and the benchmark runner) into dist/ with esbuild. Dependencies stay external, so the
// bundle holds only our code: one file to load keeps cold start short. Type checking is `npm run typecheck`.
import { build } from 'esbuild';

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
  banner: { js: '// Built by scripts/build.mjs from src/ — do not edit.' },
});
if (process.env.QUANTLAB_BUILD_QUIET !== '1') {
  process.stderr.write(`built dist/ in ${Math.round(performance.now() - started)} ms\n`);
}
