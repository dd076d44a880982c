/**
 * Reading a spec file: `strategy validate FILE.json` and the registry both come through here. A file that
 * is not JSON is reported with the line and column of the mistake; a missing or unreadable file with
 * QL_ERR_NOT_FOUND / QL_ERR_INVALID_INPUT; an invalid spec with QL_ERR_STRATEGY_SPEC_INVALID naming the file.
 */

import { readFile } from 'node:fs/promises';
import { QuantLabError } from '../../core/errors.js';
import type { StrategyDefinition } from '../types.js';
import { compileSpecJson } from './compile.js';
import { parseSpecJson } from './json-text.js';

/** Reads, parses, checks and compiles a spec file. */
export async function loadStrategySpecFile(path: string): Promise<StrategyDefinition> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT';
    throw new QuantLabError(
      missing ? 'QL_ERR_NOT_FOUND' : 'QL_ERR_INVALID_INPUT',
      missing
        ? `Strategy spec file ${path} does not exist.`
        : `Cannot read strategy spec file ${path} (${code}).`,
      { details: { file: path, ...(code === undefined ? {} : { errno: code }) }, cause: error },
    );
  }
  const json = parseSpecJson(text.replace(/^\uFEFF/, ''), path);
  return compileSpecJson(json, path);
}
