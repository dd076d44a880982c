/**
 * The single-writer lease on a venue account: one Quant Lab process trades an account at a time. The
 * lease lives in the database (`account_leases`), is renewed every third of its time to live, and is
 * given up on a clean stop; after `kill -9` it expires and the next process takes it over. A process that
 * cannot renew in time (the database is down, or another process took over) stops trading: fail closed.
 */

import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { QuantLabError } from '../core/errors.js';
import type { Logger } from '../logging/index.js';
import type { AccountLeaseRepository } from '../storage/index.js';

export interface LeaseKeeperOptions {
  readonly leases: AccountLeaseRepository;
  readonly accountKey: string;
  readonly ttlMs?: number;
  readonly now?: () => number;
  readonly logger: Logger;
  /** The lease is lost (taken over, or not renewable before it expired): stop trading now. */
  readonly onLost: (reason: string) => void;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;

export class LeaseKeeper {
  /** host:pid:pid-namespace:random — unique per process, and says where the holder runs. */
  readonly owner = `${hostname()}:${process.pid}:${PID_NAMESPACE}:${Math.random().toString(36).slice(2, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private expiresAt = 0;
  private held = false;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: LeaseKeeperOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Takes the lease or throws QL_ERR_ACCOUNT_LEASE_HELD naming the holder and when it expires. */
  async acquire(): Promise<void> {
    const now = this.now();
    let lease = await this.options.leases.acquire(this.options.accountKey, this.owner, now, this.ttlMs);
    if (lease.owner !== this.owner && holderIsDeadHere(lease.owner)) {
      // Left by a process on this machine that no longer runs (kill -9): no need to wait out its lease.
      this.options.logger.warn({ holder: lease.owner }, 'taking over the lease of a process that is gone');
      await this.options.leases.release(this.options.accountKey, lease.owner);
      lease = await this.options.leases.acquire(this.options.accountKey, this.owner, now, this.ttlMs);
    }
    if (lease.owner !== this.owner) {
      throw new QuantLabError(
        'QL_ERR_ACCOUNT_LEASE_HELD',
        `Another Quant Lab process (${lease.owner}) is trading ${this.options.accountKey}; its lease runs until ` +
          `${new Date(lease.expiresAt).toISOString()}. Stop it first, or wait for the lease to expire.`,
        { details: { accountKey: this.options.accountKey, holder: lease.owner, expiresAt: lease.expiresAt } },
      );
    }
    this.held = true;
    this.expiresAt = lease.expiresAt;
    this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  get isHeld(): boolean {
    return this.held;
  }

  async release(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.held) return;
    this.held = false;
    await this.options.leases.release(this.options.accountKey, this.owner).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'could not release the account lease; it will expire');
    });
  }

  private async renew(): Promise<void> {
    if (!this.held) return;
    const now = this.now();
    try {
      const lease = await this.options.leases.acquire(this.options.accountKey, this.owner, now, this.ttlMs);
      if (lease.owner !== this.owner) return this.lose(`the lease was taken over by ${lease.owner}`);
      this.expiresAt = lease.expiresAt;
    } catch (error) {
      this.options.logger.warn({ err: error }, 'account lease renewal failed');
      // Stop before the lease can lapse (a third of its life as margin): never trade on an expired lease.
      if (this.now() >= this.expiresAt - this.ttlMs / 3) this.lose('the lease could not be renewed in time');
    }
  }

  private lose(reason: string): void {
    if (!this.held) return;
    this.held = false;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.options.onLost(reason);
  }
}

/**
 * The PID namespace of this process (Linux: `pid:[4026531836]`). Two containers may share a host name and
 * even pids; a pid says whether a holder is alive only inside the same namespace. `none` elsewhere.
 */
const PID_NAMESPACE = (() => {
  try {
    return readlinkSync('/proc/self/ns/pid').replace(/[^0-9]/g, '') || 'none';
  } catch {
    return 'none';
  }
})();

/** True when `owner` names a process on this host, in this PID namespace, that is no longer running. */
function holderIsDeadHere(owner: string): boolean {
  const [host, pidText, namespace] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || namespace !== PID_NAMESPACE || PID_NAMESPACE === 'none') return false;
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
