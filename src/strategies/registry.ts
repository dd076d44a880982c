/**
 * The strategy registry: resolves a name to a definition from the built-ins, the plugins of the strategies
 * folder and installed `quantlab-strategy-*` packages; a path ending in `.json` is a declarative spec file.
 *
 * A plugin that fails to load does not stop the others: it is kept as a problem (`problems`), reported by
 * `strategy list` and in the message when someone asks for a name that did not load. A plugin may not take
 * the name of a built-in or of another plugin.
 */

import { isAbsolute, resolve } from 'node:path';
import { QuantLabError, toQuantLabError } from '../core/errors.js';
import { BUILTIN_STRATEGIES } from './builtins/index.js';
import { checkStrategyDefinition } from './definition-check.js';
import {
  discoverPluginFiles,
  discoverPluginPackages,
  type LoadPluginOptions,
  loadPlugin,
  type PluginSource,
} from './plugin-loader.js';
import { loadStrategySpecFile } from './spec/index.js';
import { editDistance } from './spec/issues.js';
import type { StrategyDefinition } from './types.js';

export const DEFAULT_STRATEGIES_DIR = './strategies';

export type StrategyOrigin =
  | { readonly kind: 'builtin' }
  | { readonly kind: 'plugin'; readonly file: string; readonly packageName?: string }
  | { readonly kind: 'spec'; readonly file: string };

export interface RegisteredStrategy {
  readonly definition: StrategyDefinition;
  readonly origin: StrategyOrigin;
}

export interface StrategyRegistryOptions {
  /** The project directory: relative paths and node_modules are resolved against it. */
  readonly cwd: string;
  /** The strategies folder (default `./strategies`). */
  readonly strategiesDir?: string;
  /** Look for `quantlab-strategy-*` packages in `cwd/node_modules` (default true). */
  readonly packages?: boolean;
  /** Replaces the built-in list (tests). */
  readonly builtins?: readonly StrategyDefinition[];
  readonly loader?: LoadPluginOptions;
}

export function isSpecPath(nameOrFile: string): boolean {
  return nameOrFile.toLowerCase().endsWith('.json');
}

export class StrategyRegistry {
  private readonly entries = new Map<string, RegisteredStrategy>();
  private readonly failures: QuantLabError[] = [];

  private constructor(readonly cwd: string) {}

  /** The built-ins only: no file is read. */
  static builtinsOnly(
    builtins: readonly StrategyDefinition[] = BUILTIN_STRATEGIES,
    cwd = process.cwd(),
  ): StrategyRegistry {
    const registry = new StrategyRegistry(cwd);
    for (const definition of builtins) registry.addBuiltin(definition);
    return registry;
  }

  /** Built-ins, then the strategies folder's plugins, then installed plugin packages. */
  static async load(options: StrategyRegistryOptions): Promise<StrategyRegistry> {
    const registry = StrategyRegistry.builtinsOnly(options.builtins ?? BUILTIN_STRATEGIES, options.cwd);
    const dir = resolve(options.cwd, options.strategiesDir ?? DEFAULT_STRATEGIES_DIR);
    const sources = [
      ...(await discoverPluginFiles(dir)),
      ...(options.packages === false ? [] : await discoverPluginPackages(options.cwd)),
    ];
    for (const source of sources) await registry.addPlugin(source, options.loader);
    return registry;
  }

  private addBuiltin(definition: StrategyDefinition): void {
    const checked = checkStrategyDefinition(
      definition,
      `built-in strategy ${JSON.stringify(definition?.name)}`,
    );
    if (this.entries.has(checked.name)) {
      throw new QuantLabError('QL_ERR_STRATEGY_LOAD', `Two built-in strategies are named ${checked.name}.`, {
        details: { name: checked.name },
      });
    }
    this.entries.set(checked.name, { definition: checked, origin: { kind: 'builtin' } });
  }

  private async addPlugin(source: PluginSource, loader: LoadPluginOptions | undefined): Promise<void> {
    try {
      const definition = await loadPlugin(source, loader);
      const existing = this.entries.get(definition.name);
      if (existing !== undefined) {
        const taken =
          existing.origin.kind === 'builtin'
            ? 'a built-in strategy'
            : `the plugin in ${existing.origin.kind === 'plugin' ? existing.origin.file : '?'}`;
        throw new QuantLabError(
          'QL_ERR_STRATEGY_LOAD',
          `${source.entry}: the name ${definition.name} is already taken by ${taken}; rename the plugin.`,
          { details: { origin: source.entry, name: definition.name } },
        );
      }
      const origin: StrategyOrigin = {
        kind: 'plugin',
        file: source.entry,
        ...(source.packageName === undefined ? {} : { packageName: source.packageName }),
      };
      this.entries.set(definition.name, { definition, origin });
    } catch (error) {
      this.failures.push(toQuantLabError(error, 'QL_ERR_STRATEGY_LOAD'));
    }
  }

  /** Plugins that could not be loaded (QL_ERR_STRATEGY_LOAD each). */
  get problems(): readonly QuantLabError[] {
    return this.failures;
  }

  /** Every strategy: built-ins first, then plugins, each by name. */
  list(): RegisteredStrategy[] {
    const rank = (r: RegisteredStrategy) => (r.origin.kind === 'builtin' ? 0 : 1);
    return [...this.entries.values()].sort(
      (a, b) => rank(a) - rank(b) || a.definition.name.localeCompare(b.definition.name),
    );
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Throws QL_ERR_STRATEGY_UNKNOWN with close names and the plugins that failed to load. */
  get(name: string): RegisteredStrategy {
    const found = this.entries.get(name);
    if (found !== undefined) return found;
    const names = [...this.entries.keys()];
    const close = names.filter((n) => editDistance(n, name) <= Math.max(2, Math.floor(name.length / 3)));
    const hint = close.length > 0 ? ` Did you mean ${close.join(' or ')}?` : '';
    const broken =
      this.failures.length > 0
        ? ` (${this.failures.length} plugin(s) failed to load: ${this.failures.map((f) => f.message).join(' | ')})`
        : '';
    throw new QuantLabError(
      'QL_ERR_STRATEGY_UNKNOWN',
      `No strategy named ${JSON.stringify(name)}.${hint} Known: ${names.join(', ') || 'none'}.${broken}`,
      { details: { name, known: names, suggestions: close } },
    );
  }

  /** A registered name, or a spec file when it ends in `.json` (relative to the registry's cwd). */
  async resolve(nameOrFile: string): Promise<RegisteredStrategy> {
    if (!isSpecPath(nameOrFile)) return this.get(nameOrFile);
    const file = isAbsolute(nameOrFile) ? nameOrFile : resolve(this.cwd, nameOrFile);
    const definition = await loadStrategySpecFile(file);
    return { definition, origin: { kind: 'spec', file } };
  }
}
