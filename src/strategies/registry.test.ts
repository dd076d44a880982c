import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/cli.js';
import { inlineDefinition } from '../../test/support/strategy-fixtures.js';
import { BUILTIN_STRATEGIES } from './builtins/index.js';
import { StrategyRegistry } from './registry.js';

const pluginSource = (name: string, version = '0.1.0') => `export default {
  apiVersion: 1, name: '${name}', version: '${version}', description: 'plugin ${name}', params: {},
  create: () => ({ subscriptions: [{ symbol: 'BTC/USDT', timeframe: '1h' }] }),
};`;

function project(files: Record<string, string>): string {
  const dir = tempDir('ql-registry-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const builtins = [
  inlineDefinition({}, { name: 'sma-cross', description: 'built-in cross' }),
  inlineDefinition({}, { name: 'grid', description: 'built-in grid' }),
];

describe('StrategyRegistry', () => {
  it('every built-in strategy is a valid definition with a unique name', () => {
    const registry = StrategyRegistry.builtinsOnly();
    expect(registry.list().map((r) => r.definition.name)).toEqual(
      [...BUILTIN_STRATEGIES.map((d) => d.name)].sort(),
    );
  });

  it('lists built-ins first, then plugins from the folder and from packages', async () => {
    const dir = project({
      'strategies/zeta.ts': pluginSource('zeta'),
      'strategies/alpha.js': pluginSource('alpha', '2.0.0'),
      'node_modules/quantlab-strategy-pkg/package.json': '{ "type": "module", "main": "index.js" }',
      'node_modules/quantlab-strategy-pkg/index.js': pluginSource('from-package'),
    });
    const registry = await StrategyRegistry.load({ cwd: dir, builtins });
    expect(registry.problems).toEqual([]);
    expect(registry.list().map((r) => [r.definition.name, r.origin.kind])).toEqual([
      ['grid', 'builtin'],
      ['sma-cross', 'builtin'],
      ['alpha', 'plugin'],
      ['from-package', 'plugin'],
      ['zeta', 'plugin'],
    ]);
    expect(registry.get('from-package').origin).toMatchObject({ packageName: 'quantlab-strategy-pkg' });
    expect(registry.get('alpha').definition.version).toBe('2.0.0');
  });

  it('uses the configured folder, and an absent folder simply has no plugins', async () => {
    const dir = project({ 'my-strats/one.ts': pluginSource('one') });
    const configured = await StrategyRegistry.load({ cwd: dir, strategiesDir: 'my-strats', builtins });
    expect(configured.has('one')).toBe(true);
    const absent = await StrategyRegistry.load({ cwd: dir, builtins });
    expect(absent.list()).toHaveLength(2);
    expect(absent.problems).toEqual([]);
  });

  it('refuses a plugin that takes a built-in name or another plugin name, and keeps the rest', async () => {
    const dir = project({
      'strategies/a.ts': pluginSource('sma-cross'),
      'strategies/b.ts': pluginSource('dup'),
      'strategies/c.ts': pluginSource('dup'),
      'strategies/d.ts': 'export default 42;',
      'strategies/e.ts': pluginSource('fine'),
    });
    const registry = await StrategyRegistry.load({ cwd: dir, builtins });
    expect(registry.get('sma-cross').origin.kind).toBe('builtin');
    expect(registry.get('dup').origin).toMatchObject({ file: join(dir, 'strategies/b.ts') });
    expect(registry.has('fine')).toBe(true);
    const messages = registry.problems.map((p) => `${p.code} ${p.message}`);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain('a.ts: the name sma-cross is already taken by a built-in strategy');
    expect(messages[1]).toContain(
      `c.ts: the name dup is already taken by the plugin in ${join(dir, 'strategies/b.ts')}`,
    );
    expect(messages[2]).toMatch(/QL_ERR_STRATEGY_LOAD .*d\.ts does not export a valid strategy definition/);
  });

  it('answers an unknown name with close names and the plugins that failed', async () => {
    const dir = project({ 'strategies/broken.ts': 'export default {};' });
    const registry = await StrategyRegistry.load({ cwd: dir, builtins });
    try {
      registry.get('sma-crss');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'QL_ERR_STRATEGY_UNKNOWN' });
      expect((error as Error).message).toContain('Did you mean sma-cross?');
      expect((error as Error).message).toContain('1 plugin(s) failed to load');
    }
  });

  it('resolves a .json path through the spec loader, relative to the project', async () => {
    const spec = {
      apiVersion: 1,
      name: 'json-cross',
      version: '1.0.0',
      description: 'a spec strategy',
      params: { fast: { type: 'int', default: 3, min: 2, max: 50, description: 'fast period' } },
      indicators: { fast: { type: 'sma', params: { period: '$fast' } }, slow: { type: 'sma', params: [6] } },
      entry: { long: { left: 'fast', op: 'crossesAbove', right: 'slow' } },
      exit: { long: { left: 'fast', op: 'crossesBelow', right: 'slow' } },
      sizing: { fixed: 1 },
    };
    const dir = project({ 'specs/cross.json': JSON.stringify(spec) });
    const registry = StrategyRegistry.builtinsOnly(builtins, dir);
    const resolved = await registry.resolve('specs/cross.json');
    expect(resolved.definition.name).toBe('json-cross');
    expect(resolved.origin).toEqual({ kind: 'spec', file: join(dir, 'specs/cross.json') });
    await expect(registry.resolve('specs/missing.json')).rejects.toMatchObject({ code: 'QL_ERR_NOT_FOUND' });
    expect((await registry.resolve('grid')).origin.kind).toBe('builtin');
  });
});
