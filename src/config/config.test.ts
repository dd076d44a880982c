import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isQuantLabError, QuantLabError } from '../core/errors.js';
import { assertSafeConfig, loadConfig, REDACTED, redactConfig, SETTINGS, secretValues } from './index.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'ql-config-'));
const load = (env: Record<string, string>, extra: Parameters<typeof loadConfig>[0] = {}) =>
  loadConfig({ env, cwd: emptyDir(), ...extra });

function thrown(fn: () => unknown): QuantLabError {
  try {
    fn();
  } catch (error) {
    if (error instanceof QuantLabError) return error;
    throw error;
  }
  throw new Error('expected a QuantLabError');
}

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const config = load({});
    expect(config.execution).toEqual({ mode: 'paper', allowLiveTrading: false });
    expect(config.okx.simulatedTrading).toBe(true);
    expect(config.binance.testnet).toBe(true);
    expect(config.database.url).toBe('sqlite:./var/quantlab.db');
    expect(config.server).toEqual({ port: 8000, host: '127.0.0.1' });
    expect(assertSafeConfig(config)).toBe('paper');
  });

  it('layers defaults < file < environment < flags', () => {
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, 'quantlab.config.json'),
      JSON.stringify({ server: { port: 9001, host: '0.0.0.0' } }),
    );
    expect(loadConfig({ env: {}, cwd }).server).toEqual({ port: 9001, host: '0.0.0.0' });
    expect(loadConfig({ env: { PORT: '9002' }, cwd }).server).toEqual({ port: 9002, host: '0.0.0.0' });
    expect(loadConfig({ env: { PORT: '9002' }, cwd, flags: { server: { port: 9003 } } }).server.port).toBe(
      9003,
    );
  });

  it('reads .env without overriding the real environment', () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, '.env'), 'PORT=7001\nLOG_LEVEL=debug\n# comment\nHOST="::1"\n');
    const config = loadConfig({ env: { PORT: '7002' }, cwd });
    expect(config.server).toEqual({ port: 7002, host: '::1' });
    expect(config.log.level).toBe('debug');
  });

  it('accepts DEEPSEEK_API_KEY for LLM_API_KEY, the canonical name winning', () => {
    expect(load({ DEEPSEEK_API_KEY: 'sk-deep' }).llm.apiKey).toBe('sk-deep');
    expect(load({ DEEPSEEK_API_KEY: 'sk-deep', LLM_API_KEY: 'sk-llm' }).llm.apiKey).toBe('sk-llm');
  });

  it('names the key of an invalid value', () => {
    const error = thrown(() => load({ PORT: 'eighty' }));
    expect(error.code).toBe('QL_ERR_CONFIG_INVALID');
    expect(error.message).toContain('PORT (server.port)');
    expect(error.message).toContain('"eighty"');
    expect(thrown(() => load({ OKX_SIMULATED_TRADING: 'maybe' })).message).toContain('OKX_SIMULATED_TRADING');
    expect(thrown(() => load({ LOG_LEVEL: 'loud' })).message).toContain('LOG_LEVEL (log.level)');
    expect(thrown(() => load({ PORT: '70000' })).message).toContain('PORT');
    expect(thrown(() => load({ EXECUTION_MODE: 'OKX!' })).message).toContain('EXECUTION_MODE');
  });

  it('never echoes a secret value in a validation error', () => {
    const error = thrown(() => load({ JWT_SECRET: 'short-secret-value' }));
    expect(error.message).toContain('JWT_SECRET');
    expect(error.message).not.toContain('short-secret-value');
  });

  it('reports a bad or unknown config file clearly', () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'bad.json'), '{ "server": ');
    expect(thrown(() => loadConfig({ env: {}, cwd, configFile: 'bad.json' })).code).toBe(
      'QL_ERR_CONFIG_FILE',
    );
    expect(thrown(() => loadConfig({ env: {}, cwd, configFile: 'missing.json' })).message).toContain(
      'not found',
    );
    writeFileSync(join(cwd, 'typo.json'), JSON.stringify({ server: { prot: 1 } }));
    const typo = thrown(() => loadConfig({ env: {}, cwd, configFile: 'typo.json' }));
    expect(typo.message).toContain('prot');
  });
});

describe('assertSafeConfig', () => {
  const okxKeys = { OKX_API_KEY: 'k-123456', OKX_SECRET_KEY: 's-123456', OKX_PASSPHRASE: 'p-123456' };

  it('allows OKX demo with credentials', () => {
    expect(assertSafeConfig(load({ EXECUTION_MODE: 'okx', ...okxKeys }))).toBe('demo');
  });

  it('refuses live OKX without ALLOW_LIVE_TRADING, naming the keys', () => {
    const error = thrown(() =>
      assertSafeConfig(load({ EXECUTION_MODE: 'okx', OKX_SIMULATED_TRADING: '0', ...okxKeys })),
    );
    expect(error.code).toBe('QL_ERR_LIVE_TRADING_NOT_ALLOWED');
    expect(error.message).toContain('OKX_SIMULATED_TRADING=0');
    expect(error.message).toContain('ALLOW_LIVE_TRADING');
    expect(
      assertSafeConfig(
        load({ EXECUTION_MODE: 'okx', OKX_SIMULATED_TRADING: '0', ALLOW_LIVE_TRADING: 'true', ...okxKeys }),
      ),
    ).toBe('live');
  });

  it('refuses live Binance and any ccxt id without ALLOW_LIVE_TRADING', () => {
    const binance = {
      EXECUTION_MODE: 'binanceusdm',
      BINANCE_API_KEY: 'bk-1234',
      BINANCE_API_SECRET: 'bs-1234',
    };
    expect(assertSafeConfig(load(binance))).toBe('demo');
    expect(thrown(() => assertSafeConfig(load({ ...binance, BINANCE_TESTNET: 'false' }))).message).toContain(
      'BINANCE_TESTNET',
    );
    expect(thrown(() => assertSafeConfig(load({ EXECUTION_MODE: 'kraken' }))).code).toBe(
      'QL_ERR_LIVE_TRADING_NOT_ALLOWED',
    );
  });

  it('refuses ALLOW_LIVE_TRADING=true mixed with demo settings', () => {
    const error = thrown(() =>
      assertSafeConfig(load({ EXECUTION_MODE: 'okx', ALLOW_LIVE_TRADING: 'true', ...okxKeys })),
    );
    expect(error.code).toBe('QL_ERR_CONFIG_CONFLICT');
    expect(error.message).toContain('ALLOW_LIVE_TRADING');
    expect(error.message).toContain('OKX_SIMULATED_TRADING=1');
  });

  it('refuses missing or partial credentials, naming what is missing', () => {
    const error = thrown(() => assertSafeConfig(load({ EXECUTION_MODE: 'okx', OKX_API_KEY: 'k-123456' })));
    expect(error.code).toBe('QL_ERR_CREDENTIALS_MISSING');
    expect(error.message).toContain('OKX_SECRET_KEY, OKX_PASSPHRASE');
    expect(error.message).not.toContain('k-123456');
    expect(thrown(() => assertSafeConfig(load({ BINANCE_API_KEY: 'bk-1234' }))).message).toContain(
      'BINANCE_API_SECRET',
    );
  });
});

describe('redaction', () => {
  it('hides every secret and URL password', () => {
    const config = load({
      OKX_API_KEY: 'okx-key-value',
      OKX_SECRET_KEY: 'okx-secret-value',
      OKX_PASSPHRASE: 'okx-pass-value',
      BINANCE_API_KEY: 'bin-key-value',
      BINANCE_API_SECRET: 'bin-secret-value',
      JWT_SECRET: 'j'.repeat(40),
      MASTER_KEY: 'master-key-value',
      LLM_API_KEY: 'llm-key-value',
      DATABASE_URL: 'postgres://quant:db-password-value@localhost:5432/ql',
      REDIS_URL: 'redis://:redis-password-value@localhost:6379',
    });
    const printed = JSON.stringify(redactConfig(config));
    for (const secret of secretValues(config)) expect(printed).not.toContain(secret);
    expect(secretValues(config)).toContain('db-password-value');
    expect(secretValues(config)).toContain('redis-password-value');
    expect(printed).toContain(REDACTED);
    expect(printed).toContain('postgres://quant:***@localhost:5432/ql');
    expect(printed).not.toContain('okx-key-value');
  });
});

describe('.env.example', () => {
  it('lists every configuration variable', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const names = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const setting of SETTINGS) expect(names, setting.env).toContain(setting.env);
    expect(names).toContain('DEEPSEEK_API_KEY');
  });
});

it('isQuantLabError narrows by code', () => {
  const error = new QuantLabError('QL_ERR_CONFIG_INVALID', 'x');
  expect(isQuantLabError(error, 'QL_ERR_CONFIG_INVALID')).toBe(true);
  expect(isQuantLabError(error, 'QL_ERR_USAGE')).toBe(false);
});
