import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured, tempDir } from '../../test/support/cli.js';
import { VERSION } from '../version.js';

describe('quantlab CLI', () => {
  it('version prints text, or JSON with --json', async () => {
    const text = await runCliCaptured(['version']);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toContain(`quantlab ${VERSION}`);
    const json = await runCliCaptured(['--json', 'version']);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'quantlab', version: VERSION });
  });

  it('bad usage exits 2 with one line', async () => {
    for (const argv of [['frobnicate'], ['start', '--port', 'http'], ['db', 'migrate', '--bogus'], []]) {
      const run = await runCliCaptured(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
    }
    const unknown = await runCliCaptured(['frobnicate']);
    expect(unknown.stderr.trim().split('\n')).toEqual([
      "quantlab: unknown command 'frobnicate' (see quantlab --help)",
    ]);
  });

  it('every verb has --help', async () => {
    for (const verb of [['start'], ['db', 'migrate'], ['db', 'status'], ['config', 'show'], ['version']]) {
      const run = await runCliCaptured([...verb, '--help']);
      expect(run.code, verb.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: quantlab');
    }
  });

  it('an invalid configuration value exits 1 with one line naming the key', async () => {
    const run = await runCliCaptured(['db', 'migrate'], { env: { PORT: 'abc' } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('PORT (server.port)');
    expect(run.stderr).toContain('QL_ERR_CONFIG_INVALID');
  });

  it('--json failures also print the error as JSON on stdout', async () => {
    const run = await runCliCaptured(['--json', 'config', 'show'], { env: { LOG_LEVEL: 'chatty' } });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'QL_ERR_CONFIG_INVALID', retryable: false });
  });

  it('config show redacts secrets and still refuses an unsafe configuration', async () => {
    const env = {
      OKX_API_KEY: 'okx-api-key-123',
      OKX_SECRET_KEY: 'okx-secret-123',
      OKX_PASSPHRASE: 'okx-pass-123',
      DATABASE_URL: 'postgres://ql:db-pass-123@127.0.0.1/ql',
    };
    const safe = await runCliCaptured(['config', 'show'], { env });
    expect(safe.code).toBe(0);
    expect(safe.stdout).toContain('OKX_API_KEY');
    expect(safe.stdout).toContain('postgres://ql:***@127.0.0.1/ql');
    for (const secret of Object.values(env).slice(0, 3).concat('db-pass-123')) {
      expect(safe.stdout + safe.stderr).not.toContain(secret);
    }
    const live = await runCliCaptured(['--json', 'config', 'show'], {
      env: { ...env, EXECUTION_MODE: 'okx', OKX_SIMULATED_TRADING: '0' },
    });
    expect(live.code).toBe(1);
    expect(live.stderr).toContain('ALLOW_LIVE_TRADING');
    expect(live.stdout).not.toContain('okx-secret-123');
  });

  it('db migrate creates and migrates an SQLite database, then is a no-op', async () => {
    const cwd = tempDir();
    const first = await runCliCaptured(['--json', 'db', 'migrate'], { cwd });
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({ dialect: 'sqlite', database: 'sqlite:./var/quantlab.db' });
    expect(result.applied.length).toBeGreaterThan(0);
    expect(existsSync(join(cwd, 'var', 'quantlab.db'))).toBe(true);
    const second = await runCliCaptured(['--json', 'db', 'migrate'], { cwd });
    expect(JSON.parse(second.stdout)).toMatchObject({ applied: [], version: result.version });
    const status = await runCliCaptured(['--json', 'db', 'status'], { cwd });
    expect(JSON.parse(status.stdout)).toMatchObject({ current: result.version, pending: [] });
  });

  it('a file that is not SQLite fails with one clear line', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'notes.db'), 'these are my notes, not a database\n'.repeat(200));
    const run = await runCliCaptured(['db', 'migrate'], { cwd, env: { DATABASE_URL: 'sqlite:./notes.db' } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('QL_ERR_DB_NOT_SQLITE');
  });

  it('an unreachable PostgreSQL fails with one line and no password', async () => {
    const run = await runCliCaptured(['db', 'migrate'], {
      env: { DATABASE_URL: 'postgres://ql:pg-secret-9@127.0.0.1:1/ql' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('QL_ERR_DB_UNREACHABLE');
    expect(run.stderr).not.toContain('pg-secret-9');
  });

  it('scrubs configured secrets out of failure messages, also from .env', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'OKX_SECRET_KEY=dotenv-secret-77\n');
    const run = await runCliCaptured(
      ['--json', '--config', 'okx-key-1234-dotenv-secret-77.json', 'config', 'show'],
      {
        cwd,
        env: { OKX_API_KEY: 'okx-key-1234' },
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('QL_ERR_CONFIG_FILE');
    expect(run.stderr + run.stdout).not.toContain('okx-key-1234');
    expect(run.stderr + run.stdout).not.toContain('dotenv-secret-77');
  });

  it('an unsupported DATABASE_URL is named', async () => {
    const run = await runCliCaptured(['db', 'status'], { env: { DATABASE_URL: 'mysql://localhost/x' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('QL_ERR_DB_URL_INVALID');
  });

  it('start refuses live trading without ALLOW_LIVE_TRADING and opens nothing', async () => {
    const cwd = tempDir();
    const run = await runCliCaptured(['start', '--port', '0'], {
      cwd,
      env: {
        EXECUTION_MODE: 'binanceusdm',
        BINANCE_TESTNET: 'false',
        BINANCE_API_KEY: 'bk-123456',
        BINANCE_API_SECRET: 'bs-123456',
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('QL_ERR_LIVE_TRADING_NOT_ALLOWED');
    expect(run.stderr).toContain('BINANCE_TESTNET');
    expect(existsSync(join(cwd, 'var'))).toBe(false);
  });

  it('start serves until the stop signal, then shuts down', async () => {
    let stop!: (signal: string) => void;
    const stopSignal = new Promise<string>((resolve) => {
      stop = resolve;
    });
    let printed = '';
    const running = runCliCaptured(['--json', 'start', '--port', '0'], {
      stop: stopSignal,
      onStdout: (text) => {
        printed += text;
      },
    });
    for (let i = 0; i < 200 && !printed.includes('address'); i += 1)
      await new Promise((r) => setTimeout(r, 25));
    const summary = JSON.parse(printed);
    expect(summary).toMatchObject({ environment: 'paper', version: VERSION });
    expect(summary.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${summary.address}/health`)).status).toBe(200);
    stop('SIGTERM');
    expect((await running).code).toBe(0);
    await expect(fetch(`${summary.address}/health`)).rejects.toThrow();
  });
});
