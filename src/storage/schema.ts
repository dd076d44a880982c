import type { ColumnType, Generated } from 'kysely';

/**
 * The database schema as Kysely sees it: one interface per table, snake_case columns as stored.
 * Conventions: timestamps are epoch milliseconds (bigint, read back as JS numbers); prices and sizes are
 * double precision; ids are text; JSON is TEXT on SQLite and jsonb on PostgreSQL, always read back as
 * its JSON text (see json.ts); booleans are 0/1 on SQLite and boolean on PostgreSQL (see json.ts).
 */

/** A JSON column: written and read as JSON text. */
export type JsonColumn = string;
/** A nullable JSON column. */
export type NullableJsonColumn = string | null;
/** A boolean column: written as 0/1, read as 0/1 (SQLite) or boolean (PostgreSQL). */
export type BoolColumn = ColumnType<number | boolean, number, number>;

export interface SchemaVersionTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface InstrumentsTable {
  exchange: string;
  symbol: string;
  kind: string;
  base: string;
  quote: string;
  settle: string | null;
  tick_size: number;
  lot_size: number;
  min_size: number;
  contract_value: number;
  inverse: BoolColumn;
  active: BoolColumn;
  raw: NullableJsonColumn;
  updated_at: number;
}

export interface CandlesTable {
  exchange: string;
  symbol: string;
  timeframe: string;
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface FundingRatesTable {
  exchange: string;
  symbol: string;
  ts: number;
  rate: number;
  mark_price: number | null;
}

export interface StrategiesTable {
  id: string;
  name: string;
  version: string;
  state: string;
  spec: JsonColumn;
  params: JsonColumn;
  created_at: number;
  updated_at: number;
}

export interface OrdersTable {
  client_order_id: string;
  venue_order_id: string | null;
  strategy_id: string | null;
  exchange: string;
  symbol: string;
  side: string;
  type: string;
  time_in_force: string | null;
  qty: number;
  price: number | null;
  stop_price: number | null;
  reduce_only: BoolColumn;
  status: string;
  filled_qty: number;
  avg_fill_price: number | null;
  fees: number;
  fee_currency: string | null;
  external: BoolColumn;
  created_at: number;
  updated_at: number;
  raw: NullableJsonColumn;
  account: string | null;
}

export interface FillsTable {
  exchange: string;
  trade_id: string;
  client_order_id: string | null;
  venue_order_id: string | null;
  strategy_id: string | null;
  symbol: string;
  side: string;
  qty: number;
  price: number;
  fee: number;
  fee_currency: string | null;
  liquidity: string | null;
  ts: number;
  raw: NullableJsonColumn;
  account: string | null;
}

export interface PositionsTable {
  exchange: string;
  symbol: string;
  /** '' for the account-level (not strategy-attributed) position. */
  strategy_id: string;
  qty: number;
  avg_price: number;
  realised_pnl: number;
  leverage: number | null;
  margin_mode: string | null;
  updated_at: number;
}

export interface EquitySnapshotsTable {
  scope: string;
  /** '' when the scope needs no id (the whole account). */
  scope_id: string;
  ts: number;
  equity: number;
  cash: number;
  unrealised_pnl: number;
  risk: NullableJsonColumn;
}

export interface SignalsTable {
  id: Generated<number>;
  strategy_id: string;
  ts: number;
  symbol: string;
  kind: string;
  payload: JsonColumn;
}

export interface TradeLogsTable {
  id: Generated<number>;
  ts: number;
  actor: string;
  action: string;
  subject: string;
  details: JsonColumn;
}

export interface BacktestResultsTable {
  id: string;
  strategy: string;
  params: JsonColumn;
  config: JsonColumn;
  metrics: JsonColumn;
  equity: JsonColumn;
  trades: JsonColumn;
  created_at: number;
}

export interface OptimizationRunsTable {
  id: string;
  strategy: string;
  config: JsonColumn;
  search: JsonColumn;
  trials: JsonColumn;
  best: NullableJsonColumn;
  analysis: JsonColumn;
  created_at: number;
}

export interface RiskRulesTable {
  scope: string;
  scope_id: string;
  rule: string;
  params: JsonColumn;
  enabled: BoolColumn;
  updated_at: number;
}

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  created_at: number;
}

export interface ApiCredentialsTable {
  id: string;
  user_id: string | null;
  exchange: string;
  label: string;
  /** base64 AES-256-GCM ciphertext; the plaintext is never stored. */
  ciphertext: string;
  iv: string;
  auth_tag: string;
  salt: string;
  created_at: number;
}

/** Version 2: one row per candle series; `version` increases with every write (cache invalidation). */
export interface CandleSeriesTable {
  exchange: string;
  symbol: string;
  timeframe: string;
  version: number;
  updated_at: number;
}

/** Version 2: candle rows that failed a quality check, with the reason and the raw row. */
export interface CandleQuarantineTable {
  id: Generated<number>;
  exchange: string;
  symbol: string;
  timeframe: string;
  ts: number | null;
  reason: string;
  raw: JsonColumn;
  source: string;
  detected_at: number;
}

/** Version 2: where a history download of [range_from, range_to] stopped. */
export interface DownloadCursorsTable {
  exchange: string;
  symbol: string;
  timeframe: string;
  kind: string;
  range_from: number;
  range_to: number;
  next_ts: number;
  updated_at: number;
}

export interface AccountLeasesTable {
  account_key: string;
  owner: string;
  acquired_at: number;
  expires_at: number;
}

export interface StrategyStateTable {
  strategy_id: string;
  state: JsonColumn;
  updated_at: number;
}

export interface DatabaseSchema {
  schema_version: SchemaVersionTable;
  instruments: InstrumentsTable;
  candles: CandlesTable;
  funding_rates: FundingRatesTable;
  strategies: StrategiesTable;
  orders: OrdersTable;
  fills: FillsTable;
  positions: PositionsTable;
  equity_snapshots: EquitySnapshotsTable;
  signals: SignalsTable;
  trade_logs: TradeLogsTable;
  backtest_results: BacktestResultsTable;
  optimization_runs: OptimizationRunsTable;
  risk_rules: RiskRulesTable;
  users: UsersTable;
  api_credentials: ApiCredentialsTable;
  candle_series: CandleSeriesTable;
  candle_quarantine: CandleQuarantineTable;
  download_cursors: DownloadCursorsTable;
  account_leases: AccountLeasesTable;
  strategy_state: StrategyStateTable;
}

export type TableName = keyof DatabaseSchema;
export type SqlDialect = 'sqlite' | 'postgres';
