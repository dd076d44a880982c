#!/usr/bin/env node
// The `quantlab` command. The code lives in dist/cli.js, built from src/ by `npm run build`
// (npm install and npm start run it for you).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('quantlab: dist/cli.js is missing; run `npm run build` (or `npm install`) first\n');
  process.exit(1);
}
await import(cli.href);
