/**
 * Flags shared by `backtest` and `optimize`: the market, the range, the costs and the account. A bad value
 * is a usage error (exit 2) naming the flag.
 */

import { constants } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { InstrumentOverrides } from '../../backtest/load-data.js';
import { DEFAULT_SETTINGS, type RunSettings } from '../../backtest/session.js';
import { QuantLabError } from '../../core/errors.js';
import type { SlippageModel } from '../../venues/simulated/types.js';
import {
  checkTimeRange,
  parseNonNegativeNumber,
  parsePositiveInt,
  parsePositiveNumber,
  parseTimeframeOption,
  parseTimeOption,
} from './data-options.js';

export interface RunFlags {
  exchange: string;
  symbol: string;
  timeframe: string;
  from?: number;
  to?: number;
  capital: number;
  feeTaker: number;
  feeMaker: number;
  slippageBps: number;
  slippageModel: 'fixed' | 'volatility-volume';
  spreadBps: number;
  impact: number;
  maxVolumeShare?: number;
  leverage: number;
  marginMode: 'cross' | 'isolated';
  maintenanceRate: number;
  liquidationFee: number;
  fill: 'next-open' | 'close';
  warmup?: number;
  kind?: 'spot' | 'swap';
  tickSize?: number;
  lotSize?: number;
  minSize?: number;
  contractValue?: number;
}

/** A fee rate: a fraction (0.001 = 0.1 %), may be negative (maker rebate), |rate| < 0.1. */
export function parseFeeRate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || Math.abs(n) >= 0.1)
    throw new InvalidArgumentError('expected a fee rate as a fraction, e.g. 0.0005 for 0.05 %');
  return n;
}

function parseFraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1)
    throw new InvalidArgumentError('expected a fraction in (0, 1]');
  return n;
}

function parseRate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1)
    throw new InvalidArgumentError('expected a rate in [0, 1)');
  return n;
}

function parseLeverage(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 1 || n > 125)
    throw new InvalidArgumentError('expected a leverage between 1 and 125');
  return n;
}

export function withRunFlags(command: Command): Command {
  const d = DEFAULT_SETTINGS;
  return command
    .requiredOption('--exchange <name>', 'exchange label the candles are stored under (okx, binance …)')
    .requiredOption('--symbol <symbols>', 'symbol, or several comma-separated for multi-leg strategies')
    .requiredOption('--timeframe <tf>', 'base timeframe: 1m, 5m, 1h, 1d …', parseTimeframeOption)
    .option('--from <time>', 'first candle to trade (earlier candles warm up)', parseTimeOption)
    .option('--to <time>', 'last candle (inclusive)', parseTimeOption)
    .option('--capital <n>', 'starting capital in the settle currency', parsePositiveNumber, d.capital)
    .option('--fee-taker <rate>', 'taker fee per fill, fraction', parseFeeRate, d.fees.taker)
    .option(
      '--fee-maker <rate>',
      'maker fee per fill, fraction (negative = rebate)',
      parseFeeRate,
      d.fees.maker,
    )
    .option(
      '--slippage-bps <n>',
      'fixed slippage on taker fills, basis points',
      parseNonNegativeNumber,
      d.slippageBps,
    )
    .addOption(
      new Option('--slippage-model <model>', 'fixed (bps) or volatility-volume')
        .choices(['fixed', 'volatility-volume'])
        .default('fixed'),
    )
    .option('--spread-bps <n>', 'volatility-volume model: quoted spread, bps', parseNonNegativeNumber, 2)
    .option('--impact <k>', 'volatility-volume model: impact coefficient', parseNonNegativeNumber, 1)
    .option('--max-volume-share <f>', "largest share of a bar's volume one order takes", parseFraction)
    .option('--leverage <n>', 'leverage for perpetual swaps', parseLeverage, d.leverage)
    .addOption(
      new Option('--margin-mode <mode>', 'cross or isolated').choices(['cross', 'isolated']).default('cross'),
    )
    .option('--maintenance-rate <rate>', 'maintenance margin rate', parseRate, d.maintenanceRate)
    .option(
      '--liquidation-fee <rate>',
      'liquidation fee, fraction of notional',
      parseRate,
      d.liquidationFeeRate,
    )
    .addOption(
      new Option('--fill <model>', 'market orders fill at the next open or at the signal close')
        .choices(['next-open', 'close'])
        .default('next-open'),
    )
    .option('--warmup <bars>', 'candles before --from loaded to warm indicators up', parsePositiveInt)
    .addOption(new Option('--kind <kind>', 'instrument kind when not stored').choices(['spot', 'swap']))
    .option('--tick-size <n>', 'price step when the instrument is not stored', parsePositiveNumber)
    .option('--lot-size <n>', 'quantity step when the instrument is not stored', parsePositiveNumber)
    .option('--min-size <n>', 'minimum order size when the instrument is not stored', parseNonNegativeNumber)
    .option('--contract-value <n>', 'contract size when the instrument is not stored', parsePositiveNumber);
}

export function runSettings(command: Command, flags: RunFlags): RunSettings {
  checkTimeRange(command, flags.from, flags.to);
  const symbols = flags.symbol
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (symbols.length === 0) command.error('error: --symbol names no symbol', { exitCode: 2 });
  const slippage: SlippageModel =
    flags.slippageModel === 'fixed'
      ? { kind: 'fixed', bps: flags.slippageBps }
      : { kind: 'volatility-volume', spreadBps: flags.spreadBps, impact: flags.impact };
  return {
    exchange: flags.exchange,
    symbols,
    timeframe: flags.timeframe,
    ...(flags.from === undefined ? {} : { from: flags.from }),
    ...(flags.to === undefined ? {} : { to: flags.to }),
    capital: flags.capital,
    fees: { maker: flags.feeMaker, taker: flags.feeTaker },
    slippage,
    fill: flags.fill,
    ...(flags.maxVolumeShare === undefined ? {} : { maxVolumeShare: flags.maxVolumeShare }),
    leverage: flags.leverage,
    marginMode: flags.marginMode,
    maintenanceRate: flags.maintenanceRate,
    liquidationFeeRate: flags.liquidationFee,
  };
}

export function instrumentOverrides(flags: RunFlags): InstrumentOverrides {
  return {
    ...(flags.kind === undefined ? {} : { kind: flags.kind }),
    ...(flags.tickSize === undefined ? {} : { tickSize: flags.tickSize }),
    ...(flags.lotSize === undefined ? {} : { lotSize: flags.lotSize }),
    ...(flags.minSize === undefined ? {} : { minSize: flags.minSize }),
    ...(flags.contractValue === undefined ? {} : { contractValue: flags.contractValue }),
  };
}

/** `--params` / `--space`: a JSON object, or a usage error. */
export function parseJsonObject(flag: string): (value: string) => Record<string, unknown> {
  return (value) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new InvalidArgumentError(
        `${flag} is not valid JSON (${error instanceof Error ? error.message : error})`,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new InvalidArgumentError(`${flag} must be a JSON object`);
    return parsed as Record<string, unknown>;
  };
}

/**
 * `--report FILE`: the absolute path, its folder checked before the run so a long run does not fail at the
 * end on a missing folder. Undefined without --report.
 */
export async function reportTarget(cwd: string, file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  const path = resolve(cwd, file);
  try {
    await access(dirname(path), constants.W_OK);
  } catch (error) {
    throw cannotWriteReport(path, error);
  }
  return path;
}

/** Writes the HTML report; a failure names the file (exit 1), not an internal error. */
export async function writeReport(path: string, html: string): Promise<void> {
  try {
    await writeFile(path, html);
  } catch (error) {
    throw cannotWriteReport(path, error);
  }
}

function cannotWriteReport(path: string, error: unknown): QuantLabError {
  return new QuantLabError(
    'QL_ERR_INVALID_INPUT',
    `--report: cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`,
    { details: { key: 'report', file: path } },
  );
}
