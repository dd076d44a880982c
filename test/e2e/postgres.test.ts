import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, tempDir } from '../support/cli.js';
import { createPostgresTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/databases.js';
import { spawnCli } from '../support/process.js';

if (!TEST_DATABASE_URL) console.warn('postgres e2e: TEST_DATABASE_URL unset — PostgreSQL CLI tests skipped');

describe.skipIf(!TEST_DATABASE_URL)('quantlab on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createPostgresTestDatabase(TEST_DATABASE_URL!);
    console.info(`postgres e2e: running against postgresql (${database.label})`);
  });
  afterAll(async () => database?.dispose());

  it('db migrate migrates, and start serves /health/ready from PostgreSQL', async () => {
    const env = { DATABASE_URL: database.url };
    const migrated = await runCliCaptured(['--json', 'db', 'migrate'], { env });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ dialect: 'postgres' });

    let stop!: (signal: string) => void;
    const stopSignal = new Promise<string>((resolve) => {
      stop = resolve;
    });
    let printed = '';
    const running = runCliCaptured(['--json', 'start', '--port', '0'], {
      env,
      stop: stopSignal.then(async (signal) => signal),
      onStdout: (text) => {
        printed += text;
      },
    });
    for (let i = 0; i < 200 && !printed.includes('address'); i += 1)
      await new Promise((r) => setTimeout(r, 25));
    const { address } = JSON.parse(printed);
    const ready = await fetch(`${address}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      checks: { database: { ok: true, detail: { dialect: 'postgres' } } },
    });
    stop('SIGTERM');
    expect((await running).code).toBe(0);
  });

  it('the built binary loads the PostgreSQL driver on demand (db status, spawned)', async () => {
    const cli = spawnCli(['--json', 'db', 'status'], {
      cwd: tempDir('ql-e2e-'),
      env: { DATABASE_URL: database.url },
    });
    expect(await cli.exited, cli.stderr()).toBe(0);
    expect(JSON.parse(cli.stdout())).toMatchObject({ dialect: 'postgres', pending: [] });
  });

  it('wrong credentials end with one line naming the problem, without the password', async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.username = 'ql_no_such_role';
    url.password = 'pw-that-must-not-show';
    const run = await runCliCaptured(['db', 'migrate'], { env: { DATABASE_URL: url.toString() } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('QL_ERR_DB_AUTH');
    expect(run.stderr).not.toContain('pw-that-must-not-show');
  });
});
