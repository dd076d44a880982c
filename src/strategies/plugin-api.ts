/**
 * What a plugin gets when it imports the bare specifier `quantlab` (or `quantlab/<anything>`): the running
 * platform's indicators and strategy helpers, exactly the exports of plugin-sdk.ts. The loader resolves
 * that import to this object at load time, so a plugin outside the repository (an npm package, a folder of
 * strategies) needs no copy of Quant Lab and always runs against the version that hosts it.
 */

import * as sdk from './plugin-sdk.js';

/** The runtime values of plugin-sdk.ts, by name. */
export const PLUGIN_API: Readonly<Record<string, unknown>> = Object.freeze({ ...sdk });

/** The global slot the generated `quantlab` module reads (Symbol.for, so every copy of the loader agrees). */
export const PLUGIN_API_SLOT = Symbol.for('quantlab.strategy-plugin-api.v1');

/** Source of the virtual `quantlab` module: one named export per API member. */
export function pluginApiModuleSource(): string {
  const names = Object.keys(PLUGIN_API).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  const lines = [`const api = globalThis[Symbol.for(${JSON.stringify(PLUGIN_API_SLOT.description)})];`];
  lines.push('if (api === undefined) throw new Error("the quantlab plugin API is not installed");');
  for (const name of names) lines.push(`export const ${name} = api[${JSON.stringify(name)}];`);
  return lines.join('\n');
}

/** Makes the API visible to generated modules (idempotent). */
export function installPluginApi(): void {
  (globalThis as Record<symbol, unknown>)[PLUGIN_API_SLOT] = PLUGIN_API;
}
