/**
 * Reading the venue's raw message (ccxt's `info`) where ccxt's unified fields lose something: OKX
 * `state: partially_filled`, algo ids, Binance algo statuses. Empty strings count as absent, as OKX sends
 * `""` for every unset field.
 */

export type RawRecord = Readonly<Record<string, unknown>>;

export function rawOf(value: unknown): RawRecord {
  return value !== null && typeof value === 'object' ? (value as RawRecord) : {};
}

export function rawString(raw: RawRecord, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = raw[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

export function rawNumber(raw: RawRecord, ...keys: string[]): number | undefined {
  const text = rawString(raw, ...keys);
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A finite number, else undefined (ccxt leaves NaN-free `undefined` for absent, but be strict). */
export function finite(value: number | undefined | null): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A price that means something: OKX uses -1 for "market", Binance 0 for "none". */
export function realPrice(value: number | undefined | null): number | undefined {
  const price = finite(value);
  return price !== undefined && price > 0 ? price : undefined;
}
