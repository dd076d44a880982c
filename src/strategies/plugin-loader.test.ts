import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/cli.js';
import { candlesFrom } from '../../test/support/strategy-fixtures.js';
import { runStrategy } from '../../test/support/strategy-harness.js';
import { isQuantLabError, type QuantLabError } from '../core/errors.js';
import { discoverPluginFiles, discoverPluginPackages, loadPlugin } from './plugin-loader.js';

/** Writes `files` (path → text) under a fresh directory and returns it. */
function project(files: Record<string, string>): string {
  const dir = tempDir('ql-plugins-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A plugin's definition as JavaScript source; `name` is a JavaScript expression. */
const definitionSource = (name: string, extra = '') => `{
  apiVersion: 1,
  name: ${name},
  version: '1.2.3',
  description: 'a test plugin',
  params: { n: { type: 'int', default: 2, min: 1, description: 'a number' } },
  create: ({ params }) => ({
    subscriptions: [{ symbol: 'BTC/USDT', timeframe: '1m' }],
    onCandle: ({ ctx }) => { ${extra} },
  }),
}`;

async function loadError(entry: string): Promise<QuantLabError> {
  try {
    await loadPlugin({ kind: 'file', entry });
  } catch (error) {
    if (isQuantLabError(error, 'QL_ERR_STRATEGY_LOAD')) return error;
    throw error;
  }
  throw new Error('expected QL_ERR_STRATEGY_LOAD');
}

describe('loadPlugin', () => {
  it('transpiles TypeScript, bundles relative helpers, and resolves `quantlab` to the running API', async () => {
    const dir = project({
      'strategies/ts-plugin.ts': `
        import { SMA, STRATEGY_API_VERSION } from 'quantlab';
        import { double } from './lib/helpers';
        type Params = { n: number };
        const sma = new SMA(2);
        export default {
          apiVersion: STRATEGY_API_VERSION,
          name: 'ts-plugin',
          version: '1.0.0',
          description: 'written in TypeScript',
          params: { n: { type: 'int', default: 2, min: 1, description: 'qty' } },
          create: ({ params }: { params: Params }) => ({
            subscriptions: [{ symbol: 'BTC/USDT', timeframe: '1m' }],
            onStart: ({ ctx }: any) => { ctx.indicator('BTC/USDT', undefined, sma); },
            onCandle: ({ ctx }: any) => {
              if (ctx.position('BTC/USDT').qty === 0) ctx.submit({ symbol: 'BTC/USDT', side: 'buy', qty: double(params.n) });
            },
          }),
        };`,
      'strategies/lib/helpers.ts': 'export const double = (x: number): number => x * 2;',
    });
    const definition = await loadPlugin({ kind: 'file', entry: join(dir, 'strategies/ts-plugin.ts') });
    expect(definition).toMatchObject({ name: 'ts-plugin', version: '1.0.0', apiVersion: 1 });
    expect(readdirSync(join(dir, 'strategies'))).toEqual(['lib', 'ts-plugin.ts']);
    const result = runStrategy({
      definition,
      params: { n: 3 },
      series: [{ symbol: 'BTC/USDT', timeframe: '1m', candles: candlesFrom([10, 11, 12, 13]) }],
    });
    // Ready after two candles (SMA(2)), bought 2 × 3 at the next open, once.
    expect(result.fills.map((f) => [f.qty, f.price])).toEqual([[6, 11]]);
  });

  it('loads JavaScript with a named `strategy` export, and package imports resolve beside the file', async () => {
    const dir = project({
      'node_modules/tiny-dep/package.json':
        '{ "name": "tiny-dep", "type": "module", "exports": "./index.js" }',
      'node_modules/tiny-dep/index.js': 'export const answer = 42;',
      'strategies/js-plugin.mjs': `import { answer } from 'tiny-dep';\nexport const strategy = ${definitionSource("'js-plugin'", 'ctx.state.set("a", answer);')};`,
    });
    const definition = await loadPlugin({ kind: 'file', entry: join(dir, 'strategies/js-plugin.mjs') });
    expect(definition.name).toBe('js-plugin');
    const result = runStrategy({
      definition,
      series: [{ symbol: 'BTC/USDT', timeframe: '1m', candles: candlesFrom([1, 2]) }],
    });
    expect(result.savedState).toEqual({ a: 42 });
  });

  it('runs a plugin behind the same safe wrapper: its throws are contained, counted and pause it', async () => {
    const dir = project({
      'strategies/faulty.js': `export default ${definitionSource(
        "'faulty'",
        "ctx.submit({ symbol: 'BTC/USDT', side: 'buy', qty: 1 }); throw new Error('plugin bug');",
      )};`,
    });
    const definition = await loadPlugin({ kind: 'file', entry: join(dir, 'strategies/faulty.js') });
    const result = runStrategy({
      definition,
      maxConsecutiveFailures: 2,
      series: [{ symbol: 'BTC/USDT', timeframe: '1m', candles: candlesFrom([1, 2, 3, 4]) }],
    });
    expect(result.orders).toEqual([]);
    expect(result.status).toMatchObject({ counters: { callbacks: 2, failures: 2 } });
    expect(result.events.find((e) => e.type === 'paused')).toMatchObject({
      reason: expect.stringContaining('plugin bug'),
      error: { code: 'QL_ERR_STRATEGY_FAILED' },
    });
  });

  it('falls back to a self-contained bundle in a scratch folder', async () => {
    const dir = project({
      'p/plugin.ts': `import { name } from './name';\nexport default ${definitionSource('name')};`,
      'p/name.ts': "export const name = 'scratch-plugin';",
    });
    const scratch = tempDir('ql-scratch-');
    const definition = await loadPlugin(
      { kind: 'file', entry: join(dir, 'p/plugin.ts') },
      { scratchDir: scratch },
    );
    expect(definition.name).toBe('scratch-plugin');
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('names the file and every problem of an invalid definition', async () => {
    const dir = project({
      'bad.js': `export default { apiVersion: 2, name: 'Bad Name', version: 'one', description: '', params: { x: { type: 'int', default: 'a', description: 'x' } } };`,
    });
    const error = await loadError(join(dir, 'bad.js'));
    expect(error.message).toContain(join(dir, 'bad.js'));
    for (const text of [
      'apiVersion 2 is not supported',
      'name "Bad Name"',
      'version "one"',
      'description',
      'params.x.default',
      'create must be a function',
    ]) {
      expect(error.message).toContain(text);
    }
  });

  it('reports compile errors with file and line, missing exports, and throws at import', async () => {
    const dir = project({
      'syntax.ts': 'export default {\n  apiVersion: 1,\n  name: ,\n};',
      'none.js': 'export const somethingElse = 1;',
      'throws.js': "throw new Error('kaboom at import');",
    });
    expect((await loadError(join(dir, 'syntax.ts'))).message).toMatch(/does not compile: .*syntax\.ts:3:/);
    expect((await loadError(join(dir, 'none.js'))).message).toContain(
      "no default export and no export named 'strategy' (it exports somethingElse)",
    );
    expect((await loadError(join(dir, 'throws.js'))).message).toContain('kaboom at import');
  });
});

describe('plugin discovery', () => {
  it('lists top-level plugin files, skipping tests, declarations, hidden and underscore files', async () => {
    const dir = project({
      'strategies/a.ts': '',
      'strategies/b.mjs': '',
      'strategies/a.test.ts': '',
      'strategies/types.d.ts': '',
      'strategies/_wip.ts': '',
      'strategies/.hidden.js': '',
      'strategies/notes.md': '',
      'strategies/spec.json': '{}',
      'strategies/lib/helper.ts': '',
    });
    const found = await discoverPluginFiles(join(dir, 'strategies'));
    expect(found.map((f) => f.entry.slice(dir.length + 1))).toEqual(['strategies/a.ts', 'strategies/b.mjs']);
    expect(await discoverPluginFiles(join(dir, 'absent'))).toEqual([]);
  });

  it('finds quantlab-strategy-* packages, scoped too, and their ESM entry', async () => {
    const dir = project({
      'node_modules/quantlab-strategy-alpha/package.json':
        '{ "exports": { ".": { "import": "./dist/index.js" } } }',
      'node_modules/@acme/quantlab-strategy-beta/package.json': '{ "main": "main.js" }',
      'node_modules/not-a-strategy/package.json': '{}',
    });
    const found = await discoverPluginPackages(dir);
    expect(found.map((f) => [f.packageName, f.entry.slice(dir.length + 1)])).toEqual([
      ['@acme/quantlab-strategy-beta', 'node_modules/@acme/quantlab-strategy-beta/main.js'],
      ['quantlab-strategy-alpha', 'node_modules/quantlab-strategy-alpha/dist/index.js'],
    ]);
  });
});
