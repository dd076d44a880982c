import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { strategySpecJsonSchema } from './json-schema.js';

const DOC = fileURLToPath(new URL('../../../docs/strategy-spec.schema.json', import.meta.url));
const BIOME = fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url));

/**
 * `UPDATE_DOCS=1 npx vitest run src/strategies/spec/json-schema.test.ts` rewrites the file (then formats it
 * the way the linter wants). The comparison is of the JSON values, so formatting never makes it stale.
 */
function update(): void {
  writeFileSync(DOC, `${JSON.stringify(strategySpecJsonSchema(), null, 2)}\n`);
  execFileSync(BIOME, ['format', '--write', DOC], { stdio: 'ignore' });
}

describe('strategySpecJsonSchema', () => {
  it('is committed as docs/strategy-spec.schema.json', () => {
    if (process.env.UPDATE_DOCS === '1') update();
    expect(
      JSON.parse(readFileSync(DOC, 'utf8')),
      'docs/strategy-spec.schema.json is stale: run UPDATE_DOCS=1 npx vitest run src/strategies/spec/json-schema.test.ts',
    ).toEqual(strategySpecJsonSchema());
  });

  it('describes a strict object with the spec fields, recursive conditions and operands', () => {
    const schema = strategySpecJsonSchema() as {
      $ref: string;
      $defs: Record<
        string,
        {
          properties?: Record<string, unknown>;
          required?: string[];
          additionalProperties?: unknown;
          anyOf?: unknown[];
        }
      >;
    };
    const root = schema.$defs.StrategySpec!;
    expect(schema.$ref).toBe('#/$defs/StrategySpec');
    expect(root.additionalProperties).toBe(false);
    expect(root.required).toEqual(['apiVersion', 'name', 'version', 'description', 'entry']);
    expect(Object.keys(root.properties!)).toEqual(
      expect.arrayContaining([
        'indicators',
        'params',
        'entry',
        'exit',
        'sizing',
        'stopLoss',
        'takeProfit',
        'trailingStop',
      ]),
    );
    expect(schema.$defs.Condition!.anyOf).toHaveLength(4);
    expect(JSON.stringify(schema.$defs.Condition)).toContain('"$ref":"#/$defs/Operand"');
    expect(JSON.stringify(schema.$defs.Operand)).toContain('"$ref":"#/$defs/Operand"');
  });
});
