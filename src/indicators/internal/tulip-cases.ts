/**
 * Test support: parses Tulip Indicators' test files (shared/data/indicators/tulipindicators/*.txt):
 * a line `name option…`, then one `{…}` line per input array and per output array; `#` starts a comment.
 * Tulip prints only the defined outputs, so output arrays end where the inputs end.
 */
import { readFileSync } from 'node:fs';

export interface TulipCase {
  name: string;
  options: number[];
  /** Every `{…}` array of the case, inputs first, then outputs. */
  arrays: number[][];
  /** The printed text of every array value, to know its precision. */
  texts: string[][];
}

export function readTulipCases(path: string): TulipCase[] {
  const cases: TulipCase[] = [];
  let current: TulipCase | undefined;
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('{')) {
      const texts = line
        .replace(/[{}]/g, '')
        .split(',')
        .map((t) => t.trim());
      current?.arrays.push(texts.map(Number));
      current?.texts.push(texts);
      continue;
    }
    const [name, ...options] = line.split(/\s+/);
    current = { name: name!, options: options.map(Number), arrays: [], texts: [] };
    cases.push(current);
  }
  return cases;
}

/** Half a unit in the last printed decimal place of `text` (`.1563` → 0.00005). */
export function printedPrecision(text: string): number {
  const dot = text.indexOf('.');
  const decimals = dot < 0 ? 0 : text.length - dot - 1;
  return 0.5 * 10 ** -decimals;
}
