import { resolve } from 'node:path';
import type { z } from 'zod';
import { QuantLabError } from '../core/errors.js';
import { type Config, type ConfigLayer, configSchema, DEFAULT_CONFIG, settingForPath } from './schema.js';
import { DEFAULT_CONFIG_FILE, layerFromEnv, mergeLayers, readConfigFile, readDotEnv } from './sources.js';

export interface LoadConfigOptions {
  /** Process environment; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where `quantlab.config.json` and `.env` are looked up; defaults to `process.cwd()`. */
  cwd?: string;
  /** `--config FILE`: a file the user named (must exist). */
  configFile?: string;
  /** CLI flags, the last layer. */
  flags?: ConfigLayer;
  /** Read `.env` from cwd (default true). */
  dotEnv?: boolean;
}

/**
 * Loads the configuration: defaults < config file < environment (with `.env`) < CLI flags, then validates it.
 * An invalid value throws QL_ERR_CONFIG_INVALID naming the key (environment name and path) — and never
 * echoing a secret's value.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const fileLayer = options.configFile
    ? readConfigFile(resolve(cwd, options.configFile), true)
    : readConfigFile(resolve(cwd, DEFAULT_CONFIG_FILE), false);
  const dotEnv = options.dotEnv === false ? {} : readDotEnv(cwd);
  const envLayer = layerFromEnv({ ...dotEnv, ...env });
  const merged = mergeLayers(DEFAULT_CONFIG, fileLayer, envLayer, options.flags ?? {});
  return validateConfig(merged);
}

export function validateConfig(input: unknown): Config {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, input));
  throw new QuantLabError('QL_ERR_CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`, {
    details: { keys: result.error.issues.map((issue) => issue.path.join('.')) },
  });
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length > 0 ? ` in "${issue.path.join('.')}"` : '';
    return `unknown key${issue.keys.length > 1 ? 's' : ''}${where}: ${issue.keys.join(', ')}`;
  }
  const setting = settingForPath(issue.path);
  const path = issue.path.join('.');
  const name = setting ? `${setting.env} (${path})` : path;
  const received = valueAt(input, issue.path);
  const shown =
    setting?.secret === true || received === undefined
      ? ''
      : `, got ${JSON.stringify(received).slice(0, 80)}`;
  return `${name}: ${issue.message}${shown}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
