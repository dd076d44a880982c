export { type LoadConfigOptions, loadConfig, validateConfig } from './load.js';
export { REDACTED, redactConfig, redactUrl, secretValues } from './redact.js';
export { assertSafeConfig, type TradingEnvironment, tradingEnvironment } from './safety.js';
export {
  type Config,
  type ConfigLayer,
  configSchema,
  DEFAULT_CONFIG,
  ENV_ALIASES,
  SETTINGS,
  type Setting,
} from './schema.js';
export { DEFAULT_CONFIG_FILE, layerFromEnv, readDotEnv } from './sources.js';
