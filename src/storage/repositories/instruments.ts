import type { Selectable } from 'kysely';
import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';
import { fromBool, fromJsonOrNull, toBool, toJsonOrNull } from '../json.js';
import type { InstrumentsTable } from '../schema.js';

export interface InstrumentRecord {
  exchange: string;
  symbol: string;
  /** e.g. spot | swap | future | option. */
  kind: string;
  base: string;
  quote: string;
  settle: string | null;
  tickSize: number;
  lotSize: number;
  minSize: number;
  /** Contract size in base (linear) or quote (inverse) units; 1 for spot. */
  contractValue: number;
  inverse: boolean;
  active: boolean;
  /** The venue's own description, kept for reference. */
  raw: unknown;
  updatedAt: number;
}

export interface InstrumentRepository {
  /** Inserts or replaces instruments by (exchange, symbol); returns how many were written. */
  upsertMany(instruments: readonly InstrumentRecord[]): Promise<number>;
  get(exchange: string, symbol: string): Promise<InstrumentRecord | undefined>;
  list(filter?: { exchange?: string; kind?: string; activeOnly?: boolean }): Promise<InstrumentRecord[]>;
}

function toRecord(row: Selectable<InstrumentsTable>): InstrumentRecord {
  return {
    exchange: row.exchange,
    symbol: row.symbol,
    kind: row.kind,
    base: row.base,
    quote: row.quote,
    settle: row.settle,
    tickSize: row.tick_size,
    lotSize: row.lot_size,
    minSize: row.min_size,
    contractValue: row.contract_value,
    inverse: fromBool(row.inverse),
    active: fromBool(row.active),
    raw: fromJsonOrNull(row.raw),
    updatedAt: Number(row.updated_at),
  };
}

export function createInstrumentRepository({ db }: StorageContext): InstrumentRepository {
  return {
    upsertMany(instruments) {
      return guard('instruments.upsertMany', async () => {
        if (instruments.length === 0) return 0;
        await db.transaction().execute(async (trx) => {
          for (const i of instruments) {
            const row = {
              exchange: i.exchange,
              symbol: i.symbol,
              kind: i.kind,
              base: i.base,
              quote: i.quote,
              settle: i.settle,
              tick_size: i.tickSize,
              lot_size: i.lotSize,
              min_size: i.minSize,
              contract_value: i.contractValue,
              inverse: toBool(i.inverse),
              active: toBool(i.active),
              raw: toJsonOrNull(i.raw),
              updated_at: i.updatedAt,
            };
            const { exchange: _e, symbol: _s, ...changes } = row;
            await trx
              .insertInto('instruments')
              .values(row)
              .onConflict((oc) => oc.columns(['exchange', 'symbol']).doUpdateSet(changes))
              .execute();
          }
        });
        return instruments.length;
      });
    },

    get(exchange, symbol) {
      return guard('instruments.get', async () => {
        const row = await db
          .selectFrom('instruments')
          .selectAll()
          .where('exchange', '=', exchange)
          .where('symbol', '=', symbol)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    list(filter = {}) {
      return guard('instruments.list', async () => {
        let query = db.selectFrom('instruments').selectAll().orderBy('exchange').orderBy('symbol');
        if (filter.exchange !== undefined) query = query.where('exchange', '=', filter.exchange);
        if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
        if (filter.activeOnly === true) query = query.where('active', '=', 1);
        return (await query.execute()).map(toRecord);
      });
    },
  };
}
