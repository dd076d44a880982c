import type { StorageContext } from '../context.js';
import { guard } from '../errors.js';

export interface FundingRateRecord {
  /** Funding time, epoch ms. */
  ts: number;
  rate: number;
  markPrice: number | null;
}

export interface FundingRateRepository {
  /** Inserts or updates rates of one (exchange, symbol); returns how many were written. */
  upsertMany(exchange: string, symbol: string, rates: readonly FundingRateRecord[]): Promise<number>;
  /** Rates with from ≤ ts ≤ to (inclusive, optional), ordered by ts. */
  range(exchange: string, symbol: string, from?: number, to?: number): Promise<FundingRateRecord[]>;
  latest(exchange: string, symbol: string): Promise<FundingRateRecord | undefined>;
}

const CHUNK = 500;

export function createFundingRateRepository({ db }: StorageContext): FundingRateRepository {
  return {
    upsertMany(exchange, symbol, rates) {
      return guard('funding_rates.upsertMany', async () => {
        if (rates.length === 0) return 0;
        await db.transaction().execute(async (trx) => {
          for (let i = 0; i < rates.length; i += CHUNK) {
            const rows = rates
              .slice(i, i + CHUNK)
              .map((r) => ({ exchange, symbol, ts: r.ts, rate: r.rate, mark_price: r.markPrice }));
            await trx
              .insertInto('funding_rates')
              .values(rows)
              .onConflict((oc) =>
                oc.columns(['exchange', 'symbol', 'ts']).doUpdateSet((eb) => ({
                  rate: eb.ref('excluded.rate'),
                  mark_price: eb.ref('excluded.mark_price'),
                })),
              )
              .execute();
          }
        });
        return rates.length;
      });
    },

    range(exchange, symbol, from, to) {
      return guard('funding_rates.range', async () => {
        let query = db
          .selectFrom('funding_rates')
          .select(['ts', 'rate', 'mark_price'])
          .where('exchange', '=', exchange)
          .where('symbol', '=', symbol)
          .orderBy('ts');
        if (from !== undefined) query = query.where('ts', '>=', from);
        if (to !== undefined) query = query.where('ts', '<=', to);
        const rows = await query.execute();
        return rows.map((r) => ({ ts: Number(r.ts), rate: r.rate, markPrice: r.mark_price }));
      });
    },

    latest(exchange, symbol) {
      return guard('funding_rates.latest', async () => {
        const r = await db
          .selectFrom('funding_rates')
          .select(['ts', 'rate', 'mark_price'])
          .where('exchange', '=', exchange)
          .where('symbol', '=', symbol)
          .orderBy('ts', 'desc')
          .limit(1)
          .executeTakeFirst();
        return r === undefined ? undefined : { ts: Number(r.ts), rate: r.rate, markPrice: r.mark_price };
      });
    },
  };
}
