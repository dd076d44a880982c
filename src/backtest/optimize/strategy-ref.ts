/**
 * Resolving a strategy reference inside a worker thread, where the parent's definition object cannot be
 * sent (it holds functions). Each reference is loaded once per thread and cached: a plugin is bundled
 * and imported, a spec file compiled, a built-in looked up.
 */

import { loadPlugin } from '../../strategies/plugin-loader.js';
import { StrategyRegistry } from '../../strategies/registry.js';
import { loadStrategySpecFile } from '../../strategies/spec/index.js';
import type { StrategyDefinition } from '../../strategies/types.js';
import type { StrategyRef } from './trial-task.js';

function load(ref: StrategyRef): Promise<StrategyDefinition> {
  switch (ref.kind) {
    case 'builtin':
      return Promise.resolve(StrategyRegistry.builtinsOnly().get(ref.name).definition);
    case 'spec':
      return loadStrategySpecFile(ref.file);
    case 'plugin':
      return loadPlugin({ kind: 'file', entry: ref.file });
  }
}

/** A resolver that loads each distinct reference once (a failed load is retried on the next call). */
export function cachedStrategyResolver(): (ref: StrategyRef) => Promise<StrategyDefinition> {
  const cache = new Map<string, Promise<StrategyDefinition>>();
  return (ref) => {
    const key = JSON.stringify(ref);
    let pending = cache.get(key);
    if (pending === undefined) {
      pending = load(ref);
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
    }
    return pending;
  };
}
