import type { StorageContext } from '../context.js';
import { type AccountLeaseRepository, createAccountLeaseRepository } from './account-leases.js';
import { type BacktestResultRepository, createBacktestResultRepository } from './backtest-results.js';
import { type CandleRepository, createCandleRepository } from './candles.js';
import { createDownloadCursorRepository, type DownloadCursorRepository } from './download-cursors.js';
import { createEquitySnapshotRepository, type EquitySnapshotRepository } from './equity-snapshots.js';
import { createFillRepository, type FillRepository } from './fills.js';
import { createFundingRateRepository, type FundingRateRepository } from './funding-rates.js';
import { createInstrumentRepository, type InstrumentRepository } from './instruments.js';
import { createOptimizationRunRepository, type OptimizationRunRepository } from './optimization-runs.js';
import { createOrderRepository, type OrderRepository } from './orders.js';
import { createPositionRepository, type PositionRepository } from './positions.js';
import { createRiskRuleRepository, type RiskRuleRepository } from './risk-rules.js';
import { createSignalRepository, type SignalRepository } from './signals.js';
import { createStrategyRepository, type StrategyRepository } from './strategies.js';
import { createStrategyStateRepository, type StrategyStateRepository } from './strategy-state.js';
import { createTradeLogRepository, type TradeLogRepository } from './trade-logs.js';
import { createUserRepository, type UserRepository } from './users.js';

/** Every repository that needs nothing but the connection (api credentials also need a cipher). */
export interface Repositories {
  instruments: InstrumentRepository;
  candles: CandleRepository;
  fundingRates: FundingRateRepository;
  downloadCursors: DownloadCursorRepository;
  strategies: StrategyRepository;
  orders: OrderRepository;
  fills: FillRepository;
  positions: PositionRepository;
  equitySnapshots: EquitySnapshotRepository;
  signals: SignalRepository;
  tradeLogs: TradeLogRepository;
  backtestResults: BacktestResultRepository;
  optimizationRuns: OptimizationRunRepository;
  riskRules: RiskRuleRepository;
  users: UserRepository;
  accountLeases: AccountLeaseRepository;
  strategyState: StrategyStateRepository;
}

export function createRepositories(ctx: StorageContext): Repositories {
  return {
    instruments: createInstrumentRepository(ctx),
    candles: createCandleRepository(ctx),
    fundingRates: createFundingRateRepository(ctx),
    downloadCursors: createDownloadCursorRepository(ctx),
    strategies: createStrategyRepository(ctx),
    orders: createOrderRepository(ctx),
    fills: createFillRepository(ctx),
    positions: createPositionRepository(ctx),
    equitySnapshots: createEquitySnapshotRepository(ctx),
    signals: createSignalRepository(ctx),
    tradeLogs: createTradeLogRepository(ctx),
    backtestResults: createBacktestResultRepository(ctx),
    optimizationRuns: createOptimizationRunRepository(ctx),
    riskRules: createRiskRuleRepository(ctx),
    users: createUserRepository(ctx),
    accountLeases: createAccountLeaseRepository(ctx),
    strategyState: createStrategyStateRepository(ctx),
  };
}
