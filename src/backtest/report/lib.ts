/**
 * The lightweight-charts standalone build, read from node_modules and inlined into each report so the file
 * opens with no network. Read once per process: the file is ~200 kB and reports may be written in a loop.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const STANDALONE = 'dist/lightweight-charts.standalone.production.js';

let cached: string | undefined;

/**
 * The package's `exports` map does not list its dist files, so the script is found next to its
 * package.json (which is exported) rather than by resolving the subpath.
 */
export function chartLibraryPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('lightweight-charts/package.json')), STANDALONE);
}

/** The library's source, safe to put between `<script>` tags. */
export function chartLibrarySource(): string {
  if (cached === undefined) {
    // `</script` inside the code would end the element early; `<\/` means the same in JS strings/regexes.
    // Line ends are normalised as the HTML parser would, so the CSP hash of the text matches what runs.
    cached = readFileSync(chartLibraryPath(), 'utf8')
      .replace(/\r\n?/g, '\n')
      .replace(/<\/(script)/gi, '<\\/$1');
  }
  return cached;
}
