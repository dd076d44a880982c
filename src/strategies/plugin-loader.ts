/**
 * Strategy plugins: TypeScript or JavaScript files in the strategies folder (`STRATEGIES_DIR`, default
 * `./strategies`) and npm packages named `quantlab-strategy-*` (or `@scope/quantlab-strategy-*`) installed in
 * the project's node_modules.
 *
 * Loading: esbuild bundles the plugin's entry with its relative imports (TypeScript transpiled, helpers in
 * sub-folders included) into one ES module; package imports stay imports, and the bare `quantlab` import is
 * the running platform's API (plugin-api.ts). The module is written as a hidden file beside the entry,
 * imported, and deleted at once, so package imports resolve exactly as they would from the source. Where that
 * folder is read-only, everything (packages too) is bundled into a file in the temporary directory instead.
 *
 * The module's default export, or its export named `strategy`, must be a valid `StrategyDefinition`;
 * anything else is QL_ERR_STRATEGY_LOAD naming the file and each problem.
 */

import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { QuantLabError, toQuantLabError } from '../core/errors.js';
import { checkStrategyDefinition } from './definition-check.js';
import { installPluginApi, pluginApiModuleSource } from './plugin-api.js';
import type { StrategyDefinition } from './types.js';

export const PLUGIN_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;
export const PLUGIN_PACKAGE_PATTERN = /^quantlab-strategy-[a-z0-9][a-z0-9._-]*$/;

/** Where a plugin comes from. */
export interface PluginSource {
  readonly kind: 'file' | 'package';
  /** Absolute path of the entry file. */
  readonly entry: string;
  /** The npm package name, for packages. */
  readonly packageName?: string;
}

function loadError(origin: string, message: string, cause?: unknown): QuantLabError {
  return new QuantLabError('QL_ERR_STRATEGY_LOAD', `${origin}: ${message}`, {
    details: { origin },
    ...(cause === undefined ? {} : { cause }),
  });
}

function isPluginFileName(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('_')) return false;
  if (/\.d\.[cm]?ts$/.test(name) || /\.(test|spec)\.[cm]?[jt]s$/.test(name)) return false;
  return (PLUGIN_EXTENSIONS as readonly string[]).includes(extname(name));
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Plugin files at the top of `dir` (sub-folders hold their helpers), sorted; none when `dir` is absent. */
export async function discoverPluginFiles(dir: string): Promise<PluginSource[]> {
  if (!(await isDirectory(dir))) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && isPluginFileName(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => ({ kind: 'file' as const, entry: resolve(dir, name) }));
}

/** The ESM entry of an installed package: `exports["."]` (import/default), `module`, `main`, or index.js. */
async function packageEntry(packageDir: string, name: string): Promise<string> {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  } catch (error) {
    throw loadError(
      `package ${name}`,
      `cannot read its package.json (${toQuantLabError(error).message})`,
      error,
    );
  }
  const pick = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Record<string, unknown>;
    return pick(record['.']) ?? pick(record.import) ?? pick(record.default) ?? pick(record.node);
  };
  const entry = pick(manifest.exports) ?? pick(manifest.module) ?? pick(manifest.main) ?? 'index.js';
  return resolve(packageDir, entry);
}

/** Installed packages named `quantlab-strategy-*` or `@scope/quantlab-strategy-*` under `projectDir/node_modules`. */
export async function discoverPluginPackages(projectDir: string): Promise<PluginSource[]> {
  const modules = join(projectDir, 'node_modules');
  if (!(await isDirectory(modules))) return [];
  const found: Array<{ name: string; dir: string }> = [];
  for (const entry of await readdir(modules, { withFileTypes: true })) {
    if (entry.name.startsWith('@') && (entry.isDirectory() || entry.isSymbolicLink())) {
      const scope = join(modules, entry.name);
      for (const inner of await readdir(scope)) {
        if (PLUGIN_PACKAGE_PATTERN.test(inner))
          found.push({ name: `${entry.name}/${inner}`, dir: join(scope, inner) });
      }
    } else if (PLUGIN_PACKAGE_PATTERN.test(entry.name)) {
      found.push({ name: entry.name, dir: join(modules, entry.name) });
    }
  }
  found.sort((a, b) => a.name.localeCompare(b.name));
  const sources: PluginSource[] = [];
  for (const { name, dir } of found) {
    sources.push({ kind: 'package', entry: await packageEntry(dir, name), packageName: name });
  }
  return sources;
}

export interface LoadPluginOptions {
  /** Force the fallback: bundle everything into this directory instead of writing beside the entry. */
  readonly scratchDir?: string;
}

/** Bundles, imports and validates one plugin. Throws QL_ERR_STRATEGY_LOAD naming the file on any failure. */
export async function loadPlugin(
  source: PluginSource,
  options: LoadPluginOptions = {},
): Promise<StrategyDefinition> {
  const origin =
    source.packageName === undefined ? source.entry : `package ${source.packageName} (${source.entry})`;
  let module: Record<string, unknown>;
  try {
    module = await importBundled(source.entry, options.scratchDir);
  } catch (error) {
    if (error instanceof QuantLabError && error.code === 'QL_ERR_STRATEGY_LOAD') throw error;
    throw loadError(origin, `failed to load: ${toQuantLabError(error).message}`, error);
  }
  const exported = module.default ?? module.strategy;
  if (exported === undefined) {
    const names = Object.keys(module).join(', ') || 'nothing';
    throw loadError(origin, `has no default export and no export named 'strategy' (it exports ${names})`);
  }
  return checkStrategyDefinition(exported, origin);
}

async function bundle(entry: string, external: boolean): Promise<string> {
  const esbuild = await import('esbuild');
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      ...(external ? { packages: 'external' as const } : {}),
      sourcemap: 'inline',
      logLevel: 'silent',
      plugins: [
        {
          name: 'quantlab-plugin-api',
          setup(build) {
            build.onResolve({ filter: /^quantlab(\/.*)?$/ }, (args) => ({
              path: args.path,
              namespace: 'quantlab-api',
            }));
            build.onLoad({ filter: /.*/, namespace: 'quantlab-api' }, () => ({
              contents: pluginApiModuleSource(),
              loader: 'js',
            }));
          },
        },
      ],
    });
    return result.outputFiles[0]!.text;
  } catch (error) {
    const errors = (
      error as {
        errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }>;
      }
    ).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const text = errors
        .map((e) =>
          e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text,
        )
        .join('; ');
      throw loadError(entry, `does not compile: ${text}`, error);
    }
    throw error;
  }
}

async function importBundled(
  entry: string,
  scratchDir: string | undefined,
): Promise<Record<string, unknown>> {
  installPluginApi();
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  if (scratchDir === undefined) {
    const code = await bundle(entry, true);
    const beside = join(dirname(entry), `.${basename(entry, extname(entry))}.${tag}.quantlab.mjs`);
    let written = false;
    try {
      await writeFile(beside, code, { flag: 'wx' });
      written = true;
    } catch {
      // read-only folder (an installed package, a mounted volume): fall back to a self-contained bundle
    }
    if (written) {
      try {
        return (await import(pathToFileURL(beside).href)) as Record<string, unknown>;
      } finally {
        await rm(beside, { force: true });
      }
    }
  }
  const code = await bundle(entry, false);
  const dir = scratchDir ?? (await mkdtemp(join(tmpdir(), 'quantlab-plugin-')));
  const file = join(dir, `${basename(entry, extname(entry))}.${tag}.mjs`);
  try {
    await writeFile(file, code);
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    await rm(scratchDir === undefined ? dir : file, { recursive: true, force: true });
  }
}
