import { createAdminTables } from './initial/admin.js';
import { createMarketTables } from './initial/market.js';
import { createResearchTables } from './initial/research.js';
import { createTradingTables } from './initial/trading.js';
import type { Migration } from './types.js';
import { createMarketDataV2Tables } from './v2/market-data.js';
import { createOptimizationTables } from './v3/optimization.js';
import { createTradingSessionTables } from './v4/trading-sessions.js';

export type { ColumnTypes, Migration, MigrationContext } from './types.js';
export { columnTypes } from './types.js';

/** Every migration this code knows, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    async up(db, context) {
      await createMarketTables(db, context);
      await createTradingTables(db, context);
      await createResearchTables(db, context);
      await createAdminTables(db, context);
    },
  },
  { version: 2, name: 'market-data', up: createMarketDataV2Tables },
  { version: 3, name: 'optimization', up: createOptimizationTables },
  { version: 4, name: 'trading-sessions', up: createTradingSessionTables },
];
