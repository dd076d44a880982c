import { redactUrl } from '../core/redact-url.js';
import { type Config, type ConfigLayer, SETTINGS } from './schema.js';

export { redactUrl };

export const REDACTED = '[redacted]';

/** A copy of the configuration that is safe to print or log: secrets replaced, URL passwords masked. */
export function redactConfig(config: Config): Config {
  const copy = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
  for (const setting of SETTINGS) {
    const [section, key] = setting.path;
    const holder = copy[section];
    if (holder === undefined || holder[key] === undefined) continue;
    if (setting.secret) holder[key] = REDACTED;
    else if (typeof holder[key] === 'string' && key.toLowerCase().endsWith('url'))
      holder[key] = redactUrl(holder[key]);
  }
  return copy as unknown as Config;
}

/**
 * The secret values in a configuration (or in one unvalidated layer of it, e.g. the environment), for
 * scrubbing them out of log lines and error messages.
 */
export function secretValues(config: Config | ConfigLayer): string[] {
  const values: string[] = [];
  for (const setting of SETTINGS) {
    const [section, key] = setting.path;
    const value = (config[section] as Record<string, unknown> | undefined)?.[key];
    if (typeof value !== 'string') continue;
    if (setting.secret) values.push(value);
    else if (key.toLowerCase().endsWith('url')) {
      try {
        const url = new URL(value);
        if (url.password !== '') values.push(decodeURIComponent(url.password));
      } catch {
        // not a URL: nothing secret in it
      }
    }
  }
  return values.filter((v) => v.length >= 4);
}
