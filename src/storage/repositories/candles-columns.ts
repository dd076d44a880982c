import type { StorageContext } from '../context.js';

/** A candle series as parallel typed arrays (the backtester's and indicators' input), ordered by ts. */
export interface CandleColumns {
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

const NAMES = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Appends rows into typed arrays, doubling capacity as needed. */
class ColumnBuilder {
  private arrays: Float64Array[] = NAMES.map(() => new Float64Array(1024));
  private length = 0;

  push(row: readonly number[]): void {
    if (this.length === this.arrays[0]!.length) {
      this.arrays = this.arrays.map((a) => {
        const bigger = new Float64Array(a.length * 2);
        bigger.set(a);
        return bigger;
      });
    }
    for (let c = 0; c < 6; c++) this.arrays[c]![this.length] = row[c]!;
    this.length += 1;
  }

  build(): CandleColumns {
    const [ts, open, high, low, close, volume] = this.arrays.map((a) => a.slice(0, this.length));
    return { ts: ts!, open: open!, high: high!, low: low!, close: close!, volume: volume! };
  }
}

const SELECT = `select ts, open, high, low, close, volume from candles
  where exchange = $1 and symbol = $2 and timeframe = $3 and ts >= $4 and ts <= $5 order by ts`;

/**
 * Reads a range straight into typed arrays, skipping one object per row (about twice as fast as `range`
 * on SQLite for a year of 1m candles). Bounds are inclusive.
 */
export async function readCandleColumns(
  { db, raw }: StorageContext,
  key: [exchange: string, symbol: string, timeframe: string],
  from = Number.MIN_SAFE_INTEGER,
  to = Number.MAX_SAFE_INTEGER,
): Promise<CandleColumns> {
  const builder = new ColumnBuilder();
  if (raw.dialect === 'sqlite') {
    const statement = raw.sqlite.prepare(SELECT.replace(/\$\d/g, '?')).raw(true);
    // Holding Kysely's connection keeps other queries on this handle from interleaving with the iterator.
    await db.connection().execute(async () => {
      for (const row of statement.iterate(...key, from, to) as IterableIterator<number[]>) builder.push(row);
    });
    return builder.build();
  }
  const result = await raw.pool.query<number[]>({
    text: SELECT,
    values: [...key, from, to],
    rowMode: 'array',
  });
  for (const row of result.rows) builder.push(row);
  return builder.build();
}
