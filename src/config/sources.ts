import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { QuantLabError } from '../core/errors.js';
import { type ConfigLayer, ENV_ALIASES, SETTINGS, type Setting } from './schema.js';

/** The default configuration file, looked up in the working directory. */
export const DEFAULT_CONFIG_FILE = 'quantlab.config.json';

/**
 * Reads a JSON configuration file (the nested shape of `Config`). `required` is true when the user named
 * the file (`--config FILE`): a missing file is then an error instead of "no file layer".
 */
export function readConfigFile(path: string, required: boolean): ConfigLayer {
  if (!existsSync(path)) {
    if (!required) return {};
    throw new QuantLabError('QL_ERR_CONFIG_FILE', `configuration file not found: ${path}`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new QuantLabError('QL_ERR_CONFIG_FILE', `cannot read configuration file ${path}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new QuantLabError('QL_ERR_CONFIG_FILE', `configuration file ${path} is not valid JSON: ${reason}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new QuantLabError('QL_ERR_CONFIG_FILE', `configuration file ${path} must hold one JSON object`);
  }
  return parsed as ConfigLayer;
}

/**
 * Reads `.env` from `cwd`. Its values fill in only what the real environment does not set, as with
 * dotenv. A malformed file is reported rather than half-applied.
 */
export function readDotEnv(cwd: string): Record<string, string> {
  const path = resolve(cwd, '.env');
  if (!existsSync(path)) return {};
  try {
    return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch (error) {
    throw new QuantLabError('QL_ERR_CONFIG_FILE', `cannot read ${path}`, { cause: error });
  }
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);

function parseValue(setting: Setting, raw: string): unknown {
  const value = raw.trim();
  switch (setting.kind) {
    case 'string':
      return value;
    case 'integer':
      // Left as a string when it is not an integer, so validation names the key and the value.
      return /^-?\d+$/.test(value) ? Number(value) : value;
    case 'boolean': {
      const word = value.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return value;
    }
  }
}

/** Turns environment variables into a configuration layer. Empty values count as unset. */
export function layerFromEnv(env: Readonly<Record<string, string | undefined>>): ConfigLayer {
  const merged: Record<string, string | undefined> = { ...env };
  for (const [alias, canonical] of Object.entries(ENV_ALIASES)) {
    if ((merged[canonical] ?? '') === '' && (merged[alias] ?? '') !== '') merged[canonical] = merged[alias];
  }
  const layer: Record<string, Record<string, unknown>> = {};
  for (const setting of SETTINGS) {
    const raw = merged[setting.env];
    if (raw === undefined || raw.trim() === '') continue;
    const [section, key] = setting.path;
    layer[section] ??= {};
    layer[section][key] = parseValue(setting, raw);
  }
  return layer as ConfigLayer;
}

/** Deep-merges layers (two levels: section → key); later layers win, `undefined` never overrides. */
export function mergeLayers(...layers: ConfigLayer[]): Record<string, unknown> {
  const out: Record<string, Record<string, unknown> | unknown> = {};
  for (const layer of layers) {
    for (const [section, values] of Object.entries(layer)) {
      if (values === undefined) continue;
      if (values === null || typeof values !== 'object' || Array.isArray(values)) {
        out[section] = values; // let validation report the wrong type
        continue;
      }
      const target = (out[section] ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(values)) {
        if (value !== undefined) target[key] = value;
      }
      out[section] = target;
    }
  }
  return out as Record<string, unknown>;
}
