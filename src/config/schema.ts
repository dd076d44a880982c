import { z } from 'zod';

/**
 * The configuration schema. One nested object, validated by zod; every field also has an environment
 * variable (the `SETTINGS` table below), so a message can name the key in the form the user wrote it.
 */

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** Venues with a built-in demo/testnet mode; any other ccxt id trades live. */
export const DEMO_CAPABLE_MODES = ['okx', 'binanceusdm'] as const;

const executionMode = z
  .string()
  .regex(/^[a-z][a-z0-9]*$/, 'expected "paper", "okx", "binanceusdm" or a lowercase ccxt exchange id');

const optionalSecret = (min = 1) => z.string().min(min).optional();

export const configSchema = z
  .object({
    database: z.object({ url: z.string().min(1) }).strict(),
    nats: z.object({ url: z.string().url().optional() }).strict(),
    redis: z.object({ url: z.string().url().optional() }).strict(),
    server: z
      .object({
        port: z.number().int().min(0).max(65_535),
        host: z.string().min(1),
      })
      .strict(),
    execution: z
      .object({
        mode: executionMode,
        allowLiveTrading: z.boolean(),
      })
      .strict(),
    okx: z
      .object({
        apiKey: optionalSecret(),
        secretKey: optionalSecret(),
        passphrase: optionalSecret(),
        simulatedTrading: z.boolean(),
        baseUrl: z.string().url().optional(),
      })
      .strict(),
    binance: z
      .object({
        apiKey: optionalSecret(),
        apiSecret: optionalSecret(),
        testnet: z.boolean(),
        baseUrl: z.string().url().optional(),
      })
      .strict(),
    security: z
      .object({
        jwtSecret: optionalSecret(32),
        masterKey: optionalSecret(16),
      })
      .strict(),
    llm: z
      .object({
        baseUrl: z.string().url().optional(),
        apiKey: optionalSecret(),
        model: z.string().min(1).optional(),
      })
      .strict(),
    log: z.object({ level: z.enum(LOG_LEVELS) }).strict(),
    strategies: z.object({ dir: z.string().min(1) }).strict(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

/** A partial configuration, as one layer (file, environment, flags) supplies it. */
export type ConfigLayer = { [K in keyof Config]?: Partial<Config[K]> };

export const DEFAULT_CONFIG: Config = {
  database: { url: 'sqlite:./var/quantlab.db' },
  nats: {},
  redis: {},
  server: { port: 8000, host: '127.0.0.1' },
  execution: { mode: 'paper', allowLiveTrading: false },
  okx: { simulatedTrading: true },
  binance: { testnet: true },
  security: {},
  llm: {},
  log: { level: 'info' },
  strategies: { dir: './strategies' },
};

export type SettingKind = 'string' | 'integer' | 'boolean';

export interface Setting {
  /** Environment variable name (also the name used in messages). */
  env: string;
  /** Path in the nested configuration, e.g. `server.port`. */
  path: readonly [section: keyof Config, key: string];
  kind: SettingKind;
  /** Secrets are never printed, logged or echoed back in errors. */
  secret: boolean;
  description: string;
}

const setting = (
  env: string,
  path: string,
  kind: SettingKind,
  description: string,
  secret = false,
): Setting => {
  const [section, key] = path.split('.') as [keyof Config, string];
  return { env, path: [section, key], kind, secret, description };
};

/** Every configuration variable of DESIGN.md §4.2, in the order `.env.example` lists them. */
export const SETTINGS: readonly Setting[] = [
  setting(
    'DATABASE_URL',
    'database.url',
    'string',
    'sqlite:./var/quantlab.db (default) or postgres://user:pass@host:5432/db',
  ),
  setting('NATS_URL', 'nats.url', 'string', 'unset = in-process bus; nats://127.0.0.1:4222 for services'),
  setting('REDIS_URL', 'redis.url', 'string', 'redis://127.0.0.1:6379 (distributed cache; optional)'),
  setting('PORT', 'server.port', 'integer', 'HTTP port of the API server (default 8000)'),
  setting('HOST', 'server.host', 'string', 'address the API server binds (default 127.0.0.1)'),
  setting(
    'EXECUTION_MODE',
    'execution.mode',
    'string',
    'paper (default) | okx | binanceusdm | another ccxt id',
  ),
  setting(
    'ALLOW_LIVE_TRADING',
    'execution.allowLiveTrading',
    'boolean',
    'must be true to trade real money (default false)',
  ),
  setting('OKX_API_KEY', 'okx.apiKey', 'string', 'OKX API key', true),
  setting('OKX_SECRET_KEY', 'okx.secretKey', 'string', 'OKX API secret', true),
  setting('OKX_PASSPHRASE', 'okx.passphrase', 'string', 'OKX API passphrase', true),
  setting(
    'OKX_SIMULATED_TRADING',
    'okx.simulatedTrading',
    'boolean',
    '1 (default) = OKX demo trading; 0 = live',
  ),
  setting('OKX_BASE_URL', 'okx.baseUrl', 'string', 'override the OKX REST base URL (e.g. a local simulator)'),
  setting('BINANCE_API_KEY', 'binance.apiKey', 'string', 'Binance API key', true),
  setting('BINANCE_API_SECRET', 'binance.apiSecret', 'string', 'Binance API secret', true),
  setting(
    'BINANCE_TESTNET',
    'binance.testnet',
    'boolean',
    'true (default) = Binance futures testnet; false = live',
  ),
  setting(
    'BINANCE_BASE_URL',
    'binance.baseUrl',
    'string',
    'override the Binance USDⓈ-M REST base URL (e.g. a local simulator)',
  ),
  setting('JWT_SECRET', 'security.jwtSecret', 'string', 'signs API tokens (at least 32 characters)', true),
  setting(
    'MASTER_KEY',
    'security.masterKey',
    'string',
    'encrypts stored exchange credentials (at least 16 characters)',
    true,
  ),
  setting(
    'LLM_BASE_URL',
    'llm.baseUrl',
    'string',
    'OpenAI-compatible endpoint, e.g. https://api.deepseek.com',
  ),
  setting('LLM_API_KEY', 'llm.apiKey', 'string', 'LLM API key (DEEPSEEK_API_KEY is accepted too)', true),
  setting('LLM_MODEL', 'llm.model', 'string', 'model name, e.g. deepseek-chat'),
  setting(
    'LOG_LEVEL',
    'log.level',
    'string',
    'trace | debug | info (default) | warn | error | fatal | silent',
  ),
  setting(
    'STRATEGIES_DIR',
    'strategies.dir',
    'string',
    'folder of strategy plugins (.ts/.js), relative to the working directory (default ./strategies)',
  ),
];

/** Accepted as another name for a setting; the canonical name wins when both are set. */
export const ENV_ALIASES: Readonly<Record<string, string>> = { DEEPSEEK_API_KEY: 'LLM_API_KEY' };

export function settingForPath(path: readonly PropertyKey[]): Setting | undefined {
  const [section, key] = path;
  return SETTINGS.find((s) => s.path[0] === section && s.path[1] === key);
}
