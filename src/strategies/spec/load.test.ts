import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QuantLabError } from '../../core/errors.js';
import { jsonErrorOffset, lineColumn, parseSpecJson } from './json-text.js';
import { loadStrategySpecFile } from './load.js';
import { smaCrossSpec } from './test-specs.js';

const dir = mkdtempSync(join(tmpdir(), 'quantlab-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<QuantLabError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QuantLabError);
  return error as QuantLabError;
}

describe('loadStrategySpecFile', () => {
  it('reads, checks and compiles a spec file (a UTF-8 BOM is tolerated)', async () => {
    const path = file('ok.json', `\uFEFF${JSON.stringify(smaCrossSpec(), null, 2)}`);
    const definition = await loadStrategySpecFile(path);
    expect(definition).toMatchObject({ name: 'test-cross', version: '1.0.0', apiVersion: 1 });
  });

  it('reports bad JSON with its line and column', async () => {
    const path = file('bad.json', '{\n  "apiVersion": 1,\n  "name": "x",,\n}\n');
    const error = await failure(loadStrategySpecFile(path));
    expect(error.code).toBe('QL_ERR_STRATEGY_SPEC_INVALID');
    expect(error.message).toContain(`${path}: (root): not valid JSON: line 3, column 15`);
    expect(error.details).toMatchObject({ file: path });
  });

  it('reports a truncated file at its end', () => {
    expect(() => parseSpecJson('{\n  "a": [1,\n', 'cut.json')).toThrow(/not valid JSON: line 3, column 1/);
  });

  it('names the file and the path of an invalid spec', async () => {
    const path = file('invalid.json', JSON.stringify(smaCrossSpec({ sizing: { fraction: 2 } })));
    const error = await failure(loadStrategySpecFile(path));
    expect(error.code).toBe('QL_ERR_STRATEGY_SPEC_INVALID');
    expect(error.message).toBe(`Invalid strategy spec: ${path}: sizing.fraction: must be > 0 and ≤ 1, got 2`);
  });

  it('QL_ERR_NOT_FOUND for a missing file, QL_ERR_INVALID_INPUT for one that cannot be read', async () => {
    const missing = await failure(loadStrategySpecFile(join(dir, 'nope.json')));
    expect(missing.code).toBe('QL_ERR_NOT_FOUND');
    expect(missing.message).toContain('nope.json does not exist');
    const directory = await failure(loadStrategySpecFile(dir));
    expect(directory.code).toBe('QL_ERR_INVALID_INPUT');
    expect(directory.details).toMatchObject({ errno: 'EISDIR' });
  });
});

describe('JSON text', () => {
  it('locates the mistakes V8 gives no position for', () => {
    const cases: Array<[string, number]> = [
      ['[1,]', 3],
      ['{\n  // comment\n  "a": 1\n}', 4],
      ['{"a": \'x\'}', 6],
      ['{"a": NaN}', 6],
      ['{"a": tru}', 6],
      ['{"a": "x\\q"}', 9],
      ['{"a": 1} x', 9],
    ];
    for (const [text, offset] of cases) expect(jsonErrorOffset(text), text).toBe(offset);
    for (const text of ['{}', '[]', '{"a": [1, -2.5e3, true, null, "\\u00e9\\n"]}', ' 0 ']) {
      expect(jsonErrorOffset(text), text).toBeUndefined();
    }
    expect(() => parseSpecJson('{\n  "a": [1, 2,]\n}', 'f.json')).toThrow(
      /line 2, column 14: Unexpected token/,
    );
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
