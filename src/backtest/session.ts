/**
 * Turning what a user asked for (strategy names, parameters, market, costs) into runnable backtests:
 * resolved strategies and parameters, the series they need, their warm-up, and the stored configuration.
 * Shared by `quantlab backtest` and `quantlab optimize`.
 */

import { QuantLabError } from '../core/errors.js';
import type { Instrument } from '../core/instrument.js';
import { BUILTIN_STRATEGIES } from '../strategies/builtins/index.js';
import { resolveParams } from '../strategies/params.js';
import { type RegisteredStrategy, StrategyRegistry } from '../strategies/registry.js';
import type { StrategyDefinition, StrategySetup } from '../strategies/types.js';
import type { FeeSchedule, FillTiming, MarginMode, SlippageModel } from '../venues/simulated/types.js';
import { COMMIT, VERSION } from '../version.js';
import type { SeriesRequest } from './load-data.js';
import type { BacktestConfig } from './types.js';

/** Market and cost settings common to every run of one command. */
export interface RunSettings {
  readonly exchange: string;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly from?: number;
  readonly to?: number;
  readonly capital: number;
  readonly fees: FeeSchedule;
  readonly slippage: SlippageModel;
  readonly fill: FillTiming;
  readonly maxVolumeShare?: number;
  readonly leverage: number;
  readonly marginMode: MarginMode;
  readonly maintenanceRate: number;
  readonly liquidationFeeRate: number;
}

export const DEFAULT_SETTINGS = {
  capital: 10_000,
  fees: { maker: 0.0002, taker: 0.0005 },
  slippageBps: 0,
  fill: 'next-open' as FillTiming,
  leverage: 1,
  marginMode: 'cross' as MarginMode,
  maintenanceRate: 0.004,
  liquidationFeeRate: 0.005,
};

/**
 * Finds each strategy by name or spec file. Built-in names are resolved without reading the strategies
 * folder (a fast start); anything else loads the registry (plugins, packages, spec files).
 */
export async function resolveStrategies(
  names: readonly string[],
  cwd: string,
  strategiesDir: string,
): Promise<RegisteredStrategy[]> {
  const builtins = StrategyRegistry.builtinsOnly(BUILTIN_STRATEGIES, cwd);
  let registry: StrategyRegistry | undefined;
  const found: RegisteredStrategy[] = [];
  for (const name of names) {
    if (builtins.has(name)) {
      found.push(builtins.get(name));
      continue;
    }
    registry ??= await StrategyRegistry.load({ cwd, strategiesDir });
    found.push(await registry.resolve(name));
  }
  return found;
}

/** Parameters with defaults applied; throws QL_ERR_STRATEGY_PARAMS_INVALID naming the key. */
export function resolveStrategyParams(
  definition: StrategyDefinition,
  params: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  return resolveParams(definition, params ?? {}) as Record<string, unknown>;
}

/** The series a strategy needs (its subscriptions) plus the base series of every traded symbol. */
export function seriesRequests(
  definition: StrategyDefinition,
  params: Record<string, unknown>,
  setup: StrategySetup,
): SeriesRequest[] {
  // biome-ignore lint/suspicious/noExplicitAny: the definition's own params, already resolved
  const probe = definition.create({ params: params as any, setup });
  const requests: SeriesRequest[] = setup.symbols.map((symbol) => ({ symbol, timeframe: setup.timeframe }));
  for (const s of probe.subscriptions) {
    if (!requests.some((r) => r.symbol === s.symbol && r.timeframe === s.timeframe))
      requests.push({ symbol: s.symbol, timeframe: s.timeframe });
  }
  return requests;
}

/**
 * Base-timeframe candles loaded before `--from` so indicators are warm when trading starts: three times
 * the largest integer parameter (periods) or the largest declared warm-up, at least 100, at most 10,000.
 */
export function defaultWarmupBars(params: Record<string, unknown>): number {
  let largest = 0;
  for (const value of Object.values(params))
    if (typeof value === 'number' && Number.isInteger(value) && value > largest) largest = value;
  return Math.min(10_000, Math.max(100, 3 * largest));
}

export function backtestConfig(
  entry: RegisteredStrategy,
  params: Record<string, unknown>,
  settings: RunSettings,
  instruments: readonly Instrument[],
): BacktestConfig {
  return {
    strategy: entry.definition.name,
    strategyVersion: entry.definition.version,
    params,
    exchange: settings.exchange,
    symbols: settings.symbols,
    timeframe: settings.timeframe,
    ...(settings.from === undefined ? {} : { from: settings.from }),
    ...(settings.to === undefined ? {} : { to: settings.to }),
    capital: settings.capital,
    currency: instruments[0]!.settle,
    fees: settings.fees,
    slippage: settings.slippage,
    fill: settings.fill,
    ...(settings.maxVolumeShare === undefined ? {} : { maxVolumeShare: settings.maxVolumeShare }),
    leverage: settings.leverage,
    marginMode: settings.marginMode,
    maintenanceRate: settings.maintenanceRate,
    liquidationFeeRate: settings.liquidationFeeRate,
    codeVersion: `${VERSION}+${COMMIT}`,
  };
}

/** A leverage above what an instrument allows is a usage mistake (exit 2), caught before any work. */
export function checkLeverage(settings: RunSettings, instruments: readonly Instrument[]): void {
  for (const inst of instruments) {
    if (inst.kind === 'spot' || inst.maxLeverage === undefined || settings.leverage <= inst.maxLeverage)
      continue;
    throw new QuantLabError(
      'QL_ERR_USAGE',
      `--leverage ${settings.leverage} is above the ${inst.maxLeverage}× ${inst.symbol} allows.`,
      { details: { leverage: settings.leverage, maxLeverage: inst.maxLeverage, symbol: inst.symbol } },
    );
  }
}
