import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured, tempDir } from '../../../test/support/cli.js';

const PLUGIN = `export default {
  apiVersion: 1,
  name: 'my-breakout',
  version: '0.2.0',
  description: 'buys new highs',
  params: {
    lookback: { type: 'int', default: 20, min: 2, max: 500, description: 'bars in the channel' },
    side: { type: 'enum', values: ['long', 'short'], default: 'long', description: 'direction' },
    size: { type: 'float?', min: 0, description: 'fixed quantity' },
  },
  create: () => ({ subscriptions: [{ symbol: 'BTC/USDT', timeframe: '1h' }] }),
};`;

const SPEC = {
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

function project(files: Record<string, string>): string {
  const dir = tempDir('ql-cli-strategy-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('quantlab strategy list', () => {
  it('lists plugins of ./strategies with version, source and description, as text and JSON', async () => {
    const cwd = project({ 'strategies/my-breakout.ts': PLUGIN });
    const text = await runCliCaptured(['strategy', 'list'], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^NAME\s+VERSION\s+SOURCE\s+DESCRIPTION/);
    expect(text.stdout).toMatch(/my-breakout\s+0\.2\.0\s+plugin .*my-breakout\.ts\s+buys new highs/);
    const json = await runCliCaptured(['--json', 'strategy', 'list'], { cwd });
    const list = JSON.parse(json.stdout) as Array<Record<string, string>>;
    expect(list.find((s) => s.name === 'my-breakout')).toEqual({
      name: 'my-breakout',
      version: '0.2.0',
      description: 'buys new highs',
      source: 'plugin',
      file: join(cwd, 'strategies/my-breakout.ts'),
    });
  });

  it('reads the folder from STRATEGIES_DIR and warns about plugins that fail to load', async () => {
    const cwd = project({
      'elsewhere/good.ts': PLUGIN,
      'elsewhere/broken.ts': 'export default { apiVersion: 1 };',
    });
    const run = await runCliCaptured(['--json', 'strategy', 'list'], {
      cwd,
      env: { STRATEGIES_DIR: 'elsewhere' },
    });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Array<{ name: string }>).map((s) => s.name)).toContain('my-breakout');
    expect(run.stderr).toMatch(
      /warning: .*broken\.ts does not export a valid strategy definition.*\[QL_ERR_STRATEGY_LOAD\]/,
    );
  });
});

describe('quantlab strategy show', () => {
  it('prints the description and each parameter with type, default and bounds', async () => {
    const cwd = project({ 'strategies/p.ts': PLUGIN });
    const run = await runCliCaptured(['strategy', 'show', 'my-breakout'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('my-breakout 0.2.0 (plugin');
    expect(run.stdout).toContain('buys new highs');
    expect(run.stdout).toMatch(/lookback\s+int\s+20\s+2\.\.500\s+bars in the channel/);
    expect(run.stdout).toMatch(/side\s+enum\s+"long"\s+long \| short\s+direction/);
    expect(run.stdout).toMatch(/size\s+float\?\s+-\s+>= 0\s+fixed quantity/);
  });

  it('with --json includes the parameters JSON Schema', async () => {
    const cwd = project({ 'strategies/p.ts': PLUGIN });
    const run = await runCliCaptured(['--json', 'strategy', 'show', 'my-breakout'], { cwd });
    const shown = JSON.parse(run.stdout) as { paramsSchema: Record<string, unknown>; params: unknown[] };
    expect(shown.params).toHaveLength(3);
    expect(shown.paramsSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { lookback: { type: 'integer', minimum: 2, maximum: 500, default: 20 } },
    });
  });

  it('shows a spec file named by path', async () => {
    const cwd = project({ 'specs/cross.json': JSON.stringify(SPEC) });
    const run = await runCliCaptured(['strategy', 'show', 'specs/cross.json'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`json-cross 1.0.0 (spec ${join(cwd, 'specs/cross.json')})`);
    expect(run.stdout).toMatch(/fast\s+int\s+3\s+2\.\.50\s+fast period/);
  });

  it('fails with exit 1 and a suggestion for an unknown name', async () => {
    const cwd = project({ 'strategies/p.ts': PLUGIN });
    const run = await runCliCaptured(['strategy', 'show', 'my-breakuot'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Did you mean my-breakout?');
    expect(run.stderr).toContain('[QL_ERR_STRATEGY_UNKNOWN]');
  });
});

describe('quantlab strategy validate', () => {
  it('accepts a valid spec and prints its defaults', async () => {
    const cwd = project({ 'cross.json': JSON.stringify(SPEC) });
    const run = await runCliCaptured(['--json', 'strategy', 'validate', 'cross.json'], { cwd });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      valid: true,
      name: 'json-cross',
      source: 'spec',
      defaults: { fast: 3 },
    });
    const text = await runCliCaptured(['strategy', 'validate', 'cross.json'], { cwd });
    expect(text.stdout).toContain('valid: json-cross 1.0.0');
  });

  it('rejects an invalid spec with exit 1 naming the problem', async () => {
    const cwd = project({
      'bad.json': JSON.stringify({
        ...SPEC,
        entry: { long: { left: 'nope', op: 'crossesAbove', right: 'slow' } },
      }),
    });
    const run = await runCliCaptured(['strategy', 'validate', 'bad.json'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[QL_ERR_STRATEGY_SPEC_INVALID]');
    expect(run.stderr).toMatch(/bad\.json: entry\.long\.left: unknown indicator "nope"/);
  });

  it('validates a plugin file too', async () => {
    const cwd = project({ 'p.ts': PLUGIN, 'q.ts': 'export default { apiVersion: 3 };' });
    expect((await runCliCaptured(['strategy', 'validate', 'p.ts'], { cwd })).stdout).toContain(
      'valid: my-breakout 0.2.0',
    );
    const bad = await runCliCaptured(['strategy', 'validate', 'q.ts'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('apiVersion 3 is not supported');
  });

  it('exits 2 for bad usage: no file, or a file that is neither spec nor plugin', async () => {
    expect((await runCliCaptured(['strategy', 'validate'])).code).toBe(2);
    expect((await runCliCaptured(['strategy', 'validate', 'notes.txt'])).code).toBe(2);
  });
});
