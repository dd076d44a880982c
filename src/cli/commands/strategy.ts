import { extname, isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { QuantLabError } from '../../core/errors.js';
import { describeParams, type ParamRow, paramsJsonSchema, resolveParams } from '../../strategies/params.js';
import { loadPlugin, PLUGIN_EXTENSIONS } from '../../strategies/plugin-loader.js';
import {
  isSpecPath,
  type RegisteredStrategy,
  type StrategyOrigin,
  StrategyRegistry,
} from '../../strategies/registry.js';
import { loadStrategySpecFile } from '../../strategies/spec/index.js';
import type { StrategyDefinition } from '../../strategies/types.js';
import type { CommandContext } from '../context.js';

const HELP = `
Strategies come from three places: the built-ins, plugins (TypeScript or JavaScript files in the
strategies folder, STRATEGIES_DIR, default ./strategies; npm packages named quantlab-strategy-* in
./node_modules) and declarative JSON spec files, named by path. See docs/strategies.md.
Exit codes: 0 success; 1 unknown strategy or invalid file; 2 bad usage.`;

async function loadRegistry(ctx: CommandContext): Promise<StrategyRegistry> {
  const config = ctx.config();
  return StrategyRegistry.load({ cwd: ctx.io.cwd, strategiesDir: config.strategies.dir });
}

function originText(origin: StrategyOrigin): string {
  if (origin.kind === 'builtin') return 'built-in';
  if (origin.kind === 'spec') return `spec ${origin.file}`;
  return origin.packageName === undefined ? `plugin ${origin.file}` : `package ${origin.packageName}`;
}

function originJson(origin: StrategyOrigin): Record<string, string> {
  if (origin.kind === 'builtin') return { source: 'builtin' };
  if (origin.kind === 'spec') return { source: 'spec', file: origin.file };
  return {
    source: 'plugin',
    file: origin.file,
    ...(origin.packageName === undefined ? {} : { package: origin.packageName }),
  };
}

/** Columns padded to their widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  '))
    .join('\n');
}

function bounds(row: ParamRow): string {
  if (row.values !== undefined) return row.values.join(' | ');
  if (row.min === undefined && row.max === undefined) return '';
  if (row.max === undefined) return `>= ${row.min}`;
  if (row.min === undefined) return `<= ${row.max}`;
  return `${row.min}..${row.max}`;
}

function showText(entry: RegisteredStrategy): string {
  const { definition } = entry;
  const rows = describeParams(definition.params);
  const lines = [
    `${definition.name} ${definition.version} (${originText(entry.origin)})`,
    definition.description,
    `legs: ${definition.legs ?? 1}`,
    '',
  ];
  if (rows.length === 0) lines.push('no parameters');
  else {
    lines.push('parameters:');
    const cells = rows.map((r) => [
      r.name,
      r.type,
      r.default === undefined ? '-' : JSON.stringify(r.default),
      bounds(r),
      r.description,
    ]);
    lines.push(
      table([
        ['  name', 'type', 'default', 'bounds', 'description'],
        ...cells.map((c) => [`  ${c[0]}`, ...c.slice(1)]),
      ]),
    );
  }
  return lines.join('\n');
}

/** Loads FILE as a spec (.json) or a plugin (.ts/.js …), checking it fully. */
async function loadFile(ctx: CommandContext, file: string): Promise<RegisteredStrategy> {
  const path = isAbsolute(file) ? file : resolve(ctx.io.cwd, file);
  const ext = extname(path).toLowerCase();
  if (isSpecPath(path))
    return { definition: await loadStrategySpecFile(path), origin: { kind: 'spec', file: path } };
  if ((PLUGIN_EXTENSIONS as readonly string[]).includes(ext)) {
    return {
      definition: await loadPlugin({ kind: 'file', entry: path }),
      origin: { kind: 'plugin', file: path },
    };
  }
  throw new QuantLabError(
    'QL_ERR_USAGE',
    `${file}: expected a JSON spec (.json) or a plugin (${PLUGIN_EXTENSIONS.join(', ')})`,
    { details: { file } },
  );
}

export function registerStrategy(program: Command, ctx: CommandContext): void {
  const strategy = program
    .command('strategy')
    .description('list, inspect and validate strategies')
    .addHelpText('after', HELP);

  strategy
    .command('list')
    .description(
      'built-in and plugin strategies with their versions (plugins that fail to load are reported on stderr)',
    )
    .action(async () => {
      const registry = await loadRegistry(ctx);
      const entries = registry.list();
      ctx.print(
        entries.map((e) => ({
          name: e.definition.name,
          version: e.definition.version,
          description: e.definition.description,
          ...originJson(e.origin),
        })),
        () =>
          table([
            ['NAME', 'VERSION', 'SOURCE', 'DESCRIPTION'],
            ...entries.map((e) => [
              e.definition.name,
              e.definition.version,
              originText(e.origin),
              e.definition.description,
            ]),
          ]),
      );
      for (const problem of registry.problems)
        ctx.io.stderr(`quantlab: warning: ${problem.message} [${problem.code}]\n`);
    });

  strategy
    .command('show')
    .description(
      'a strategy: description and parameters (type, default, bounds); --json adds the JSON Schema',
    )
    .argument('<name>', 'a strategy name, or the path of a .json spec')
    .action(async (name: string) => {
      const entry = isSpecPath(name) ? await loadFile(ctx, name) : (await loadRegistry(ctx)).get(name);
      const { definition } = entry;
      ctx.print(
        {
          name: definition.name,
          version: definition.version,
          description: definition.description,
          apiVersion: definition.apiVersion,
          legs: definition.legs ?? 1,
          ...originJson(entry.origin),
          params: describeParams(definition.params),
          paramsSchema: paramsJsonSchema(definition.params),
        },
        () => showText(entry),
      );
    });

  strategy
    .command('validate')
    .description('check a JSON spec (or a plugin file) without running it')
    .argument('<file>', 'a .json spec, or a .ts/.js plugin')
    .action(async (file: string) => {
      const entry = await loadFile(ctx, file);
      const definition: StrategyDefinition = entry.definition;
      const defaults = resolveParams(definition, {});
      ctx.print(
        {
          valid: true,
          name: definition.name,
          version: definition.version,
          ...originJson(entry.origin),
          defaults,
        },
        () => `valid: ${definition.name} ${definition.version} (${originText(entry.origin)})`,
      );
    });
}
