/**
 * Account balances per asset. Invariant: total = free + used (used = reserved by open orders or margin).
 * `AccountBalances` is immutable: every change returns a new instance, so the kernel can keep snapshots.
 */

import { QuantLabError } from './errors.js';

export interface Balance {
  readonly asset: string;
  /** Available for new orders. */
  readonly free: number;
  /** Reserved by open orders or held as margin. */
  readonly used: number;
  /** free + used. */
  readonly total: number;
}

/** Relative slack for the total = free + used check (venues round each figure separately). */
export const BALANCE_EPSILON = 1e-9;

function invalid(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

function finite(name: string, asset: string, value: number): void {
  if (!Number.isFinite(value))
    throw invalid(`Balance ${name} of ${asset} is ${value}, not a finite number.`, { asset, [name]: value });
}

/** A balance with total computed as free + used. */
export function createBalance(asset: string, free: number, used = 0): Balance {
  if (typeof asset !== 'string' || asset === '') throw invalid('A balance needs an asset name.', { asset });
  finite('free', asset, free);
  finite('used', asset, used);
  return { asset, free, used, total: free + used };
}

/** True when total = free + used within BALANCE_EPSILON (relative to the largest figure). */
export function isBalanceConsistent(balance: Balance): boolean {
  const scale = Math.max(1, Math.abs(balance.total), Math.abs(balance.free), Math.abs(balance.used));
  return Math.abs(balance.total - (balance.free + balance.used)) <= BALANCE_EPSILON * scale;
}

/** Throws QL_ERR_INVALID_INPUT when a balance is not finite or breaks total = free + used. */
export function validateBalance(balance: Balance): Balance {
  finite('free', balance.asset, balance.free);
  finite('used', balance.asset, balance.used);
  finite('total', balance.asset, balance.total);
  if (!isBalanceConsistent(balance)) {
    throw invalid(
      `Balance of ${balance.asset}: total ${balance.total} != free ${balance.free} + used ${balance.used}.`,
      { ...balance },
    );
  }
  return balance;
}

function positiveAmount(asset: string, amount: number): void {
  if (!Number.isFinite(amount) || amount < 0)
    throw invalid(`Amount ${amount} of ${asset} must be a finite number >= 0.`, { asset, amount });
}

/** Balances by asset. Missing assets read as zero. */
export class AccountBalances {
  private readonly byAsset: ReadonlyMap<string, Balance>;

  constructor(balances: Iterable<Balance> = []) {
    const map = new Map<string, Balance>();
    for (const balance of balances) map.set(balance.asset, validateBalance(balance));
    this.byAsset = map;
  }

  /** The balance of `asset` (zero when unknown). */
  get(asset: string): Balance {
    return this.byAsset.get(asset) ?? createBalance(asset, 0, 0);
  }

  has(asset: string): boolean {
    return this.byAsset.has(asset);
  }

  free(asset: string): number {
    return this.get(asset).free;
  }

  used(asset: string): number {
    return this.get(asset).used;
  }

  total(asset: string): number {
    return this.get(asset).total;
  }

  /** Assets held, in insertion order. */
  assets(): string[] {
    return [...this.byAsset.keys()];
  }

  toArray(): Balance[] {
    return [...this.byAsset.values()];
  }

  /** A copy with `balance` replacing the asset's balance (as from a venue snapshot). */
  with(balance: Balance): AccountBalances {
    const map = new Map(this.byAsset);
    map.set(balance.asset, validateBalance(balance));
    return new AccountBalances(map.values());
  }

  /** Adds `amount` to free (deposit, realised profit, sale proceeds). */
  credit(asset: string, amount: number): AccountBalances {
    positiveAmount(asset, amount);
    const b = this.get(asset);
    return this.with(createBalance(asset, b.free + amount, b.used));
  }

  /** Takes `amount` from free; throws QL_ERR_INVALID_INPUT when free is short. */
  debit(asset: string, amount: number): AccountBalances {
    positiveAmount(asset, amount);
    const b = this.get(asset);
    if (amount > b.free * (1 + BALANCE_EPSILON) + BALANCE_EPSILON) {
      throw invalid(`Cannot debit ${amount} ${asset}: only ${b.free} free.`, { asset, amount, free: b.free });
    }
    return this.with(createBalance(asset, Math.max(0, b.free - amount), b.used));
  }

  /** Moves `amount` from free to used (an order or margin reserves it); throws when free is short. */
  reserve(asset: string, amount: number): AccountBalances {
    positiveAmount(asset, amount);
    const b = this.get(asset);
    if (amount > b.free * (1 + BALANCE_EPSILON) + BALANCE_EPSILON) {
      throw invalid(`Cannot reserve ${amount} ${asset}: only ${b.free} free.`, {
        asset,
        amount,
        free: b.free,
      });
    }
    return this.with(createBalance(asset, Math.max(0, b.free - amount), b.used + amount));
  }

  /** Moves `amount` from used back to free (an order ended); throws when used is short. */
  release(asset: string, amount: number): AccountBalances {
    positiveAmount(asset, amount);
    const b = this.get(asset);
    if (amount > b.used * (1 + BALANCE_EPSILON) + BALANCE_EPSILON) {
      throw invalid(`Cannot release ${amount} ${asset}: only ${b.used} used.`, {
        asset,
        amount,
        used: b.used,
      });
    }
    return this.with(createBalance(asset, b.free + amount, Math.max(0, b.used - amount)));
  }

  /** Removes `amount` from used (a reserved amount was spent by a fill); throws when used is short. */
  spendReserved(asset: string, amount: number): AccountBalances {
    positiveAmount(asset, amount);
    const b = this.get(asset);
    if (amount > b.used * (1 + BALANCE_EPSILON) + BALANCE_EPSILON) {
      throw invalid(`Cannot spend ${amount} reserved ${asset}: only ${b.used} used.`, {
        asset,
        amount,
        used: b.used,
      });
    }
    return this.with(createBalance(asset, b.free, Math.max(0, b.used - amount)));
  }
}
