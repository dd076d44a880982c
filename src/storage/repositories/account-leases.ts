import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';

export interface AccountLease {
  accountKey: string;
  owner: string;
  acquiredAt: number;
  expiresAt: number;
}

/**
 * Single-writer leases on venue accounts. `acquire` is one atomic upsert: it takes a free or expired lease,
 * renews our own, and leaves another owner's live lease alone — so two processes racing for an account
 * cannot both win, on SQLite or PostgreSQL.
 */
export interface AccountLeaseRepository {
  /** Takes or renews the lease until `now + ttlMs`; returns the lease as it now stands (maybe another's). */
  acquire(accountKey: string, owner: string, now: number, ttlMs: number): Promise<AccountLease>;
  /** Gives the lease up if we hold it. */
  release(accountKey: string, owner: string): Promise<void>;
  get(accountKey: string): Promise<AccountLease | undefined>;
}

export function createAccountLeaseRepository({ db }: StorageContext): AccountLeaseRepository {
  const get = (accountKey: string) =>
    guard('account_leases.get', async () => {
      const row = await db
        .selectFrom('account_leases')
        .selectAll()
        .where('account_key', '=', accountKey)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : {
            accountKey: row.account_key,
            owner: row.owner,
            acquiredAt: Number(row.acquired_at),
            expiresAt: Number(row.expires_at),
          };
    });
  return {
    get,
    acquire(accountKey, owner, now, ttlMs) {
      return guard('account_leases.acquire', async () => {
        await db
          .insertInto('account_leases')
          .values({ account_key: accountKey, owner, acquired_at: now, expires_at: now + ttlMs })
          .onConflict((oc) =>
            oc
              .column('account_key')
              .doUpdateSet((eb) => ({
                owner: eb.ref('excluded.owner'),
                expires_at: eb.ref('excluded.expires_at'),
                acquired_at: eb
                  .case()
                  .when('account_leases.owner', '=', eb.ref('excluded.owner'))
                  .then(eb.ref('account_leases.acquired_at'))
                  .else(eb.ref('excluded.acquired_at'))
                  .end(),
              }))
              .where((eb) =>
                eb.or([
                  eb('account_leases.owner', '=', eb.ref('excluded.owner')),
                  eb('account_leases.expires_at', '<', eb.ref('excluded.acquired_at')),
                ]),
              ),
          )
          .execute();
        const lease = await get(accountKey);
        if (lease === undefined) throw new Error(`lease ${accountKey} vanished`);
        return lease;
      });
    },
    release(accountKey, owner) {
      return guard('account_leases.release', async () => {
        await db
          .deleteFrom('account_leases')
          .where('account_key', '=', accountKey)
          .where('owner', '=', owner)
          .execute();
      });
    },
  };
}
