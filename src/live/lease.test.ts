import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqliteTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { silentLogger } from '../logging/index.js';
import { type Database, openDatabase } from '../storage/index.js';
import { LeaseKeeper } from './lease.js';

describe('LeaseKeeper', () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    testDb = createSqliteTestDatabase();
    db = await openDatabase(testDb.url, { logger: silentLogger() });
    await db.migrate();
  });
  afterEach(async () => {
    await db.close();
    await testDb.dispose();
  });

  it('refuses a second process on the same account, naming the holder', async () => {
    const first = new LeaseKeeper({
      leases: db.accountLeases,
      accountKey: 'okx:demo:abc',
      logger: silentLogger(),
      onLost: () => {},
    });
    const second = new LeaseKeeper({
      leases: db.accountLeases,
      accountKey: 'okx:demo:abc',
      logger: silentLogger(),
      onLost: () => {},
    });
    await first.acquire();
    await expect(second.acquire()).rejects.toMatchObject({
      code: 'QL_ERR_ACCOUNT_LEASE_HELD',
      details: { holder: first.owner },
    });
    await first.release();
    await second.acquire();
    expect(second.isHeld).toBe(true);
    await second.release();
  });

  it('renews its lease, and reports it lost when another owner took it over', async () => {
    const lost: string[] = [];
    const keeper = new LeaseKeeper({
      leases: db.accountLeases,
      accountKey: 'k',
      ttlMs: 150,
      logger: silentLogger(),
      onLost: (r) => lost.push(r),
    });
    await keeper.acquire();
    const first = (await db.accountLeases.get('k'))!.expiresAt;
    await vi.waitFor(async () => expect((await db.accountLeases.get('k'))!.expiresAt).toBeGreaterThan(first));
    // Someone force-takes the account (e.g. an operator deleted the row and another process started).
    await db.accountLeases.release('k', keeper.owner);
    await db.accountLeases.acquire('k', 'intruder', Date.now(), 60_000);
    await vi.waitFor(() => expect(lost).toHaveLength(1));
    expect(lost[0]).toContain('intruder');
    expect(keeper.isHeld).toBe(false);
  });

  it('a lease left by a process on this host that is gone (kill -9) is taken over at once', async () => {
    const { spawnSync } = await import('node:child_process');
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!; // ran, exited: not alive
    const probe = new LeaseKeeper({
      leases: db.accountLeases,
      accountKey: 'x',
      logger: silentLogger(),
      onLost: () => {},
    });
    const [host, , namespace] = probe.owner.split(':');
    await db.accountLeases.acquire('k3', `${host}:${gone}:${namespace}:abc`, Date.now(), 60_000);
    const keeper = new LeaseKeeper({
      leases: db.accountLeases,
      accountKey: 'k3',
      logger: silentLogger(),
      onLost: () => {},
    });
    await keeper.acquire();
    expect((await db.accountLeases.get('k3'))?.owner).toBe(keeper.owner);
    await keeper.release();
    // A live holder (this very process, under another tag) is never taken over.
    await db.accountLeases.acquire('k4', `${host}:${process.pid}:${namespace}:other`, Date.now(), 60_000);
    // A holder in another PID namespace (another container with the same host name) is never presumed dead.
    await db.accountLeases.acquire('k5', `${host}:${gone}:1:abc`, Date.now(), 60_000);
    const third = new LeaseKeeper({
      leases: db.accountLeases,
      accountKey: 'k5',
      logger: silentLogger(),
      onLost: () => {},
    });
    await expect(third.acquire()).rejects.toMatchObject({ code: 'QL_ERR_ACCOUNT_LEASE_HELD' });
    const second = new LeaseKeeper({
      leases: db.accountLeases,
      accountKey: 'k4',
      logger: silentLogger(),
      onLost: () => {},
    });
    await expect(second.acquire()).rejects.toMatchObject({ code: 'QL_ERR_ACCOUNT_LEASE_HELD' });
  });

  it('a lease left behind by a killed process expires and passes on', async () => {
    await db.accountLeases.acquire('k2', 'dead-process', Date.now() - 60_000, 1_000);
    const keeper = new LeaseKeeper({
      leases: db.accountLeases,
      accountKey: 'k2',
      logger: silentLogger(),
      onLost: () => {},
    });
    await keeper.acquire();
    expect((await db.accountLeases.get('k2'))?.owner).toBe(keeper.owner);
    await keeper.release();
  });
});
