/**
 * Recognising the columns of an OHLCV table from its header names: case-insensitive, with the synonyms
 * exporters use (`unix`, `open_time`, `Date`, `o`, `Volume BTC`, `VolumeFrom`, …), the base-asset volume
 * preferred when there are several, and side-by-side multi-asset tables (`BTC:open, …, ETH:open, …`)
 * detected so that one asset is chosen explicitly.
 */

import { QuantLabError } from '../../core/errors.js';
import type { VolumeChoice } from './rows.js';

export interface ColumnLayout {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** -1 when the table has no volume column. */
  volume: number;
  /** The header name of the timestamp column. */
  tsName: string;
  volumeChoice: VolumeChoice;
  /** The asset prefix used, for multi-asset tables. */
  asset?: string;
  /** All asset prefixes of a multi-asset table. */
  assets?: string[];
}

export interface ColumnOptions {
  /** The market symbol given by the user (`BTC/USDT`): its base asset picks the volume column. */
  symbol?: string;
  /** Multi-asset tables: the asset prefix to import (`BTC` for `BTC:open`, …). */
  asset?: string;
  /** For messages. */
  file: string;
}

/** Lower case, `_` and runs of blanks as one space, surrounding quotes removed. */
export function normaliseHeader(name: string): string {
  return name
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
}

/** Timestamp column names, most precise first (`unix` beats `date` in CryptoDataDownload files). */
const TS_NAMES = [
  'unix',
  'unix timestamp',
  'open time',
  'opentime',
  'timestamp',
  'ts',
  'time',
  'datetime',
  'date time',
  'date',
  'time period start',
  'unnamed: 0',
];

const PRICE_NAMES = {
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c', 'price'],
} as const;

const KNOWN_QUOTES = ['USDT', 'USDC', 'BUSD', 'TUSD', 'USD', 'EUR', 'GBP', 'JPY', 'DAI', 'BTC', 'ETH', 'BNB'];

/** The base asset of a symbol: `BTC/USDT`, `BTC-USDT-SWAP`, `XRP/USDT:USDT`, `BTCUSDT` → `BTC`. */
export function baseAsset(symbol: string | undefined): string | undefined {
  if (symbol === undefined || symbol.trim() === '') return undefined;
  const upper = symbol.trim().toUpperCase();
  const parts = upper.split(/[/\-_:]/);
  if (parts.length > 1 && parts[0] !== '') return parts[0];
  const quote = KNOWN_QUOTES.find((q) => upper.endsWith(q) && upper.length > q.length);
  return quote === undefined ? undefined : upper.slice(0, -quote.length);
}

function quoteAsset(symbol: string | undefined): string | undefined {
  if (symbol === undefined) return undefined;
  const upper = symbol.trim().toUpperCase();
  const parts = upper.split(/[/\-_:]/);
  if (parts.length > 1) return parts[1];
  return KNOWN_QUOTES.find((q) => upper.endsWith(q) && upper.length > q.length);
}

interface VolumeCandidate {
  index: number;
  name: string;
  rank: number;
  why: string;
}

/**
 * Ranks a volume-like column, lower is better: 1 names the base asset, 2 says "from"/"base", 3 is a plain
 * `volume`, 4 names some other asset, 5 is quote-currency volume. Undefined when it is no volume column.
 */
function rankVolume(normalised: string, base: string | undefined, quote: string | undefined) {
  if (/^(volume|vol|v)$/.test(normalised)) return { rank: 3, why: 'the only unqualified volume column' };
  if (/^(volumefrom|volume from|base volume|base asset volume)$/.test(normalised)) {
    return { rank: 2, why: 'base-asset volume (VolumeFrom)' };
  }
  if (/^(volumeto|volume to|quote volume|quote asset volume|quote av)$/.test(normalised)) {
    return { rank: 5, why: 'quote-currency volume (no base-asset volume column)' };
  }
  const named = /^(?:volume|vol) ?\(?([a-z0-9]+)\)?$/.exec(normalised);
  if (named === null) return undefined;
  const asset = named[1]!.toUpperCase();
  if (asset === base) return { rank: 1, why: `base-asset volume (${asset})` };
  if (asset === quote || (base !== undefined && KNOWN_QUOTES.includes(asset))) {
    return { rank: 5, why: `quote-currency volume (${asset}; no base-asset volume column)` };
  }
  return { rank: 4, why: `volume in ${asset}` };
}

function chooseVolume(
  names: ReadonlyArray<{ index: number; name: string; normalised: string }>,
  symbol: string | undefined,
): { index: number; choice: VolumeChoice } {
  const base = baseAsset(symbol);
  const quote = quoteAsset(symbol);
  const candidates: VolumeCandidate[] = [];
  for (const { index, name, normalised } of names) {
    const ranked = rankVolume(normalised, base, quote);
    if (ranked !== undefined) candidates.push({ index, name, ...ranked });
  }
  if (candidates.length === 0) {
    return { index: -1, choice: { column: null, why: 'no volume column: volume stored as 0', ignored: [] } };
  }
  const best = candidates.reduce((a, b) => (b.rank < a.rank ? b : a));
  return {
    index: best.index,
    choice: {
      column: best.name,
      why: best.rank === 3 && candidates.length > 1 ? 'unqualified volume column' : best.why,
      ignored: candidates.filter((c) => c !== best).map((c) => c.name),
    },
  };
}

const ASSET_FIELD = /^(.+?)[:. -](open|high|low|close|volume|vol)$/;

/** Groups `BTC:open`-style columns by prefix; only prefixes with open, high, low and close are assets. */
function assetGroups(normalised: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  normalised.forEach((name, index) => {
    const match = ASSET_FIELD.exec(name);
    if (match === null) return;
    const members = groups.get(match[1]!) ?? [];
    members.push(index);
    groups.set(match[1]!, members);
  });
  for (const [prefix, members] of groups) {
    const fields = new Set(members.map((i) => ASSET_FIELD.exec(normalised[i]!)![2]));
    if (!['open', 'high', 'low', 'close'].every((f) => fields.has(f))) groups.delete(prefix);
  }
  return groups;
}

function findPrice(
  names: ReadonlyArray<{ index: number; normalised: string }>,
  field: keyof typeof PRICE_NAMES,
): number {
  for (const synonym of PRICE_NAMES[field]) {
    const hit = names.find((n) => n.normalised === synonym);
    if (hit !== undefined) return hit.index;
  }
  return -1;
}

function findTimestamp(headers: readonly string[], normalised: readonly string[]): number {
  for (const name of TS_NAMES) {
    const index = normalised.indexOf(name);
    if (index >= 0) return index;
  }
  // pandas writes its index (the dates) as a first column with an empty name.
  return normalised[0] === '' && headers.length > 1 ? 0 : -1;
}

function usage(message: string, details: Record<string, unknown>): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details });
}

/**
 * Recognises a header row. Returns undefined when the row does not name open, high, low and close (it is
 * then not a header: a banner, or data). Throws for a multi-asset table without (or with an unknown)
 * `asset`, and for a table without a timestamp column.
 */
export function recogniseColumns(
  headers: readonly string[],
  options: ColumnOptions,
): ColumnLayout | undefined {
  const normalised = headers.map(normaliseHeader);
  const all = normalised.map((n, index) => ({ index, name: headers[index]!.trim(), normalised: n }));
  const plain = {
    open: findPrice(all, 'open'),
    high: findPrice(all, 'high'),
    low: findPrice(all, 'low'),
    close: findPrice(all, 'close'),
  };
  const groups = assetGroups(normalised);
  const hasPlain = Object.values(plain).every((i) => i >= 0);
  if (!hasPlain && groups.size === 0) return undefined;

  const tsIndex = findTimestamp(headers, normalised);
  if (tsIndex < 0) {
    throw new QuantLabError(
      'QL_ERR_DATA_FORMAT',
      `${options.file}: the header names open/high/low/close but no timestamp column (expected one of ${TS_NAMES.slice(0, 10).join(', ')})`,
      { details: { file: options.file, headers } },
    );
  }
  const tsName = headers[tsIndex]!.trim() || '(unnamed first column)';

  if (hasPlain) {
    if (options.asset !== undefined) {
      throw usage(`${options.file} has one asset per row; --asset ${options.asset} does not apply to it`, {
        file: options.file,
      });
    }
    const { index, choice } = chooseVolume(all, options.symbol);
    return { ts: tsIndex, ...plain, volume: index, tsName, volumeChoice: choice };
  }
  return assetLayout(headers, normalised, groups, tsIndex, tsName, options);
}

function assetLayout(
  headers: readonly string[],
  normalised: readonly string[],
  groups: Map<string, number[]>,
  tsIndex: number,
  tsName: string,
  options: ColumnOptions,
): ColumnLayout {
  const assets = [...groups.keys()].map((p) => p.toUpperCase());
  let prefix: string;
  if (options.asset === undefined) {
    if (groups.size > 1) {
      throw usage(
        `${options.file} holds several assets side by side (${assets.join(', ')}); choose one with --asset ${assets[0]}`,
        { file: options.file, assets },
      );
    }
    prefix = [...groups.keys()][0]!;
  } else {
    const wanted = options.asset.toLowerCase();
    if (!groups.has(wanted)) {
      throw usage(`${options.file} has no columns for asset ${options.asset}; it has ${assets.join(', ')}`, {
        file: options.file,
        assets,
      });
    }
    prefix = wanted;
  }
  const members = groups.get(prefix)!;
  const field = (name: string) => members.find((i) => ASSET_FIELD.exec(normalised[i]!)![2] === name) ?? -1;
  const volumeIndex = field('volume') >= 0 ? field('volume') : field('vol');
  return {
    ts: tsIndex,
    open: field('open'),
    high: field('high'),
    low: field('low'),
    close: field('close'),
    volume: volumeIndex,
    tsName,
    asset: prefix.toUpperCase(),
    assets,
    volumeChoice:
      volumeIndex < 0
        ? { column: null, why: 'no volume column for this asset: volume stored as 0', ignored: [] }
        : {
            column: headers[volumeIndex]!.trim(),
            why: `volume of asset ${prefix.toUpperCase()}`,
            ignored: [],
          },
  };
}
