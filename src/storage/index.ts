/** Storage: one Kysely database over SQLite or PostgreSQL, its migrations and repositories. */

export type { StorageLogger } from './context.js';
export {
  type CredentialCipher,
  createCredentialCipher,
  MIN_MASTER_KEY_LENGTH,
  type SealedSecret,
} from './credential-cipher.js';
export { type Database, type OpenDatabaseOptions, openDatabase } from './database.js';
export { JsonText } from './json.js';
export { MIGRATIONS } from './migrations/index.js';
export type { Migration, MigrationContext } from './migrations/types.js';
export type { MigrationStatus } from './migrator.js';
export type { AccountLease, AccountLeaseRepository } from './repositories/account-leases.js';
export type {
  ApiCredentialRecord,
  ApiCredentialRepository,
  CredentialSecrets,
} from './repositories/api-credentials.js';
export type {
  BacktestResultRecord,
  BacktestResultRepository,
  BacktestResultSummary,
} from './repositories/backtest-results.js';
export type { CandleColumns, CandleRepository, CandleSeries } from './repositories/candles.js';
export type {
  DownloadCursorKey,
  DownloadCursorRecord,
  DownloadCursorRepository,
} from './repositories/download-cursors.js';
export type {
  EquityScope,
  EquitySnapshotRecord,
  EquitySnapshotRepository,
} from './repositories/equity-snapshots.js';
export type { FillRecord, FillRepository } from './repositories/fills.js';
export type { FundingRateRecord, FundingRateRepository } from './repositories/funding-rates.js';
export type { Repositories } from './repositories/index.js';
export type { InstrumentRecord, InstrumentRepository } from './repositories/instruments.js';
export type {
  OptimizationRunRecord,
  OptimizationRunRepository,
  OptimizationRunSummary,
} from './repositories/optimization-runs.js';
export {
  type OrderRecord,
  type OrderRepository,
  type OrderUpdate,
  TERMINAL_ORDER_STATUSES,
} from './repositories/orders.js';
export type { PositionRecord, PositionRepository } from './repositories/positions.js';
export type { RiskRuleRecord, RiskRuleRepository, RiskScope } from './repositories/risk-rules.js';
export type { SignalInput, SignalRecord, SignalRepository } from './repositories/signals.js';
export type { StrategyRecord, StrategyRepository, StrategyState } from './repositories/strategies.js';
export type { StrategyStateRepository } from './repositories/strategy-state.js';
export type { TradeLogInput, TradeLogRecord, TradeLogRepository } from './repositories/trade-logs.js';
export type { UserRecord, UserRepository } from './repositories/users.js';
export type * from './schema.js';
export { type DatabaseTarget, parseDatabaseUrl, redactUrl } from './url.js';
